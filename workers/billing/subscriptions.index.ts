import { createRouter } from "../lib/create-app";

export const subscriptionsRouter = createRouter();
