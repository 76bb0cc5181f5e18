import { and, desc, eq, gt, inArray, isNull, lt, sql } from "drizzle-orm";
import { notifications } from "../db/schema";
import type { Db } from "../lib/context";
import { nowIso } from "../lib/ids";
import type { Notification } from "./notifications.schemas";

export type NotificationRow = typeof notifications.$inferSelect;

export const toNotification = (row: NotificationRow): Notification => ({
  id: row.id,
  kind: row.kind,
  payload: row.payload,
  createdAt: row.createdAt,
  readAt: row.readAt,
});

export async function insertNotifications(db: Db, rows: NotificationRow[]) {
  await db.insert(notifications).values(rows);
}

/** The inbox, newest first; `before` is the id the previous page ended at. */
export async function listInbox(db: Db, userId: string, opts: { unread?: boolean; limit: number; before?: string }) {
  const where = [eq(notifications.userId, userId)];
  if (opts.unread === true) where.push(isNull(notifications.readAt));
  if (opts.unread === false) where.push(sql`${notifications.readAt} IS NOT NULL`);
  if (opts.before) where.push(lt(notifications.id, opts.before));
  return db
    .select()
    .from(notifications)
    .where(and(...where))
    .orderBy(desc(notifications.id))
    .limit(opts.limit + 1);
}

/** Everything after `since`, oldest first, for replay on connect. */
export async function notificationsSince(db: Db, userId: string, since: string, limit: number) {
  return db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), gt(notifications.id, since)))
    .orderBy(notifications.id)
    .limit(limit);
}

export async function unreadIds(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return rows.map((r) => r.id);
}

export async function countUnread(db: Db, userId: string): Promise<number> {
  const row = await db
    .select({ n: sql<number>`count(*)` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .get();
  return row?.n ?? 0;
}

/** Marks one of the user's notifications read (keeping an earlier read time); undefined if it is not theirs. */
export async function markRead(db: Db, userId: string, id: string) {
  const [updated] = await db
    .update(notifications)
    .set({ readAt: sql`COALESCE(${notifications.readAt}, ${nowIso()})` })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .returning();
  return updated;
}

/** Marks every unread notification read in one statement; answers the ids it changed. */
export async function markAllRead(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .update(notifications)
    .set({ readAt: nowIso() })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.map((r) => r.id);
}

export async function findNotifications(db: Db, userId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), inArray(notifications.id, ids)));
}
