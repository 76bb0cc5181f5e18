import type { Context } from "hono";
import { bearerTokenOf } from "../lib/auth";
import type { AppEnv } from "../lib/context";
import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { sha256, timingSafeEqual } from "../lib/ids";
import { flushMetrics, opsMetrics } from "../lib/metrics";
import * as routes from "./metrics.routes";
import { renderMetrics } from "./metrics.text";
import { platformCounts } from "./platform.queries";
import { breakerStates, transcodeQueue } from "./readings";

/** The scraper's bearer token against METRICS_TOKEN, compared as digests so neither length nor content leaks through timing. */
async function requireMetricsToken(c: Context<AppEnv>) {
  const expected = c.env.METRICS_TOKEN;
  if (!expected) throw new ApiError("service_unavailable", "Metrics are off: METRICS_TOKEN is not set");
  const token = bearerTokenOf(c.req.header("authorization")) ?? "";
  if (!timingSafeEqual(await sha256(token), await sha256(expected))) {
    throw new ApiError("unauthorized", "Send the metrics token as `Authorization: Bearer <METRICS_TOKEN>`", {
      headers: { "www-authenticate": 'Bearer realm="metrics"' },
    });
  }
}

/** GET /metrics: this isolate's buffer is flushed first, then the totals of every isolate are read. */
export const metricsRouter = createRouter().openapi(routes.metrics, async (c) => {
  await requireMetricsToken(c);
  await flushMetrics(c.env);
  const [snapshot, counts, queue, breakers] = await Promise.all([
    opsMetrics(c.env).snapshot(),
    platformCounts(c.get("db")),
    transcodeQueue(c.env),
    breakerStates(c.env).catch(() => null),
  ]);
  return c.text(renderMetrics({ snapshot, counts, queue, breakers }), 200, {
    "content-type": "text/plain; version=0.0.4; charset=utf-8",
    "cache-control": "no-store",
  });
});
