import { createRouter } from "../lib/create-app";

export const rewardsRouter = createRouter();
