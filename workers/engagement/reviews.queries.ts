import { and, eq, sql } from "drizzle-orm";
import { reviews } from "../db/schema";
import type { Db } from "../lib/context";
import { newId, nowIso } from "../lib/ids";

export interface ReviewRow {
  id: string;
  movie_id: string;
  user_id: string;
  rating: number;
  body: string | null;
  created_at: string;
  updated_at: string;
  username: string;
  name: string;
  avatar_url: string | null;
  verified: number;
}

/**
 * Verified: the author saw the movie, by evidence the server made itself — a valid ticket to one
 * of its showtimes, or a playback the server started (`GET /movies/:id/playback` records a
 * `play_started` event with source `server` when it hands out the signed stream). Watch progress
 * (`POST /views`) and client-posted analytics events (source `client`) are what the browser says
 * happened, so they do not count: anyone could post them without playing a second.
 */
export const verifiedReview = sql`
    (EXISTS (SELECT 1 FROM tickets t JOIN showtimes s ON s.id = t.showtime_id
       WHERE t.user_id = r.user_id AND s.movie_id = r.movie_id AND t.status = 'valid')
     OR EXISTS (SELECT 1 FROM analytics_events e
       WHERE e.target_type = 'movie' AND e.target_id = r.movie_id AND e.user_id = r.user_id
         AND e.type = 'play_started' AND e.source = 'server')) AS verified`;

const selectReviews = sql`
  SELECT r.*, u.username, u.name, u.avatar_url, ${verifiedReview}
  FROM reviews r JOIN users u ON u.id = r.user_id`;

export async function findReview(db: Db, id: string) {
  const rows = await db.all<ReviewRow>(sql`${selectReviews} WHERE r.id = ${id}`);
  return rows[0];
}

export async function insertReview(db: Db, userId: string, input: { movieId: string; rating: number; body?: string | null }) {
  const now = nowIso();
  const id = newId();
  await db.insert(reviews).values({
    id,
    userId,
    movieId: input.movieId,
    rating: input.rating,
    body: input.body ?? null,
    createdAt: now,
    updatedAt: now,
  });
  return id;
}

export async function updateReview(db: Db, id: string, userId: string, changes: { rating?: number; body?: string | null }) {
  const updated = await db
    .update(reviews)
    .set({ ...changes, updatedAt: nowIso() })
    .where(and(eq(reviews.id, id), eq(reviews.userId, userId)))
    .returning({ id: reviews.id });
  return updated.length > 0;
}

export async function deleteReview(db: Db, id: string, userId: string | undefined) {
  const where = userId ? and(eq(reviews.id, id), eq(reviews.userId, userId)) : eq(reviews.id, id);
  const removed = await db.delete(reviews).where(where).returning({ id: reviews.id });
  return removed.length > 0;
}

export type ReviewSort = "new" | "rating_desc" | "rating_asc";

export async function listReviews(db: Db, movieId: string, sort: ReviewSort, limit: number, after?: (string | number)[]) {
  const conds = [sql`r.movie_id = ${movieId}`];
  if (after) {
    if (sort === "new") conds.push(sql`r.id < ${String(after[0])}`);
    else {
      const [rating, id] = [Number(after[0]), String(after[1])];
      const cmp = sort === "rating_desc" ? sql`<` : sql`>`;
      conds.push(sql`(r.rating ${cmp} ${rating} OR (r.rating = ${rating} AND r.id < ${id}))`);
    }
  }
  const order =
    sort === "new" ? sql`r.id DESC` : sort === "rating_desc" ? sql`r.rating DESC, r.id DESC` : sql`r.rating ASC, r.id DESC`;
  return db.all<ReviewRow>(sql`${selectReviews} WHERE ${sql.join(conds, sql` AND `)} ORDER BY ${order} LIMIT ${limit + 1}`);
}

export async function reviewStats(db: Db, movieId: string) {
  const rows = await db.all<{ rating: number; n: number }>(
    sql`SELECT rating, count(*) AS n FROM reviews WHERE movie_id = ${movieId} GROUP BY rating`,
  );
  const histogram = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } as Record<1 | 2 | 3 | 4 | 5, number>;
  let count = 0;
  let sum = 0;
  for (const r of rows) {
    histogram[r.rating as 1 | 2 | 3 | 4 | 5] = r.n;
    count += r.n;
    sum += r.rating * r.n;
  }
  return { average: count ? Math.round((sum / count) * 100) / 100 : null, count, histogram };
}
