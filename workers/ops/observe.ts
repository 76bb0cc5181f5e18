import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { matchedRoutes } from "hono/route";
import type { AppEnv, AuthContext } from "../lib/context";
import { log } from "../lib/log";
import { recordRequest } from "../lib/metrics";

/**
 * The route template that answered (`/api/movies/:id`), never the raw path, so ids do not
 * multiply the series. Middleware is registered for every method; a handler for one. No
 * handler: "unmatched" for a 404, else the middleware's own pattern (a CORS preflight: `/api/*`).
 */
export function routeTemplate(c: Context<AppEnv>): string {
  const routes = matchedRoutes(c);
  for (let i = routes.length - 1; i >= 0; i--) {
    if (routes[i].method !== "ALL") return routes[i].path;
  }
  return c.res.status === 404 || routes.length === 0 ? "unmatched" : routes[routes.length - 1].path;
}

/**
 * Per request: `http_requests_total` and `http_request_duration_seconds` by route template
 * (buffered in the isolate, flushed to the OpsMetrics object in the background), and one
 * structured log line. `REQUEST_METRICS=off` and `REQUEST_LOG=off` turn either off: what
 * bench:overhead compares against, never a path production takes by default.
 */
export const observeRequests = createMiddleware<AppEnv>(async (c, next) => {
  const started = Date.now();
  await next();
  const metricsOn = c.env.REQUEST_METRICS !== "off";
  const logOn = c.env.REQUEST_LOG !== "off";
  if (!metricsOn && !logOn) return;
  const durationMs = Date.now() - started;
  const route = routeTemplate(c);
  const status = c.res.status;
  const userId = (c.var.auth as AuthContext | undefined)?.userId;
  if (metricsOn) {
    recordRequest(c.env, c.executionCtx, { route, method: c.req.method, status, seconds: durationMs / 1000, userId });
  }
  if (logOn) {
    const line = { requestId: c.var.requestId, method: c.req.method, route, path: c.req.path, status, durationMs, userId };
    if (status >= 500) log.error("request", line);
    else log.info("request", line);
  }
});
