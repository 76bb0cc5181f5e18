import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../lib/context";

/** Per request: metrics by route template, one structured log line (skeleton). */
export const observeRequests = createMiddleware<AppEnv>(async (_c, next) => {
  await next();
});
