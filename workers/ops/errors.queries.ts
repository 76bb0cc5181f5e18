import { and, desc, eq, gte, lt, or, type SQL } from "drizzle-orm";
import { type ErrorSource, errorLog } from "../db/schema";
import type { Db } from "../lib/context";
import { logWindow } from "./log-window";

export interface ErrorFilter {
  source?: ErrorSource;
  route?: string;
  from?: string;
  to?: string;
  limit: number;
  /** The `[at, id]` the previous page ended at. */
  after?: [string, string];
}

export type ErrorRow = typeof errorLog.$inferSelect;

/** Error rows, newest first (fetched `limit + 1` for `page()`). */
export async function listErrors(db: Db, filter: ErrorFilter): Promise<ErrorRow[]> {
  const where: (SQL | undefined)[] = [];
  if (filter.source !== undefined) where.push(eq(errorLog.source, filter.source));
  if (filter.route !== undefined) where.push(eq(errorLog.route, filter.route));
  const { since, before } = logWindow(filter.from, filter.to);
  if (since) where.push(gte(errorLog.at, since));
  if (before) where.push(lt(errorLog.at, before));
  if (filter.after) {
    const [at, id] = filter.after;
    where.push(or(lt(errorLog.at, at), and(eq(errorLog.at, at), lt(errorLog.id, id))));
  }
  return db
    .select()
    .from(errorLog)
    .where(and(...where))
    .orderBy(desc(errorLog.at), desc(errorLog.id))
    .limit(filter.limit + 1);
}

/** Deletes error rows older than `cutoff` (an ISO instant); answers how many went. */
export async function pruneErrors(db: Db, cutoff: string): Promise<number> {
  const result = await db.delete(errorLog).where(lt(errorLog.at, cutoff)).run();
  return result.meta.changes ?? 0;
}
