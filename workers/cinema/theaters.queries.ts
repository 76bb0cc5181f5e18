import { and, asc, count, eq, gt, isNull, or, sql } from "drizzle-orm";
import { showtimes, type TheaterLayout, theaters } from "../db/schema";
import type { Db } from "../lib/context";
import { newId, nowIso } from "../lib/ids";
import { seatsOf } from "./seat-map";

export type TheaterRow = typeof theaters.$inferSelect;

const sellableSeats = (layout: TheaterLayout) => seatsOf(layout).filter((s) => !s.blocked).length;

export async function createTheater(db: Db, name: string, layout: TheaterLayout): Promise<TheaterRow> {
  const seatCount = sellableSeats(layout);
  const [row] = await db.insert(theaters).values({ id: newId(), name, layout, seatCount, createdAt: nowIso() }).returning();
  return row;
}

export async function findTheater(db: Db, id: string) {
  return db
    .select()
    .from(theaters)
    .where(and(eq(theaters.id, id), isNull(theaters.deletedAt)))
    .get();
}

export async function listTheaters(db: Db, limit: number, after?: [string, string]) {
  const cursor = after ? or(gt(theaters.name, after[0]), and(eq(theaters.name, after[0]), gt(theaters.id, after[1]))) : undefined;
  return db
    .select()
    .from(theaters)
    .where(and(isNull(theaters.deletedAt), cursor))
    .orderBy(asc(theaters.name), asc(theaters.id))
    .limit(limit + 1)
    .all();
}

/**
 * A theater's showtimes that still matter to buyers: scheduled and not yet ended. While any
 * exists its seat map is fixed (each showtime's seats object was set up from it) and it stays.
 */
const activeShowtimes = (theaterId: string, now: string) =>
  and(eq(showtimes.theaterId, theaterId), eq(showtimes.status, "scheduled"), gt(showtimes.endsAt, now));

export async function countActiveShowtimes(db: Db, theaterId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(showtimes).where(activeShowtimes(theaterId, nowIso()));
  return row.n;
}

const noActiveShowtime = (theaterId: string, now: string) =>
  sql`NOT EXISTS (SELECT 1 FROM ${showtimes} WHERE ${activeShowtimes(theaterId, now)})`;

/**
 * Renames the theater and/or replaces its layout. A new layout is written only while no active
 * showtime uses the theater, checked in the same UPDATE, so a showtime scheduled at that moment
 * cannot end up with a seat map other than the one its seats object was given. Undefined when
 * nothing was written: no such theater, or (with a layout) an active showtime.
 */
export async function updateTheater(db: Db, id: string, change: { name?: string; layout?: TheaterLayout }) {
  const layout = change.layout ? { layout: change.layout, seatCount: sellableSeats(change.layout) } : {};
  const [row] = await db
    .update(theaters)
    .set({ ...(change.name === undefined ? {} : { name: change.name }), ...layout })
    .where(and(eq(theaters.id, id), isNull(theaters.deletedAt), change.layout ? noActiveShowtime(id, nowIso()) : undefined))
    .returning();
  return row as TheaterRow | undefined;
}

/** Hides the theater (soft delete) unless an active showtime uses it; false when nothing changed. */
export async function deleteTheater(db: Db, id: string): Promise<boolean> {
  const now = nowIso();
  const rows = await db
    .update(theaters)
    .set({ deletedAt: now })
    .where(and(eq(theaters.id, id), isNull(theaters.deletedAt), noActiveShowtime(id, now)))
    .returning({ id: theaters.id });
  return rows.length > 0;
}
