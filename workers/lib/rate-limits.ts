import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./context";

/** API-wide rate limits by class (skeleton). */
export const rateLimits = createMiddleware<AppEnv>(async (_c, next) => {
  await next();
});
