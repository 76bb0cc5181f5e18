import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { jsonBody, jsonResponse } from "../lib/openapi";
import { DisplayName, Email, Password, Username, UserSchema } from "../users/users.schemas";

export const Session = z
  .object({
    user: UserSchema,
    accessToken: z.string(),
    refreshToken: z.string(),
    expiresIn: z.number().int().openapi({ description: "Seconds until the access token expires" }),
  })
  .openapi("Session");

const sessionResponse = (description: string) => jsonResponse(Session, description);

export const register = createRoute({
  method: "post",
  path: "/auth/register",
  tags: ["auth"],
  summary: "Create an account",
  request: {
    body: jsonBody(z.object({ email: Email, password: Password, name: DisplayName, username: Username }).openapi("Registration")),
  },
  responses: { 201: sessionResponse("Account created and signed in"), ...pickErrors(400, 409) },
});

export const login = createRoute({
  method: "post",
  path: "/auth/login",
  tags: ["auth"],
  summary: "Sign in with email and password",
  description: "Five failures for one account or one address within 15 minutes answer 429 with Retry-After.",
  request: { body: jsonBody(z.object({ email: Email, password: z.string().min(1).max(256) }).openapi("Credentials")) },
  responses: { 200: sessionResponse("Signed in"), ...pickErrors(400, 401, 429) },
});

export const refresh = createRoute({
  method: "post",
  path: "/auth/refresh",
  tags: ["auth"],
  summary: "Exchange a refresh token for a new pair",
  description: "Refresh tokens rotate: each works once. Presenting a used one signs that session out.",
  request: { body: jsonBody(z.object({ refreshToken: z.string().min(1).max(500) })) },
  responses: { 200: sessionResponse("New tokens"), ...pickErrors(400, 401) },
});

export const logout = createRoute({
  method: "post",
  path: "/auth/logout",
  tags: ["auth"],
  summary: "Sign out this session",
  security: bearerAuth,
  middleware: [requireAuth()],
  responses: { 204: { description: "Signed out; the access token stops working now" }, ...pickErrors(401) },
});

export const google = createRoute({
  method: "post",
  path: "/auth/google",
  tags: ["auth"],
  summary: "Sign in with a Google id_token",
  description: "Links to the account with the same verified email, or creates one.",
  request: { body: jsonBody(z.object({ idToken: z.string().min(1).max(8000) })) },
  responses: {
    200: sessionResponse("Signed in to an existing account"),
    201: sessionResponse("Account created"),
    ...pickErrors(400, 401, 409),
    503: { description: "Google sign-in is not configured or unreachable" },
  },
});
