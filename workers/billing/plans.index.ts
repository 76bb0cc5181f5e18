import { createRouter } from "../lib/create-app";

export const plansRouter = createRouter();
