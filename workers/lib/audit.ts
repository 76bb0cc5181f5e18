import type { Context } from "hono";
import { auditLog } from "../db/schema";
import { clientOf } from "./client-address";
import type { AppEnv, AuthContext, WaitUntil } from "./context";
import { database } from "./db";
import { newId, nowIso } from "./ids";
import { log } from "./log";

export type AuditRow = typeof auditLog.$inferInsert;

/** What an audited action says about itself; who, from where and in which request are filled in. */
export interface AuditEntry {
  /** `<noun>.<verb>`, e.g. `auth.sign_in_failed`, `user.role_changed`, `order.refunded`. */
  action: string;
  targetType?: string;
  targetId?: string;
  detail?: Record<string, unknown>;
  /** Defaults to the signed-in caller; pass it when the actor is known otherwise (a sign-in). */
  actorId?: string | null;
  actorRole?: string | null;
}

/** Writes one audit row; an audit failure is logged, never the caller's failure. */
export async function writeAudit(env: Env, row: Omit<AuditRow, "id" | "at">): Promise<void> {
  try {
    await database(env.DB)
      .insert(auditLog)
      .values({ id: newId(), at: nowIso(), ...row });
  } catch (err) {
    log.error("audit_write_failed", { action: row.action, error: err instanceof Error ? err.message : String(err) });
  }
}

/**
 * Records an admin or moderator action or a security event of this request, before it answers.
 * @example await audit(c, { action: "invoice.voided", targetType: "invoice", targetId: id })
 */
export function audit(c: Context<AppEnv>, entry: AuditEntry): Promise<void> {
  const caller = c.var.auth as AuthContext | undefined;
  c.set("audited", true);
  return writeAudit(c.env, {
    action: entry.action,
    actorId: entry.actorId !== undefined ? entry.actorId : (caller?.userId ?? null),
    actorRole: entry.actorRole !== undefined ? entry.actorRole : (caller?.role ?? null),
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    clientAddress: clientOf(c),
    requestId: c.var.requestId ?? null,
    detail: entry.detail ?? {},
  });
}

/** For events outside a request (a Durable Object, a cron): written in the background. */
export function auditInBackground(env: Env, ctx: WaitUntil, row: Omit<AuditRow, "id" | "at">): void {
  ctx.waitUntil(writeAudit(env, row));
}
