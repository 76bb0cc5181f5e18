import { createRoute } from "@hono/zod-openapi";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../lib/context";
import { ApiError, ProblemSchema, pickErrors } from "../lib/errors";
import { Session } from "./auth.routes";

/** Who a dev-session proof is for: an access token (audience `marquee-api`) is never one. */
export const DEV_SESSION_ISSUER = "marquee-dev";
export const DEV_SESSION_AUDIENCE = "marquee-dev-session";
/** A proof older than this is refused, whatever its own expiry says. */
export const DEV_SESSION_MAX_AGE = "5m";

/** Only on a developer's machine and in tests; anywhere else the route does not exist. */
const localOnly = createMiddleware<AppEnv>(async (c, next) => {
  if (c.env.ENVIRONMENT !== "development" && c.env.ENVIRONMENT !== "test")
    throw new ApiError("not_found", `Nothing at ${c.req.method} ${new URL(c.req.url).pathname}`);
  await next();
});

export const devSession = createRoute({
  middleware: [localOnly],
  method: "post",
  path: "/dev/session",
  tags: ["dev"],
  summary: "An admin session for local scripts (development and test only)",
  description:
    "Answers 404 unless `ENVIRONMENT` is `development` or `test`. Signs in as the `ADMIN_EMAIL` admin (creating it " +
    "from `ADMIN_PASSWORD` when missing) without the sign-in throttle, so `npm start` can seed demo data whatever " +
    "anyone typed at the login form. Proof of a local secret: `Authorization: Bearer <JWT>`, HS256 signed with " +
    "`JWT_SECRET`, `iss` `marquee-dev`, `aud` `marquee-dev-session`, with `iat` and `exp`, at most 5 minutes old. " +
    "Whoever holds `JWT_SECRET` can mint access tokens already, so this grants nothing new.",
  responses: {
    200: { description: "Signed in as the admin", content: { "application/json": { schema: Session } } },
    ...pickErrors(401, 404, 409),
    503: {
      description: "ADMIN_EMAIL, ADMIN_PASSWORD or JWT_SECRET is not set (well enough)",
      content: { "application/problem+json": { schema: ProblemSchema } },
    },
  },
});
