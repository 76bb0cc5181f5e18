import { sql } from "drizzle-orm";
import type { Context } from "hono";
import { authenticate, bearerTokenOf, maybeAuth } from "../lib/auth";
import type { AppEnv, Db } from "../lib/context";
import { type LikeSummary, likeSummary } from "./likes.queries";
import type { TargetKind } from "./targets";

/** The caller's id on a route that may be read anonymously: a missing or unusable token reads as anonymous. */
async function viewerId(c: Context<AppEnv>): Promise<string | undefined> {
  const known = maybeAuth(c);
  if (known) return known.userId;
  const token = bearerTokenOf(c.req.header("authorization"));
  if (!token) return undefined;
  try {
    return (await authenticate(c.env, token)).auth.userId;
  } catch {
    return undefined;
  }
}

/**
 * Adds `likeCount` and `likedByMe` to a detail object that is not cached.
 * @example return withLikes(c, "episode", episode.id, episode)
 */
export async function withLikes(c: Context<AppEnv>, target: TargetKind, id: string, detail: object): Promise<never> {
  const likes = await likeSummary(c.get("db"), target, id, await viewerId(c));
  return c.json({ ...detail, ...likes }, 200) as never;
}

/**
 * A cacheable detail: `likeCount` with `likedByMe: false`, the anonymous reader's view. Titles
 * cached this way have their cache scope bumped by every like (engagement.writes.ts), so the
 * count is never stale.
 */
export async function withLikeCount<T extends object>(db: Db, target: TargetKind, id: string, detail: T) {
  const { likeCount } = await likeSummary(db, target, id);
  return { ...detail, likeCount, likedByMe: false } satisfies LikeSummary;
}

/**
 * Answers a cached detail built by `withLikeCount`, with `likedByMe` filled in for a signed-in
 * caller; anonymous callers get the cached response as it is.
 */
export async function withMyLike(c: Context<AppEnv>, target: TargetKind, id: string, cached: Response): Promise<never> {
  const userId = await viewerId(c);
  if (!userId) return cached as never;
  const [detail, mine] = await Promise.all([
    cached.json() as Promise<object>,
    c.get("db").get(sql`SELECT 1 FROM likes WHERE user_id = ${userId} AND target_type = ${target} AND target_id = ${id}`),
  ]);
  const response = c.json({ ...detail, likedByMe: mine !== undefined }, 200);
  response.headers.set("x-cache", cached.headers.get("x-cache") ?? "miss");
  return response as never;
}
