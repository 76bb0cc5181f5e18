import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * The audit log (StreamFlow's "acciones"): every admin or moderator action and security event.
 * Append-only; the cron prunes rows older than 90 days.
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    at: text("at").notNull(),
    // e.g. auth.sign_in, auth.sign_in_failed, user.role_changed, order.refunded, invoice.voided
    action: text("action").notNull(),
    // null for anonymous events (a failed sign-in for an unknown account, a rate-limit block)
    actorId: text("actor_id"),
    actorRole: text("actor_role"),
    targetType: text("target_type"),
    targetId: text("target_id"),
    clientAddress: text("client_address"),
    requestId: text("request_id"),
    detail: text("detail", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at, t.id),
    index("audit_log_actor_idx").on(t.actorId, t.at),
    index("audit_log_action_idx").on(t.action, t.at),
    index("audit_log_target_idx").on(t.targetId, t.at),
  ],
);

export const errorSources = ["request", "queue", "cron", "email", "durable_object"] as const;
export type ErrorSource = (typeof errorSources)[number];

/** The error log ("errores"): every 5xx and every failed background job, for admins only. */
export const errorLog = sqliteTable(
  "error_log",
  {
    id: text("id").primaryKey(),
    at: text("at").notNull(),
    source: text("source", { enum: errorSources }).notNull(),
    requestId: text("request_id"),
    // The route template ("/api/movies/:id") for a request; the queue, cron or job name otherwise.
    route: text("route"),
    method: text("method"),
    status: integer("status"),
    message: text("message").notNull(),
    stack: text("stack"),
    detail: text("detail", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index("error_log_at_idx").on(t.at, t.id), index("error_log_source_idx").on(t.source, t.at)],
);
