import { createRoute } from "@hono/zod-openapi";
import { requireAdmin } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { jsonResponse } from "../lib/openapi";
import { MonitorSummarySchema } from "./monitor.schemas";

export const monitorSummary = createRoute({
  security: bearerAuth,
  tags: ["operations"],
  middleware: [requireAdmin],
  method: "get",
  path: "/admin/monitor/summary",
  summary: "The system at a glance: traffic, errors, latency, queue, transcoder, people, storage, breakers (admin)",
  description:
    "Request figures cover the last five minutes across every isolate (each flushes its counters into one Durable Object, this one first). The queue's backlog is reported only when the queue can tell (`queue.known`); it is never estimated.",
  responses: { 200: jsonResponse(MonitorSummarySchema, "The summary, computed now"), ...pickErrors(401, 403) },
});
