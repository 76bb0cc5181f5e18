import { and, desc, eq, lt, or, sql } from "drizzle-orm";
import { type FavoriteTarget, favorites, type TitleType, type WatchTarget, watchProgress } from "../db/schema";
import type { Db } from "../lib/context";
import { nowIso } from "../lib/ids";
import { rawRun } from "../lib/raw-batch";
import { refValues, type TargetRef } from "./targets";

/** A report past this position counts as a view (like PeerTube's threshold). */
export const VIEW_THRESHOLD_SECONDS = 10;
/** The same profile watching the same thing again within this window is the same view. */
export const VIEW_WINDOW_MS = 6 * 60 * 60 * 1000;
/** Watched this far, a thing is finished and leaves "continue watching". */
export const COMPLETED_RATIO = 0.9;

export interface ProgressInput {
  profileId: string;
  userId: string;
  target: TargetRef<WatchTarget>;
  title: { titleType: TitleType; titleId: string };
  positionSeconds: number;
  durationSeconds: number;
}

/**
 * Records where a profile is, and counts a view the first time a watch passes the threshold.
 * Both writes run in one transaction, so a view is never counted without its progress.
 */
export async function recordProgress(db: Db, input: ProgressInput, now = Date.now()) {
  const at = new Date(now).toISOString();
  const cutoff = new Date(now - VIEW_WINDOW_MS).toISOString();
  const refs = refValues(input.target);
  const completed = input.positionSeconds >= input.durationSeconds * COMPLETED_RATIO;
  const [counted, saved] = await db.batch([
    rawRun(
      db,
      sql`
      INSERT INTO views (profile_id, user_id, target_type, target_id, movie_id, episode_id, media_id, title_type, title_id, created_at)
      SELECT ${input.profileId}, ${input.userId}, ${refs.targetType}, ${refs.targetId}, ${refs.movieId ?? null}, ${refs.episodeId ?? null},
        ${refs.mediaId ?? null}, ${input.title.titleType}, ${input.title.titleId}, ${at}
      WHERE ${input.positionSeconds} >= ${VIEW_THRESHOLD_SECONDS} AND NOT EXISTS (
        SELECT 1 FROM views WHERE profile_id = ${input.profileId} AND target_type = ${refs.targetType}
          AND target_id = ${refs.targetId} AND created_at > ${cutoff})`,
    ),
    db
      .insert(watchProgress)
      .values({
        profileId: input.profileId,
        userId: input.userId,
        ...refs,
        ...input.title,
        positionSeconds: input.positionSeconds,
        durationSeconds: input.durationSeconds,
        completed,
        createdAt: at,
        updatedAt: at,
      })
      .onConflictDoUpdate({
        target: [watchProgress.profileId, watchProgress.targetType, watchProgress.targetId],
        set: { positionSeconds: input.positionSeconds, durationSeconds: input.durationSeconds, completed, updatedAt: at },
      })
      .returning(),
  ]);
  return { counted: counted.meta.changes > 0, progress: saved[0] };
}

export async function listHistory(
  db: Db,
  profileId: string,
  opts: { inProgress: boolean; limit: number; after?: [string, string, string] },
) {
  const where = [eq(watchProgress.profileId, profileId)];
  if (opts.inProgress) where.push(eq(watchProgress.completed, false));
  if (opts.after) {
    const [at, type, id] = opts.after;
    where.push(
      or(
        lt(watchProgress.updatedAt, at),
        and(eq(watchProgress.updatedAt, at), sql`(${watchProgress.targetType}, ${watchProgress.targetId}) < (${type}, ${id})`),
      )!,
    );
  }
  return db
    .select()
    .from(watchProgress)
    .where(and(...where))
    .orderBy(desc(watchProgress.updatedAt), desc(watchProgress.targetType), desc(watchProgress.targetId))
    .limit(opts.limit + 1);
}

/** Deletes a profile's progress on one item; what it was a part of (its title), or undefined when there was none. */
export async function removeProgress(db: Db, profileId: string, target: TargetRef<WatchTarget>) {
  const [removed] = await db
    .delete(watchProgress)
    .where(
      and(
        eq(watchProgress.profileId, profileId),
        eq(watchProgress.targetType, target.type),
        eq(watchProgress.targetId, target.id),
      ),
    )
    .returning({ titleType: watchProgress.titleType, titleId: watchProgress.titleId });
  return removed;
}

export async function addFavorite(
  db: Db,
  profileId: string,
  target: TargetRef<FavoriteTarget>,
  title: { titleType: TitleType; titleId: string },
) {
  const [created] = await db
    .insert(favorites)
    .values({ profileId, ...refValues(target), ...title, createdAt: nowIso() })
    .onConflictDoNothing()
    .returning();
  if (created) return { row: created, created: true };
  const existing = await db
    .select()
    .from(favorites)
    .where(and(eq(favorites.profileId, profileId), eq(favorites.targetType, target.type), eq(favorites.targetId, target.id)))
    .get();
  return existing ? { row: existing, created: false } : undefined;
}

export async function removeFavorite(db: Db, profileId: string, target: TargetRef<FavoriteTarget>) {
  const removed = await db
    .delete(favorites)
    .where(and(eq(favorites.profileId, profileId), eq(favorites.targetType, target.type), eq(favorites.targetId, target.id)))
    .returning({ id: favorites.targetId });
  return removed.length > 0;
}

export async function listFavorites(db: Db, profileId: string, limit: number, after?: [string, string, string]) {
  const where = [eq(favorites.profileId, profileId)];
  if (after) {
    const [at, type, id] = after;
    where.push(
      or(
        lt(favorites.createdAt, at),
        and(eq(favorites.createdAt, at), sql`(${favorites.targetType}, ${favorites.targetId}) < (${type}, ${id})`),
      )!,
    );
  }
  return db
    .select()
    .from(favorites)
    .where(and(...where))
    .orderBy(desc(favorites.createdAt), desc(favorites.targetType), desc(favorites.targetId))
    .limit(limit + 1);
}
