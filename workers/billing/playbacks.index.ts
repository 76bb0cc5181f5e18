import { createRouter } from "../lib/create-app";

export const playbacksRouter = createRouter();
