import { createRouter } from "../lib/create-app";

export const chargesRouter = createRouter();
