import { createRoute, z } from "@hono/zod-openapi";
import { SubscriptionSchema } from "../billing/subscriptions.schemas";
import { requireAuth } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { errorResponses, pickErrors } from "../lib/errors";
import { jsonBody, jsonResponse } from "../lib/openapi";
import { CardInput } from "../payments/cards";
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
    body: jsonBody(
      z
        .object({
          email: Email,
          password: Password,
          name: DisplayName,
          username: Username.optional().openapi({
            description:
              "Optional. When absent, one is made from the email's local part without any +tag " +
              "(ada.l+films@example.com → ada.l), with digits added when that is taken.",
          }),
          planId: z.string().min(1).max(64).optional().openapi({ description: "Subscribe to this plan too (needs `card`)" }),
          card: CardInput.optional().openapi({ description: "The card the plan is charged to (saved as the default)" }),
          holderName: z.string().trim().min(1).max(100).optional().openapi({ description: "The name on the card" }),
        })
        .superRefine((body, ctx) => {
          if (body.planId !== undefined && body.card === undefined)
            ctx.addIssue({ code: "custom", path: ["card"], message: "A plan needs a card" });
          if (body.card !== undefined && body.planId === undefined)
            ctx.addIssue({ code: "custom", path: ["planId"], message: "A card is only taken with a plan" });
        })
        .openapi("Registration"),
    ),
  },
  responses: {
    201: jsonResponse(
      Session.extend({
        subscription: SubscriptionSchema.optional().openapi({ description: "When registering with a plan" }),
      }).openapi("Registered"),
      "Account created and signed in (and subscribed, with a plan)",
    ),
    402: { ...errorResponses[400], description: "The plan's card was declined: no account was created" },
    ...pickErrors(400, 404, 409),
  },
});

const Credentials = z
  .object({
    identifier: z
      .string()
      .trim()
      .toLowerCase()
      .min(1, "Enter your email or username")
      .max(254)
      .optional()
      .openapi({ description: "The account's email or its username", example: "ada@example.com" }),
    email: Email.optional().openapi({ description: "The older form, still accepted: an email in place of `identifier`" }),
    password: z.string().min(1).max(256),
  })
  .superRefine((body, ctx) => {
    if (body.identifier === undefined && body.email === undefined)
      ctx.addIssue({ code: "custom", path: ["identifier"], message: "Enter your email or username" });
    else if (body.identifier !== undefined && body.email !== undefined)
      ctx.addIssue({ code: "custom", path: ["identifier"], message: "Send identifier or email, not both" });
  })
  .openapi("Credentials");

export const login = createRoute({
  method: "post",
  path: "/auth/login",
  tags: ["auth"],
  summary: "Sign in with email or username and password",
  description:
    "Send `{ identifier, password }`, where `identifier` is the account's email or its username (one with `@` is " +
    "taken as an email); `{ email, password }` is still accepted. An unknown account and a wrong password get the " +
    "same 401.\n\n" +
    "Failures slow down whoever is failing; they never lock an account. Per account and client address (IPv6 by " +
    "/64): 5 free failures in 24 hours, then a 30 s wait after the next, doubling with each further failure up to " +
    "15 minutes. Per address across all accounts: 20 free failures in an hour, then the same waits. While an " +
    "account has 20 failures in the last hour from anywhere, a client that has itself failed on it gets no free " +
    "failures. During a wait the answer is 429 with Retry-After, whatever the password. Other clients' failures " +
    "never refuse a client that has not been failing itself. A success clears that account's failures from that address.",
  request: { body: jsonBody(Credentials) },
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

export const providers = createRoute({
  method: "get",
  path: "/auth/providers",
  tags: ["auth"],
  summary: "Which ways of signing in this server offers besides a password",
  description:
    "`google` is null unless Google sign-in is configured; when set, its `clientId` is what Google Identity Services needs to show its button.",
  responses: {
    200: jsonResponse(
      z.object({ google: z.object({ clientId: z.string() }).nullable() }).openapi("SignInProviders"),
      "The providers",
    ),
  },
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
