import type { Context } from "hono";
import { authenticate, bearerTokenOf, maybeAuth } from "../lib/auth";
import type { AppEnv } from "../lib/context";
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
 * Adds `likeCount` and `likedByMe` to a detail answer, either an object or a (cached) JSON
 * response; the counts are never cached with the detail, since they are per caller and change often.
 * @example return withLikes(c, "movie", id, await cachedJson(...))
 */
export async function withLikes(c: Context<AppEnv>, target: TargetKind, id: string, detail: Response | object): Promise<never> {
  const [likes, body, headers] =
    detail instanceof Response
      ? await Promise.all([summaryFor(c, target, id), detail.json() as Promise<object>, detail.headers])
      : [await summaryFor(c, target, id), detail, undefined];
  const response = new Response(JSON.stringify({ ...body, ...likes }), { status: 200, headers });
  response.headers.set("content-type", "application/json");
  return response as never;
}

async function summaryFor(c: Context<AppEnv>, target: TargetKind, id: string): Promise<LikeSummary> {
  return likeSummary(c.get("db"), target, id, await viewerId(c));
}
