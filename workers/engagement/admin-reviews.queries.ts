import { eq, type SQL, sql } from "drizzle-orm";
import { reviewReports, reviews, users } from "../db/schema";
import type { Db } from "../lib/context";
import { nowIso } from "../lib/ids";
import { type ReviewRow, verifiedReview } from "./reviews.queries";

export interface AdminReviewRow extends ReviewRow {
  email: string;
  movie_title: string;
  report_count: number;
}

export async function listAllReviews(
  db: Db,
  filter: { movieId?: string; rating?: number; reported?: boolean; userId?: string },
  limit: number,
  after?: string,
) {
  const conds: SQL[] = [sql`1 = 1`];
  if (filter.movieId) conds.push(sql`r.movie_id = ${filter.movieId}`);
  if (filter.userId) conds.push(sql`r.user_id = ${filter.userId}`);
  if (filter.rating) conds.push(sql`r.rating = ${filter.rating}`);
  if (filter.reported !== undefined) conds.push(filter.reported ? sql`r.report_count > 0` : sql`r.report_count = 0`);
  if (after) conds.push(sql`r.id < ${after}`);
  return db.all<AdminReviewRow>(sql`
    SELECT r.*, u.username, u.name, u.avatar_url, u.email, m.title AS movie_title, ${verifiedReview}
    FROM reviews r JOIN users u ON u.id = r.user_id JOIN movies m ON m.id = r.movie_id
    WHERE ${sql.join(conds, sql` AND `)} ORDER BY r.id DESC LIMIT ${limit + 1}`);
}

/**
 * Records one report per person; the count is recomputed in the same batch so a replay never counts twice.
 * Answers the stored report (the first one on a replay) and whether it is new.
 */
export async function reportReview(db: Db, reviewId: string, userId: string, reason: string) {
  const [inserted] = await db.batch([
    db.insert(reviewReports).values({ reviewId, userId, reason, createdAt: nowIso() }).onConflictDoNothing().returning(),
    db
      .update(reviews)
      .set({ reportCount: sql`(SELECT count(*) FROM review_reports WHERE review_id = ${reviewId})` })
      .where(eq(reviews.id, reviewId)),
  ]);
  if (inserted[0]) return { report: inserted[0], created: true };
  const report = await db
    .select()
    .from(reviewReports)
    .where(sql`${reviewReports.reviewId} = ${reviewId} AND ${reviewReports.userId} = ${userId}`)
    .get();
  return report ? { report, created: false } : undefined;
}

export async function removeReview(db: Db, id: string) {
  return db.delete(reviews).where(eq(reviews.id, id)).returning().get();
}

export const reviewAuthor = (db: Db, id: string) =>
  db.select({ userId: reviews.userId }).from(reviews).where(eq(reviews.id, id)).get();

export const userExists = async (db: Db, id: string) =>
  (await db.select({ id: users.id }).from(users).where(eq(users.id, id)).get()) !== undefined;
