import { and, desc, eq, gte, like, lt, or, type SQL } from "drizzle-orm";
import { auditLog, type Role, roles, users } from "../db/schema";
import type { Db } from "../lib/context";
import type { AuditEntryView } from "./audit.schemas";
import { logWindow } from "./log-window";

export interface AuditFilter {
  /** A user id, or an email (case-insensitive). */
  actor?: string;
  /** Exact, or a prefix written `order.*` (or `order.`). */
  action?: string;
  target?: string;
  from?: string;
  to?: string;
  limit: number;
  /** The `[at, id]` the previous page ended at. */
  after?: [string, string];
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

function actionCondition(action: string): SQL {
  const prefix = action.endsWith(".*") ? action.slice(0, -1) : action.endsWith(".") ? action : null;
  return prefix === null ? eq(auditLog.action, action) : like(auditLog.action, `${escapeLike(prefix)}%`);
}

/** Audit rows, newest first, with the actor's email (fetched `limit + 1` for `page()`). */
export async function listAudit(db: Db, filter: AuditFilter) {
  const where: (SQL | undefined)[] = [];
  if (filter.actor !== undefined) {
    where.push(filter.actor.includes("@") ? eq(users.email, filter.actor.toLowerCase()) : eq(auditLog.actorId, filter.actor));
  }
  if (filter.action !== undefined) where.push(actionCondition(filter.action));
  if (filter.target !== undefined) where.push(eq(auditLog.targetId, filter.target));
  const { since, before } = logWindow(filter.from, filter.to);
  if (since) where.push(gte(auditLog.at, since));
  if (before) where.push(lt(auditLog.at, before));
  if (filter.after) {
    const [at, id] = filter.after;
    where.push(or(lt(auditLog.at, at), and(eq(auditLog.at, at), lt(auditLog.id, id))));
  }
  return db
    .select({ row: auditLog, email: users.email })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(...where))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(filter.limit + 1);
}

export type AuditListRow = Awaited<ReturnType<typeof listAudit>>[number];

const isRole = (value: string | null): value is Role => roles.includes(value as Role);

export const toAuditEntry = ({ row, email }: AuditListRow): AuditEntryView => ({
  id: row.id,
  at: row.at,
  action: row.action,
  actor: row.actorId === null ? null : { id: row.actorId, email, role: isRole(row.actorRole) ? row.actorRole : null },
  targetType: row.targetType,
  targetId: row.targetId,
  clientAddress: row.clientAddress,
  requestId: row.requestId,
  detail: row.detail,
});

/** Deletes audit rows older than `cutoff` (an ISO instant); answers how many went. */
export async function pruneAudit(db: Db, cutoff: string): Promise<number> {
  const result = await db.delete(auditLog).where(lt(auditLog.at, cutoff)).run();
  return result.meta.changes ?? 0;
}
