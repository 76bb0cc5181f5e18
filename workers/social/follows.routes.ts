import { createRoute } from "@hono/zod-openapi";
import { requireAuth } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { jsonResponse } from "../lib/openapi";
import { PageQuery, pageOf } from "../lib/pagination";
import { UserIdParam } from "../users/users.schemas";
import { FollowEntrySchema, FollowSchema } from "./follows.schemas";

const authed = { security: bearerAuth, middleware: [requireAuth()], tags: ["social"] };

export const followUser = createRoute({
  ...authed,
  method: "post",
  path: "/users/{id}/follow",
  summary: "Follow a user",
  description: "Tells them (`new_follower`). Following someone you already follow changes nothing and answers 200.",
  request: { params: UserIdParam },
  responses: {
    201: jsonResponse(FollowSchema, "Now following"),
    200: jsonResponse(FollowSchema, "Already following"),
    ...pickErrors(400, 401, 404, 422),
  },
});

export const unfollowUser = createRoute({
  ...authed,
  method: "delete",
  path: "/users/{id}/follow",
  summary: "Stop following a user",
  request: { params: UserIdParam },
  responses: { 204: { description: "No longer following" }, ...pickErrors(400, 401, 404) },
});

export const listFollowers = createRoute({
  ...authed,
  method: "get",
  path: "/users/{id}/followers",
  summary: "Who follows a user, newest first",
  request: { params: UserIdParam, query: PageQuery },
  responses: { 200: jsonResponse(pageOf(FollowEntrySchema), "Followers"), ...pickErrors(400, 401, 404) },
});

export const listFollowing = createRoute({
  ...authed,
  method: "get",
  path: "/users/{id}/following",
  summary: "Whom a user follows, newest first",
  request: { params: UserIdParam, query: PageQuery },
  responses: { 200: jsonResponse(pageOf(FollowEntrySchema), "Followed accounts"), ...pickErrors(400, 401, 404) },
});
