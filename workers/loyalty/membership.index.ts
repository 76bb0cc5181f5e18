import { createRouter } from "../lib/create-app";

export const membershipRouter = createRouter();
