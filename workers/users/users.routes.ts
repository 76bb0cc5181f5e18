import { createRoute, z } from "@hono/zod-openapi";
import { requireAdmin, requireAuth } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { jsonBody, jsonResponse } from "../lib/openapi";
import { PageQuery, pageOf } from "../lib/pagination";
import { AdminUserUpdate, PublicUserSchema, RoleSchema, UserIdParam, UserSchema } from "./users.schemas";

const base = { security: bearerAuth, tags: ["users"] };

export const listUsers = createRoute({
  ...base,
  middleware: [requireAdmin],
  method: "get",
  path: "/users",
  summary: "Search accounts (admin)",
  request: {
    query: PageQuery.extend({
      q: z.string().trim().min(1).max(100).optional().openapi({ description: "Part of an email, username or name" }),
      role: RoleSchema.optional(),
      status: z
        .enum(["active", "disabled", "all"])
        .default("active")
        .openapi({ description: "Live accounts (the default), disabled (deleted) ones, or both" }),
    }),
  },
  responses: { 200: jsonResponse(pageOf(UserSchema), "Accounts, oldest first"), ...pickErrors(400, 401, 403) },
});

export const lookupUser = createRoute({
  ...base,
  middleware: [requireAuth()],
  method: "get",
  path: "/users/lookup",
  summary: "Find a person by their exact username (to share with them)",
  description:
    "Answers the account's public profile only when `username` matches one exactly (case does not matter); anything else, including a prefix of a username, is 404, so the lookup cannot be used to list accounts.",
  request: {
    query: z.object({
      username: z.string().trim().min(1).max(100).openapi({ example: "ada_l", description: "The whole username" }),
    }),
  },
  responses: { 200: jsonResponse(PublicUserSchema, "The matching account"), ...pickErrors(400, 401, 404) },
});

export const getUser = createRoute({
  ...base,
  middleware: [requireAuth()],
  method: "get",
  path: "/users/{id}",
  summary: "One account (admin, or your own)",
  request: { params: UserIdParam },
  responses: { 200: jsonResponse(UserSchema, "The account"), ...pickErrors(401, 404) },
});

export const patchUser = createRoute({
  ...base,
  middleware: [requireAuth()],
  method: "patch",
  path: "/users/{id}",
  summary: "Change an account (admin, or your own; only admins change emails)",
  request: {
    params: UserIdParam,
    body: jsonBody(AdminUserUpdate),
  },
  responses: { 200: jsonResponse(UserSchema, "The updated account"), ...pickErrors(400, 401, 403, 404, 409) },
});

export const deleteUser = createRoute({
  ...base,
  middleware: [requireAuth()],
  method: "delete",
  path: "/users/{id}",
  summary: "Delete an account (admin, or your own)",
  description: "A soft delete: the account can no longer sign in and every session ends; the last admin cannot be deleted.",
  request: { params: UserIdParam },
  responses: { 204: { description: "Deleted" }, ...pickErrors(401, 404, 409) },
});

export const setUserRole = createRoute({
  ...base,
  middleware: [requireAdmin],
  method: "patch",
  path: "/users/{id}/role",
  summary: "Change an account's role (admin)",
  description:
    "The last admin cannot be demoted. The account's access tokens stop working, so its clients refresh into the new role.",
  request: { params: UserIdParam, body: jsonBody(z.object({ role: RoleSchema })) },
  responses: { 200: jsonResponse(UserSchema, "The account with its new role"), ...pickErrors(400, 401, 403, 404, 409) },
});

export const restoreUser = createRoute({
  ...base,
  middleware: [requireAdmin],
  method: "post",
  path: "/users/{id}/restore",
  summary: "Re-enable a deleted account (admin)",
  description:
    "Lifts the soft delete of `DELETE /users/{id}`: the account can sign in again (its old sessions stay ended). An account that is not deleted is answered unchanged. 409 when another live account has its email or username (an email and a username stay reserved while an account is deleted, so this guards case-only clashes).",
  request: { params: UserIdParam },
  responses: { 200: jsonResponse(UserSchema, "The account, live again"), ...pickErrors(401, 403, 404, 409) },
});
