import { and, desc, eq, exists, gt, inArray, isNull, lt, or } from "drizzle-orm";
import { movies, orders, showtimes, theaters, tickets } from "../db/schema";
import type { Db } from "../lib/context";
import { nowIso } from "../lib/ids";

const ticketColumns = {
  id: tickets.id,
  code: tickets.code,
  userId: tickets.userId,
  orderId: tickets.orderId,
  seatLabel: tickets.seatLabel,
  seatKind: tickets.seatKind,
  priceCents: tickets.priceCents,
  status: tickets.status,
  checkedInAt: tickets.checkedInAt,
  createdAt: tickets.createdAt,
  showtimeId: showtimes.id,
  startsAt: showtimes.startsAt,
  endsAt: showtimes.endsAt,
  showtimeStatus: showtimes.status,
  movieId: movies.id,
  movieTitle: movies.title,
  theaterName: theaters.name,
};

const withShowtime = (db: Db) =>
  db
    .select(ticketColumns)
    .from(tickets)
    .innerJoin(showtimes, eq(showtimes.id, tickets.showtimeId))
    .innerJoin(movies, eq(movies.id, showtimes.movieId))
    .innerJoin(theaters, eq(theaters.id, showtimes.theaterId));

export type TicketRow = NonNullable<Awaited<ReturnType<typeof findTicket>>>;

export async function findTicket(db: Db, code: string) {
  return withShowtime(db).where(eq(tickets.code, code)).get();
}

export async function listUserTickets(db: Db, userId: string, limit: number, after?: [string, string]) {
  const cursor = after
    ? or(lt(tickets.createdAt, after[0]), and(eq(tickets.createdAt, after[0]), lt(tickets.id, after[1])))
    : undefined;
  return withShowtime(db)
    .where(and(eq(tickets.userId, userId), cursor))
    .orderBy(desc(tickets.createdAt), desc(tickets.id))
    .limit(limit + 1)
    .all();
}

/**
 * Checks a valid ticket of `showtimeId` in, once, while its showtime is scheduled and has not
 * ended — every condition in the one UPDATE, so two scans at the same instant admit once and a
 * cancellation or a refund landing meanwhile wins. False when nothing changed (the caller reads why).
 */
export async function checkIn(db: Db, code: string, showtimeId: string): Promise<boolean> {
  const now = nowIso();
  const open = db
    .select({ id: showtimes.id })
    .from(showtimes)
    .where(and(eq(showtimes.id, showtimeId), eq(showtimes.status, "scheduled"), gt(showtimes.endsAt, now)));
  // A refund under way (`refunding`) has not voided the tickets yet; its order is no longer paid.
  const paid = db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.id, tickets.orderId), eq(orders.status, "paid")));
  const rows = await db
    .update(tickets)
    .set({ checkedInAt: now })
    .where(
      and(
        eq(tickets.code, code),
        eq(tickets.status, "valid"),
        isNull(tickets.checkedInAt),
        inArray(tickets.showtimeId, open),
        exists(paid),
      ),
    )
    .returning({ id: tickets.id });
  return rows.length > 0;
}
