import { and, eq, sql } from "drizzle-orm";
import { comments, likes } from "../db/schema";
import type { Db } from "../lib/context";
import { nowIso } from "../lib/ids";
import { refValues, type TargetKind, type TargetRef } from "./targets";

export interface LikeSummary {
  likeCount: number;
  likedByMe: boolean;
}

/**
 * How many people like a thing and whether `userId` is one of them, for the thing's detail.
 * @example const { likeCount, likedByMe } = await likeSummary(db, "movie", id, auth?.userId)
 */
export async function likeSummary(db: Db, target: TargetKind, id: string, userId?: string): Promise<LikeSummary> {
  const row = await db.get<{ n: number; mine: number }>(
    sql`SELECT count(*) AS n, coalesce(max(user_id = ${userId ?? ""}), 0) AS mine FROM likes WHERE target_type = ${target} AND target_id = ${id}`,
  );
  return { likeCount: row?.n ?? 0, likedByMe: (row?.mine ?? 0) === 1 };
}

/** Likes or unlikes, idempotently; a comment's cached like count is recounted in the same transaction. */
export async function setLike(db: Db, userId: string, ref: TargetRef, liked: boolean): Promise<LikeSummary> {
  const write = liked
    ? db
        .insert(likes)
        .values({ userId, ...refValues(ref), createdAt: nowIso() })
        .onConflictDoNothing()
    : db.delete(likes).where(and(eq(likes.userId, userId), eq(likes.targetType, ref.type), eq(likes.targetId, ref.id)));
  if (ref.type === "comment") {
    await db.batch([
      write,
      db
        .update(comments)
        .set({ likeCount: sql`(SELECT count(*) FROM likes WHERE target_type = 'comment' AND target_id = ${ref.id})` })
        .where(eq(comments.id, ref.id)),
    ]);
  } else {
    await write;
  }
  return likeSummary(db, ref.type, ref.id, userId);
}
