import { z } from "@hono/zod-openapi";
import { roles } from "../db/schema";
import { PageQuery } from "../lib/pagination";
import { LogBound } from "./log-window";

export const AuditQuery = PageQuery.extend({
  actor: z.string().trim().min(1).max(254).optional().openapi({ description: "The actor's user id or email" }),
  action: z
    .string()
    .trim()
    .regex(/^[a-z0-9_]+(\.[a-z0-9_]+)*(\.\*?)?$/, "An action (`order.refunded`) or a prefix (`order.*`)")
    .max(100)
    .optional()
    .openapi({ example: "order.*", description: "An exact action, or every action under a prefix: `order.*`" }),
  target: z.string().trim().min(1).max(200).optional().openapi({ description: "The target's id" }),
  from: LogBound.optional(),
  to: LogBound.optional().openapi({ description: "A UTC day (the whole day is included) or an ISO 8601 instant" }),
});

export const AuditEntrySchema = z
  .object({
    id: z.string(),
    at: z.string(),
    action: z.string().openapi({ example: "order.refunded" }),
    actor: z
      .object({
        id: z.string(),
        email: z.string().nullable(),
        role: z.enum(roles).nullable().openapi({ description: "The actor's role when they acted" }),
      })
      .nullable()
      .openapi({ description: "Null for an anonymous event (a failed sign-in, a rate-limit block)" }),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    clientAddress: z.string().nullable(),
    requestId: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()),
  })
  .openapi("AuditEntry");

export type AuditEntryView = z.infer<typeof AuditEntrySchema>;
