import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { jsonBody, jsonResponse } from "../lib/openapi";
import { MeSchema, Password, UserSchema, UserUpdate } from "./users.schemas";

const authed = { security: bearerAuth, middleware: [requireAuth()], tags: ["me"] };

export const getMe = createRoute({
  ...authed,
  method: "get",
  path: "/me",
  summary: "The signed-in account",
  responses: { 200: jsonResponse(MeSchema, "The account"), ...pickErrors(401) },
});

export const patchMe = createRoute({
  ...authed,
  method: "patch",
  path: "/me",
  summary: "Change name, username or avatar",
  request: { body: jsonBody(UserUpdate) },
  responses: { 200: jsonResponse(UserSchema, "The updated account"), ...pickErrors(400, 401, 409) },
});

export const changePassword = createRoute({
  ...authed,
  method: "patch",
  path: "/me/password",
  summary: "Change the password",
  description: "Signs out every other session. Accounts created with Google may set a first password without `currentPassword`.",
  request: {
    body: jsonBody(
      z.object({ currentPassword: z.string().max(256).optional(), newPassword: Password }).openapi("PasswordChange"),
    ),
  },
  responses: { 204: { description: "Changed" }, ...pickErrors(400, 401) },
});
