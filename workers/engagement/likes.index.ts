import type { Context } from "hono";
import { isForeignKeyViolation } from "../lib/constraints";
import type { AppEnv } from "../lib/context";
import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { readableComment } from "./comments.index";
import { setLike } from "./engagement.writes";
import * as routes from "./likes.routes";
import { kindNoun, resolveItem, type TargetKind } from "./targets";

async function toggle(c: Context<AppEnv>, type: TargetKind, liked: boolean) {
  const db = c.get("db");
  const auth = c.get("auth");
  const { id } = c.req.param() as { id: string };
  const notFound = new ApiError("not_found", `No such ${kindNoun[type]}`);
  if (type === "comment") {
    const row = await readableComment(c, id, auth);
    // Likes go to comments people can read as written: not to placeholders or those awaiting approval.
    if (!row || (liked && (row.deletedAt || row.status !== "visible"))) throw notFound;
  } else if (!(await resolveItem(db, auth, { type, id }))) {
    throw notFound;
  }
  try {
    const summary = await setLike(db, c.env, auth.userId, { type, id }, liked);
    return c.json({ liked: summary.likedByMe, likeCount: summary.likeCount }, 200);
  } catch (err) {
    if (isForeignKeyViolation(err)) throw notFound;
    throw err;
  }
}

export const likesRouter = createRouter()
  .openapi(routes.movieLike.like, (c) => toggle(c, "movie", true))
  .openapi(routes.movieLike.unlike, (c) => toggle(c, "movie", false))
  .openapi(routes.seriesLike.like, (c) => toggle(c, "series", true))
  .openapi(routes.seriesLike.unlike, (c) => toggle(c, "series", false))
  .openapi(routes.episodeLike.like, (c) => toggle(c, "episode", true))
  .openapi(routes.episodeLike.unlike, (c) => toggle(c, "episode", false))
  .openapi(routes.mediaLike.like, (c) => toggle(c, "media", true))
  .openapi(routes.mediaLike.unlike, (c) => toggle(c, "media", false))
  .openapi(routes.commentLike.like, (c) => toggle(c, "comment", true))
  .openapi(routes.commentLike.unlike, (c) => toggle(c, "comment", false));
