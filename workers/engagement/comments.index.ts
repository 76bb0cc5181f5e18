import type { Context } from "hono";
import type { CommentTarget } from "../db/schema";
import { maybeAuth } from "../lib/auth";
import { isForeignKeyViolation } from "../lib/constraints";
import type { AppEnv, AuthContext } from "../lib/context";
import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { log } from "../lib/log";
import { decodeCursor, page } from "../lib/pagination";
import { notify } from "../notifications/notify";
import * as q from "./comments.queries";
import * as routes from "./comments.routes";
import { commentKinds } from "./comments.schemas";
import { fromRaw, nest, render, type ShownComment } from "./comments.view";
import { likeSummary } from "./likes.queries";
import { pickTarget, resolveItem, type TargetRef } from "./targets";

const NO_COMMENT = "No such comment";

/** The comment if `viewer` may read it and see what it is attached to; undefined answers 404. */
export async function readableComment(c: Context<AppEnv>, id: string, viewer: AuthContext | undefined) {
  const db = c.get("db");
  const row = await q.findComment(db, id);
  if (!row || !q.readable(row, viewer)) return undefined;
  if (!(await resolveItem(db, viewer, { type: row.targetType, id: row.targetId }))) return undefined;
  return row;
}

const shown = (row: q.CommentWithAuthor, liked = false): ShownComment => ({ ...row, liked });

async function renderOne(c: Context<AppEnv>, id: string, viewer: AuthContext) {
  const row = await q.findComment(c.get("db"), id);
  if (!row) throw new ApiError("not_found", NO_COMMENT);
  const { likedByMe } = await likeSummary(c.get("db"), "comment", id, viewer.userId);
  return render(shown(row, likedByMe), viewer);
}

async function listFor(c: Context<AppEnv>, kind: CommentTarget) {
  const db = c.get("db");
  const viewer = maybeAuth(c);
  const { id } = c.req.param() as { id: string };
  const query = c.req.valid("query" as never) as { limit: number; cursor?: string; sort: q.ThreadSort };
  const target: TargetRef<CommentTarget> = { type: kind, id };
  if (!(await resolveItem(db, viewer, target))) throw new ApiError("not_found", `No such ${kind}`);
  const after = decodeCursor(query.cursor);
  if (after && after.length !== (query.sort === "new" ? 1 : 2))
    throw new ApiError("bad_request", "The cursor is not one this API handed out");
  const [policy, { roots, replies }] = await Promise.all([
    q.commentPolicy(db, target),
    q.listThreads(db, viewer, target, { sort: query.sort, limit: query.limit, after }),
  ]);
  const pageOfRoots = page(
    roots,
    query.limit,
    (r) => (query.sort === "new" ? [r.id] : [r.like_count, r.id]),
    (r) => r,
  );
  const items = nest(pageOfRoots.items.map(fromRaw), replies.map(fromRaw), viewer);
  return c.json({ items, nextCursor: pageOfRoots.nextCursor, policy }, 200);
}

async function putPolicy(c: Context<AppEnv>, kind: CommentTarget) {
  const db = c.get("db");
  const auth = c.get("auth");
  const { id } = c.req.param() as { id: string };
  const { policy } = c.req.valid("json" as never) as { policy: "enabled" | "disabled" | "requires_approval" };
  const target = { type: kind, id };
  const item = await resolveItem(db, auth, target);
  if (!item) throw new ApiError("not_found", `No such ${kind}`);
  if (!q.isModerator(auth) && item.ownerId !== auth.userId)
    throw new ApiError("forbidden", "Only moderators (or the media's owner) set the comments policy");
  await q.setCommentPolicy(db, target, policy, auth.userId);
  return c.json({ policy }, 200);
}

async function moderate(c: Context<AppEnv>, action: q.ModerationAction) {
  const { id } = c.req.param() as { id: string };
  const db = c.get("db");
  const changed = await q.moderate(db, id, action);
  if (!changed) {
    if (!(await q.findComment(db, id))) throw new ApiError("not_found", NO_COMMENT);
    throw new ApiError(
      "conflict",
      `This comment cannot be ${action === "hide" ? "hidden" : action === "restore" ? "restored" : "removed"} in its current state`,
    );
  }
  log.info("comment_moderated", { commentId: id, action, by: c.get("auth").userId });
  return c.json(await renderOne(c, id, c.get("auth")), 200);
}

export const commentsRouter = createRouter()
  .openapi(routes.createComment, async (c) => {
    const db = c.get("db");
    const auth = c.get("auth");
    const input = c.req.valid("json");
    const target = pickTarget(commentKinds, input);
    const item = await resolveItem(db, auth, target);
    if (!item) throw new ApiError("not_found", `No such ${target.type}`);
    const policy = await q.commentPolicy(db, target);
    const privileged = q.isModerator(auth) || item.ownerId === auth.userId;
    if (policy === "disabled" && !privileged) throw new ApiError("forbidden", "Comments are turned off here");
    let parent: q.CommentWithAuthor | undefined;
    if (input.parentId) {
      parent = await q.findComment(db, input.parentId);
      if (!parent || parent.targetType !== target.type || parent.targetId !== target.id || !q.readable(parent, auth)) {
        throw new ApiError("not_found", "No such comment to reply to here");
      }
      if (parent.deletedAt || parent.status !== "visible")
        throw new ApiError("conflict", "That comment can no longer be replied to");
    }
    const status = policy === "requires_approval" && !privileged ? "pending" : "visible";
    let row: q.CommentRow;
    try {
      row = await q.insertComment(db, { userId: auth.userId, target, parent, body: input.body, status });
    } catch (err) {
      if (isForeignKeyViolation(err)) throw new ApiError("not_found", `No such ${target.type}`);
      throw err;
    }
    if (parent && parent.userId !== auth.userId && status === "visible") {
      await notify(c.env, c.executionCtx, parent.userId, "comment_reply", {
        commentId: row.id,
        parentId: parent.id,
        targetType: target.type,
        targetId: target.id,
        byUserId: auth.userId,
        byUsername: c.get("sessionUser")?.username ?? null,
        excerpt: input.body.slice(0, 140),
      });
    }
    return c.json(await renderOne(c, row.id, auth), 201, { location: `/api/comments/${row.id}` });
  })
  .openapi(routes.getComment, async (c) => {
    const viewer = maybeAuth(c);
    const { id } = c.req.valid("param");
    const row = await readableComment(c, id, viewer);
    if (!row) throw new ApiError("not_found", NO_COMMENT);
    const thread = (await q.loadThread(c.get("db"), viewer, row.rootId)).map(fromRaw);
    const self = thread.find((t) => t.id === id);
    if (!self) throw new ApiError("not_found", NO_COMMENT);
    return c.json(
      nest(
        [self],
        thread.filter((t) => t.depth > self.depth),
        viewer,
      )[0],
      200,
    );
  })
  .openapi(routes.editComment, async (c) => {
    const db = c.get("db");
    const auth = c.get("auth");
    const { id } = c.req.valid("param");
    const edited = await q.editComment(db, id, auth.userId, c.req.valid("json").body);
    if (!edited) {
      const row = await q.findComment(db, id);
      if (!row || row.userId !== auth.userId) throw new ApiError("not_found", NO_COMMENT);
      if (row.deletedAt || row.status === "removed")
        throw new ApiError("conflict", "A deleted or removed comment cannot be edited");
      throw new ApiError("conflict", "Comments can only be edited within 15 minutes of posting");
    }
    return c.json(await renderOne(c, id, auth), 200);
  })
  .openapi(routes.deleteComment, async (c) => {
    const { id } = c.req.valid("param");
    if (!(await q.deleteOwnComment(c.get("db"), id, c.get("auth").userId))) throw new ApiError("not_found", NO_COMMENT);
    return c.body(null, 204);
  })
  .openapi(routes.reportComment, async (c) => {
    const auth = c.get("auth");
    const { id } = c.req.valid("param");
    const reason = c.req.valid("json")?.reason;
    const row = await readableComment(c, id, auth);
    if (!row) throw new ApiError("not_found", NO_COMMENT);
    if (row.userId === auth.userId) throw new ApiError("unprocessable", "You cannot report your own comment");
    const created = await q.reportComment(c.get("db"), id, auth.userId, reason ?? null);
    return created ? c.json({ reason }, 201, { location: `/api/comments/${id}/report` }) : c.json({ reason }, 200);
  })
  .openapi(routes.hideComment, (c) => moderate(c, "hide"))
  .openapi(routes.restoreComment, (c) => moderate(c, "restore"))
  .openapi(routes.removeComment, (c) => moderate(c, "remove"))
  .openapi(routes.moderationQueue, async (c) => {
    const { status, limit, cursor } = c.req.valid("query");
    const after = decodeCursor(cursor);
    const rows = await q.moderationQueue(c.get("db"), status, limit, after ? String(after[0]) : undefined);
    const result = page(
      rows,
      limit,
      (r) => [r.id],
      (r) => render(fromRaw(r), c.get("auth")),
    );
    return c.json(result, 200);
  })
  .openapi(routes.movieComments.list, (c) => listFor(c, "movie"))
  .openapi(routes.seriesComments.list, (c) => listFor(c, "series"))
  .openapi(routes.episodeComments.list, (c) => listFor(c, "episode"))
  .openapi(routes.mediaComments.list, (c) => listFor(c, "media"))
  .openapi(routes.movieComments.policy, (c) => putPolicy(c, "movie"))
  .openapi(routes.seriesComments.policy, (c) => putPolicy(c, "series"))
  .openapi(routes.episodeComments.policy, (c) => putPolicy(c, "episode"))
  .openapi(routes.mediaComments.policy, (c) => putPolicy(c, "media"));
