import { createRoute, z } from "@hono/zod-openapi";
import { errorResponses, pickErrors } from "../lib/errors";

export const metrics = createRoute({
  tags: ["operations"],
  method: "get",
  path: "/metrics",
  summary: "Prometheus metrics (scraped with `Authorization: Bearer <METRICS_TOKEN>`)",
  description:
    "The text exposition format 0.0.4: HTTP requests and durations by route template, the transcode queue and jobs, uploads and bytes stored, WebSocket connections, seats held and sold, tickets and revenue, sign-ups, plays started and circuit-breaker states. Request counters are summed over every isolate.",
  responses: {
    200: { description: "The metrics", content: { "text/plain": { schema: z.string() } } },
    ...pickErrors(401),
    503: { description: "METRICS_TOKEN is not set, so nobody can scrape", content: errorResponses[401].content },
  },
});
