import { and, asc, eq, gt, gte, lt, ne, or, sql } from "drizzle-orm";
import { movies, type SeatPrices, showtimes, theaters } from "../db/schema";
import type { Db } from "../lib/context";
import { newId, nowIso } from "../lib/ids";

const showtimeColumns = {
  id: showtimes.id,
  movieId: showtimes.movieId,
  movieTitle: movies.title,
  theaterId: showtimes.theaterId,
  theaterName: theaters.name,
  layout: theaters.layout,
  startsAt: showtimes.startsAt,
  endsAt: showtimes.endsAt,
  prices: showtimes.prices,
  currency: showtimes.currency,
  holdTtlSeconds: showtimes.holdTtlSeconds,
  status: showtimes.status,
  createdAt: showtimes.createdAt,
};

export type ShowtimeRow = Awaited<ReturnType<typeof findShowtime>> & {};

export async function findShowtime(db: Db, id: string) {
  return db
    .select(showtimeColumns)
    .from(showtimes)
    .innerJoin(movies, eq(movies.id, showtimes.movieId))
    .innerJoin(theaters, eq(theaters.id, showtimes.theaterId))
    .where(eq(showtimes.id, id))
    .get();
}

export async function findMovieRuntime(db: Db, movieId: string) {
  return db.select({ runtimeMinutes: movies.runtimeMinutes }).from(movies).where(eq(movies.id, movieId)).get();
}

/**
 * Inserts the showtime unless its theater was deleted or a scheduled one in the same theater overlaps it (each starts
 * before the other ends; `endsAt` is `showtimeEndsAt` of rules.ts, cleaning buffer included),
 * in one statement so two admins scheduling at once cannot both win. Null on overlap.
 */
export async function insertShowtime(
  db: Db,
  input: { movieId: string; theaterId: string; startsAt: string; endsAt: string; prices: SeatPrices; holdTtlSeconds: number },
): Promise<string | null> {
  const id = newId();
  const result = await db.run(sql`
    INSERT INTO showtimes (id, movie_id, theater_id, starts_at, ends_at, prices, currency, hold_ttl_seconds, status, created_at)
    SELECT ${id}, ${input.movieId}, ${input.theaterId}, ${input.startsAt}, ${input.endsAt}, ${JSON.stringify(input.prices)},
           'usd', ${input.holdTtlSeconds}, 'scheduled', ${nowIso()}
    WHERE EXISTS (SELECT 1 FROM theaters WHERE id = ${input.theaterId} AND deleted_at IS NULL)
    AND NOT EXISTS (
      SELECT 1 FROM showtimes
      WHERE theater_id = ${input.theaterId} AND status = 'scheduled'
        AND starts_at < ${input.endsAt} AND ends_at > ${input.startsAt})`);
  return result.meta.changes === 1 ? id : null;
}

export async function listShowtimes(
  db: Db,
  filter: { movie?: string; theater?: string; date?: string; limit: number; after?: [string, string] },
) {
  const range = filter.date
    ? and(gte(showtimes.startsAt, `${filter.date}T00:00:00.000Z`), lt(showtimes.startsAt, `${filter.date}T24`))
    : gte(showtimes.startsAt, nowIso());
  const after = filter.after
    ? or(gt(showtimes.startsAt, filter.after[0]), and(eq(showtimes.startsAt, filter.after[0]), gt(showtimes.id, filter.after[1])))
    : undefined;
  return db
    .select(showtimeColumns)
    .from(showtimes)
    .innerJoin(movies, eq(movies.id, showtimes.movieId))
    .innerJoin(theaters, eq(theaters.id, showtimes.theaterId))
    .where(
      and(
        ne(showtimes.status, "cancelled"),
        range,
        filter.movie ? eq(showtimes.movieId, filter.movie) : undefined,
        filter.theater ? eq(showtimes.theaterId, filter.theater) : undefined,
        after,
      ),
    )
    .orderBy(asc(showtimes.startsAt), asc(showtimes.id))
    .limit(filter.limit + 1)
    .all();
}

/** Marks the showtime cancelled; false when it already was (a retry then resumes the refunds). */
export async function markCancelled(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .update(showtimes)
    .set({ status: "cancelled", cancelledAt: nowIso() })
    .where(and(eq(showtimes.id, id), eq(showtimes.status, "scheduled")))
    .returning({ id: showtimes.id });
  return rows.length > 0;
}
