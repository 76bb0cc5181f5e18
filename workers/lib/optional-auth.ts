import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { authenticate } from "./auth";
import type { AppEnv, AuthContext } from "./context";
import { ApiError } from "./errors";

/**
 * For routes anyone may read but signed-in callers see more of (`likedByMe`, their own pending
 * comments): sets `c.var.auth` when a bearer token is sent. A token that is sent but invalid is
 * still a 401, so a client never silently reads as anonymous.
 */
export const optionalAuth = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("authorization");
  if (header !== undefined) {
    const match = header.match(/^Bearer\s+(\S+)$/i);
    if (!match) throw new ApiError("unauthorized", "Send an access token as `Authorization: Bearer <token>`");
    const { auth, user } = await authenticate(c.env, match[1]);
    c.set("auth", auth);
    c.set("sessionUser", user);
  }
  await next();
});

/** The caller behind `optionalAuth`, if any. */
export const maybeAuth = (c: Context<AppEnv>): AuthContext | undefined => c.var.auth as AuthContext | undefined;
