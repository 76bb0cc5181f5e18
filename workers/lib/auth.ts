import { createMiddleware } from "hono/factory";
import type { Role } from "../db/schema";
import type { AppEnv } from "./context";
import { ApiError } from "./errors";
import { userSessions } from "./sessions";
import { verifyAccessToken } from "./tokens";

/** Verifies an access token and that its session is still alive (logout takes effect at once). */
export async function authenticate(env: Env, token: string) {
  const claims = await verifyAccessToken(env, token);
  const session = await userSessions(env, claims.userId).authorize(claims.sessionId, claims.accessVersion);
  if (!session.ok) throw new ApiError("unauthorized", "This session has been signed out");
  return { auth: { userId: claims.userId, role: claims.role, sessionId: claims.sessionId }, user: session.user };
}

function bearerToken(header: string | undefined): string {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  if (!match)
    throw new ApiError("unauthorized", "Send an access token as `Authorization: Bearer <token>`", {
      headers: { "www-authenticate": 'Bearer realm="marquee"' },
    });
  return match[1];
}

/** The one auth middleware: sets `c.var.auth` (and `c.var.sessionUser`, the cached user), or answers 401 (and 403 when `roles` excludes the caller). */
export function requireAuth(...roles: Role[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const { auth, user } = await authenticate(c.env, bearerToken(c.req.header("authorization")));
    if (roles.length > 0 && !roles.includes(auth.role)) {
      throw new ApiError("forbidden", `This needs the ${roles.join(" or ")} role`);
    }
    c.set("auth", auth);
    c.set("sessionUser", user);
    await next();
  });
}

export const requireAdmin = requireAuth("admin");
