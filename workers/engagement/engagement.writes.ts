import { titleDetailChanged } from "../catalog/catalog.writes";
import type { FavoriteTarget, TitleType, WatchTarget } from "../db/schema";
import type { Db } from "../lib/context";
import * as activity from "./activity.queries";
import { bumpActivity } from "./activity-versions";
import * as likes from "./likes.queries";
import type { TargetRef } from "./targets";

/*
 * Engagement's writes that change what a cached read answers go through this module. Each runs
 * its D1 write, then (before the handler answers) moves on what that write makes stale:
 *
 *   a like on a movie or series    the title's cached detail, which carries its like count
 *                                  (title-pages.index.ts), through the catalog's titleDetailChanged
 *   a view or progress report on a the profile's activity version (activity-versions.ts), so the
 *   movie, series or episode, its  recommendations cached for it are computed again
 *   removal from history, and
 *   a favorite added or removed
 *
 * What stays as it is: likes on episodes, media and comments, and the other writes of this domain
 * (comments, playlists, reviews: their *.queries.ts), whose reads are answered from D1 each time.
 * Trending is not moved by writes at all: a cron trigger recomputes it every few minutes
 * (trending.ts, "Freshness").
 */

/** Likes or unlikes, idempotently; answers the thing's like count and whether `userId` likes it. */
export async function setLike(db: Db, env: Env, userId: string, ref: TargetRef, liked: boolean) {
  const summary = await likes.setLike(db, userId, ref, liked);
  if (ref.type === "movie" || ref.type === "series") await titleDetailChanged(env, ref.type, ref.id);
  return summary;
}

/** Records watch progress (and perhaps a view); a media item's leaves recommendations as they were. */
export async function recordProgress(db: Db, env: Env, input: activity.ProgressInput) {
  const recorded = await activity.recordProgress(db, input);
  // Recommendations read movies and series only.
  if (input.title.titleType !== "media") await bumpActivity(env, input.userId, input.profileId);
  return recorded;
}

/** Removes an item from a profile's history; false when it was not in it. */
export async function removeFromHistory(db: Db, env: Env, userId: string, profileId: string, target: TargetRef<WatchTarget>) {
  const removed = await activity.removeProgress(db, profileId, target);
  if (removed && removed.titleType !== "media") await bumpActivity(env, userId, profileId);
  return removed !== undefined;
}

/** Adds a favorite, idempotently; undefined when the thing went away meanwhile. */
export async function addFavorite(
  db: Db,
  env: Env,
  userId: string,
  profileId: string,
  target: TargetRef<FavoriteTarget>,
  title: { titleType: TitleType; titleId: string },
) {
  const result = await activity.addFavorite(db, profileId, target, title);
  if (result?.created) await bumpActivity(env, userId, profileId);
  return result;
}

/** Removes a favorite; false when it was not one. */
export async function removeFavorite(db: Db, env: Env, userId: string, profileId: string, target: TargetRef<FavoriteTarget>) {
  const removed = await activity.removeFavorite(db, profileId, target);
  if (removed) await bumpActivity(env, userId, profileId);
  return removed;
}
