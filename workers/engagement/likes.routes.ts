import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { IdParam } from "../lib/id-param";
import { jsonResponse } from "../lib/openapi";
import { kindNoun, type TargetKind } from "./targets";

export const LikeStateSchema = z.object({ liked: z.boolean(), likeCount: z.number().int() }).openapi("LikeState");

const authed = { security: bearerAuth, middleware: [requireAuth()], tags: ["social"] };

// Generic in `collection` with `as const` so each path stays a literal ("/movies/{id}/like"):
// a plain `string` would widen the typed client's (hc<AppType>) path keys to `string`.
function likeRoutes<C extends string>(kind: TargetKind, collection: C) {
  const path = `/${collection}/{id}/like` as const;
  return {
    like: createRoute({
      ...authed,
      method: "post",
      path,
      summary: `Like a ${kindNoun[kind]}`,
      description: "Idempotent: liking again changes nothing.",
      request: { params: IdParam },
      responses: { 200: jsonResponse(LikeStateSchema, "Liked"), ...pickErrors(400, 401, 404) },
    }),
    unlike: createRoute({
      ...authed,
      method: "delete",
      path,
      summary: `Take back a like on a ${kindNoun[kind]}`,
      description: "Idempotent: unliking something you do not like changes nothing.",
      request: { params: IdParam },
      responses: { 200: jsonResponse(LikeStateSchema, "Not liked"), ...pickErrors(400, 401, 404) },
    }),
  };
}

export const movieLike = likeRoutes("movie", "movies");
export const seriesLike = likeRoutes("series", "series");
export const episodeLike = likeRoutes("episode", "episodes");
export const mediaLike = likeRoutes("media", "media");
export const commentLike = likeRoutes("comment", "comments");
