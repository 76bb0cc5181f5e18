import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import { follows, users } from "../db/schema";
import type { Db } from "../lib/context";
import { nowIso } from "../lib/ids";

export type FollowRow = typeof follows.$inferSelect;

/** Follows `followeeId`; answers the new row, or the existing one with `created: false`. */
export async function follow(db: Db, followerId: string, followeeId: string) {
  const [created] = await db
    .insert(follows)
    .values({ followerId, followeeId, createdAt: nowIso() })
    .onConflictDoNothing()
    .returning();
  if (created) return { row: created, created: true };
  const existing = await db
    .select()
    .from(follows)
    .where(and(eq(follows.followerId, followerId), eq(follows.followeeId, followeeId)))
    .get();
  return existing ? { row: existing, created: false } : null;
}

export async function unfollow(db: Db, followerId: string, followeeId: string): Promise<boolean> {
  const removed = await db
    .delete(follows)
    .where(and(eq(follows.followerId, followerId), eq(follows.followeeId, followeeId)))
    .returning({ followerId: follows.followerId });
  return removed.length > 0;
}

/**
 * One side of a user's follow graph, newest first, skipping deleted accounts. `after` is the
 * `[createdAt, userId]` the previous page ended at.
 */
export async function listFollows(
  db: Db,
  userId: string,
  side: "followers" | "following",
  opts: { limit: number; after?: [string, string] },
) {
  const self = side === "followers" ? follows.followeeId : follows.followerId;
  const other = side === "followers" ? follows.followerId : follows.followeeId;
  const where = [eq(self, userId), isNull(users.deletedAt)];
  if (opts.after) {
    const [at, id] = opts.after;
    where.push(or(lt(follows.createdAt, at), and(eq(follows.createdAt, at), lt(other, id)))!);
  }
  return db
    .select({
      id: users.id,
      username: users.username,
      name: users.name,
      avatarUrl: users.avatarUrl,
      followedAt: follows.createdAt,
    })
    .from(follows)
    .innerJoin(users, eq(users.id, other))
    .where(and(...where))
    .orderBy(desc(follows.createdAt), desc(other))
    .limit(opts.limit + 1);
}
