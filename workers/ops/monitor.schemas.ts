import { z } from "@hono/zod-openapi";
import { breakerNames } from "../lib/circuit-breaker.contract";

const ms = z.number().nullable();

export const BreakerSchema = z
  .object({
    name: z.enum(breakerNames),
    state: z.enum(["closed", "open", "half_open"]),
    failures: z.number().int().openapi({ description: "Consecutive failures since the last success" }),
    openedAt: z.string().nullable(),
    retryAt: z.string().nullable().openapi({ description: "When an open breaker lets its next trial call through" }),
  })
  .openapi("CircuitBreakerState");

export const MonitorSummarySchema = z
  .object({
    generatedAt: z.string(),
    deployment: z.object({
      versionId: z.string().nullable().openapi({ description: "The deployment's version id (null when the runtime gives none)" }),
      deployedAt: z.string().nullable().openapi({
        description: "When this version was uploaded, or else when the platform first saw it serve (a local run)",
      }),
      uptimeSeconds: z.number().int().min(0),
    }),
    requests: z.object({
      windowSeconds: z.number().int().openapi({
        description: "The span counted: the last five minutes, from the start of the minute they begin in",
      }),
      total: z.number().int(),
      perSecond: z.number(),
      errors5xx: z.number().int(),
      errorRate: z.number().min(0).max(1).openapi({ description: "Share of those requests answered 5xx (0 when none came)" }),
      p95Ms: ms.openapi({
        description:
          "95th-percentile latency, interpolated within the request-duration histogram's buckets; null with no requests. Beyond the largest bucket it reads as that bucket's bound.",
      }),
    }),
    queue: z.object({
      known: z.boolean().openapi({ description: "Whether the queue reported its backlog (false: depth and age are unknown)" }),
      depth: z.number().int().nullable().openapi({ description: "Messages in the transcode queue; null when unknown" }),
      oldestMessageAgeSeconds: z.number().int().nullable(),
    }),
    transcoder: z.object({
      status: z.enum(["up", "down"]),
      latencyMs: ms,
      jobsRunning: z.number().int(),
      jobsQueued: z.number().int(),
      jobsWaiting: z.number().int().openapi({ description: "Queued jobs held back while the transcoder's breaker is open" }),
      jobsFailed: z.number().int(),
    }),
    sessions: z.object({
      activeEstimate: z.number().int().openapi({ description: "Signed-in people who made a request in the last 15 minutes" }),
      windowSeconds: z.number().int(),
    }),
    users: z.object({ total: z.number().int() }),
    websockets: z.object({ open: z.number().int() }),
    storage: z.object({
      bytes: z.number().int().openapi({ description: "Uploaded originals plus every conversion output, in R2" }),
      objects: z.number().int(),
      originalsBytes: z.number().int(),
      outputsBytes: z.number().int(),
    }),
    breakers: z.array(BreakerSchema),
  })
  .openapi("MonitorSummary");
export type MonitorSummary = z.infer<typeof MonitorSummarySchema>;
