import { createRouter } from "../lib/create-app";

export const invoicesRouter = createRouter();
