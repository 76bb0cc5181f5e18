import { and, desc, eq, lt, or } from "drizzle-orm";
import { movies, showtimes, theaters, tickets, users } from "../db/schema";
import type { Db } from "../lib/context";

export interface TicketFilter {
  showtimeId?: string;
  userId?: string;
  status?: (typeof tickets.$inferSelect)["status"];
}

/** Tickets across every account, newest first, with their showtime and holder; `after` is the last row's [createdAt, id]. */
export async function listAllTickets(db: Db, filter: TicketFilter, limit: number, after?: [string, string]) {
  const cursor = after
    ? or(lt(tickets.createdAt, after[0]), and(eq(tickets.createdAt, after[0]), lt(tickets.id, after[1])))
    : undefined;
  return db
    .select({
      id: tickets.id,
      code: tickets.code,
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
      movieId: movies.id,
      movieTitle: movies.title,
      theaterName: theaters.name,
      holderId: users.id,
      holderName: users.name,
      holderUsername: users.username,
      holderEmail: users.email,
    })
    .from(tickets)
    .innerJoin(showtimes, eq(showtimes.id, tickets.showtimeId))
    .innerJoin(movies, eq(movies.id, showtimes.movieId))
    .innerJoin(theaters, eq(theaters.id, showtimes.theaterId))
    .innerJoin(users, eq(users.id, tickets.userId))
    .where(
      and(
        filter.showtimeId ? eq(tickets.showtimeId, filter.showtimeId) : undefined,
        filter.userId ? eq(tickets.userId, filter.userId) : undefined,
        filter.status ? eq(tickets.status, filter.status) : undefined,
        cursor,
      ),
    )
    .orderBy(desc(tickets.createdAt), desc(tickets.id))
    .limit(limit + 1)
    .all();
}

export type AdminTicketRow = Awaited<ReturnType<typeof listAllTickets>>[number];

export const userExists = async (db: Db, id: string) =>
  (await db.select({ id: users.id }).from(users).where(eq(users.id, id)).get()) !== undefined;
