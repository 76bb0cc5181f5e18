import { z } from "@hono/zod-openapi";
import { errorSources } from "../db/schema";
import { PageQuery } from "../lib/pagination";
import { LogBound } from "./log-window";

export const ErrorSourceSchema = z.enum(errorSources).openapi("ErrorSource");

export const ErrorsQuery = PageQuery.extend({
  source: ErrorSourceSchema.optional(),
  route: z
    .string()
    .trim()
    .min(1)
    .max(300)
    .optional()
    .openapi({ example: "/api/movies/:id", description: "A route template, or the queue, cron task or job that failed" }),
  from: LogBound.optional(),
  to: LogBound.optional().openapi({ description: "A UTC day (the whole day is included) or an ISO 8601 instant" }),
});

export const ErrorEntrySchema = z
  .object({
    id: z.string(),
    at: z.string(),
    source: ErrorSourceSchema,
    requestId: z.string().nullable(),
    route: z.string().nullable(),
    method: z.string().nullable(),
    status: z.number().int().nullable(),
    message: z.string(),
    stack: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()),
  })
  .openapi("ErrorEntry");
