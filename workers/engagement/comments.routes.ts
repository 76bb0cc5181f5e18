import { createRoute } from "@hono/zod-openapi";
import { optionalAuth, requireAuth } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { IdParam } from "../lib/id-param";
import { jsonBody, jsonResponse } from "../lib/openapi";
import { pageOf } from "../lib/pagination";
import {
  CommentEditSchema,
  CommentSchema,
  NewCommentSchema,
  PolicySchema,
  QueueQuery,
  ReportSchema,
  ThreadPageSchema,
  ThreadQuery,
} from "./comments.schemas";
import { kindNoun, type TargetKind } from "./targets";

const tags = ["social"];
const authed = { security: bearerAuth, middleware: [requireAuth()], tags };
const moderators = { security: bearerAuth, middleware: [requireAuth("moderator", "admin")], tags };

export const createComment = createRoute({
  ...authed,
  method: "post",
  path: "/comments",
  summary: "Comment on a title or media item, or reply to a comment",
  description:
    "The body is trimmed (1–5,000 characters) and HTML-escaped on output. On a title whose policy is `requires_approval` the comment is `pending` (seen by its author and moderators) until a moderator restores it; on a `disabled` title it is refused with 403.",
  request: { body: jsonBody(NewCommentSchema) },
  responses: { 201: jsonResponse(CommentSchema, "The comment"), ...pickErrors(400, 401, 403, 404, 409) },
});

export const getComment = createRoute({
  tags,
  middleware: [optionalAuth],
  method: "get",
  path: "/comments/{id}",
  summary: "One comment with the replies under it",
  request: { params: IdParam },
  responses: { 200: jsonResponse(CommentSchema, "The comment"), ...pickErrors(401, 404) },
});

export const editComment = createRoute({
  ...authed,
  method: "patch",
  path: "/comments/{id}",
  summary: "Edit your comment (within 15 minutes of posting)",
  request: { params: IdParam, body: jsonBody(CommentEditSchema) },
  responses: { 200: jsonResponse(CommentSchema, "The edited comment"), ...pickErrors(400, 401, 404, 409) },
});

export const deleteComment = createRoute({
  ...authed,
  method: "delete",
  path: "/comments/{id}",
  summary: "Delete your comment",
  description: "Soft: it reads `[deleted]` and its replies stay where they are.",
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...pickErrors(400, 401, 404) },
});

export const reportComment = createRoute({
  ...authed,
  method: "post",
  path: "/comments/{id}/report",
  summary: "Report a comment to the moderators",
  description: "One report per person per comment; reporting again answers 200 and changes nothing.",
  request: { params: IdParam, body: { content: { "application/json": { schema: ReportSchema } }, required: false } },
  responses: {
    201: jsonResponse(ReportSchema, "Reported"),
    200: jsonResponse(ReportSchema, "Already reported"),
    ...pickErrors(400, 401, 404, 422),
  },
});

function moderation<A extends "hide" | "restore" | "remove">(action: A, summary: string) {
  return createRoute({
    ...moderators,
    method: "post",
    path: `/comments/{id}/${action}` as const,
    summary,
    request: { params: IdParam },
    responses: { 200: jsonResponse(CommentSchema, "The comment as moderators see it"), ...pickErrors(400, 401, 403, 404, 409) },
  });
}

export const hideComment = moderation("hide", "Hide a comment from readers (moderators)");
export const restoreComment = moderation("restore", "Make a hidden or pending comment visible (moderators)");
export const removeComment = moderation("remove", "Remove a comment for good: it reads `[removed]` (moderators)");

export const moderationQueue = createRoute({
  ...moderators,
  method: "get",
  path: "/moderation/comments",
  summary: "Comments waiting for a moderator: pending approval, hidden, or reported",
  request: { query: QueueQuery },
  responses: { 200: jsonResponse(pageOf(CommentSchema), "Comments, newest first"), ...pickErrors(400, 401, 403) },
});

// Generic in `collection` (and the paths `as const`) so the typed client keeps literal paths,
// as in likes.routes.ts.
function perTitle<C extends string>(kind: Exclude<TargetKind, "comment">, collection: C) {
  return {
    list: createRoute({
      tags,
      middleware: [optionalAuth],
      method: "get",
      path: `/${collection}/{id}/comments` as const,
      summary: `Comment threads on a ${kindNoun[kind]}`,
      description:
        "Top-level comments page by page, each with its replies nested (oldest first). Hidden comments are left out except for moderators.",
      request: { params: IdParam, query: ThreadQuery },
      responses: { 200: jsonResponse(ThreadPageSchema, "Threads"), ...pickErrors(400, 401, 404) },
    }),
    policy: createRoute({
      ...authed,
      method: "put",
      path: `/${collection}/{id}/comment-policy` as const,
      summary: `Set whether a ${kindNoun[kind]} takes comments (moderators${kind === "media" ? " and the owner" : ""})`,
      request: { params: IdParam, body: jsonBody(PolicySchema) },
      responses: { 200: jsonResponse(PolicySchema, "The policy"), ...pickErrors(400, 401, 403, 404) },
    }),
  };
}

export const movieComments = perTitle("movie", "movies");
export const seriesComments = perTitle("series", "series");
export const episodeComments = perTitle("episode", "episodes");
export const mediaComments = perTitle("media", "media");
