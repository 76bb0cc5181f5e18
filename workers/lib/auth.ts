import { eq } from "drizzle-orm";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { type Role, users } from "../db/schema";
import type { AppEnv, AuthContext } from "./context";
import { database } from "./db";
import { ApiError } from "./errors";
import { userSessions } from "./sessions";
import { verifyAccessToken } from "./tokens";

/**
 * The user's role as D1 has it, kept in their session object for the next requests; null for an
 * account that is gone. Only asked when the session object has no stored role yet (one created
 * before it kept them): every sign-in and refresh stores it.
 */
async function adoptStoredRole(env: Env, userId: string): Promise<Role | null> {
  const row = await database(env.DB)
    .select({ role: users.role, deletedAt: users.deletedAt })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  if (!row || row.deletedAt) return null;
  await userSessions(env, userId).storeRole(row.role);
  return row.role;
}

/**
 * Verifies an access token, that its session is still alive (logout takes effect at once) and
 * that the role it claims is the user's stored role: the token's signature alone never grants a
 * role, so a token signed with the secret but claiming `admin` for a user is refused.
 *
 * `alongside(userId)`, when given, starts as soon as the token's signature is verified, while the
 * session check is under way, so a route that needs another of the user's Durable Objects waits
 * for about one call, not two. Its result (or error) is handed back only once the session check
 * has passed; when the check fails, it is dropped unread.
 */
export async function authenticate<T = undefined>(env: Env, token: string, alongside?: (userId: string) => Promise<T>) {
  const claims = await verifyAccessToken(env, token);
  const extra = alongside?.(claims.userId);
  extra?.catch(() => {}); // settled below, or deliberately ignored when the session check fails
  const session = await userSessions(env, claims.userId).authorize(claims.sessionId, claims.accessVersion);
  if (!session.ok) throw new ApiError("unauthorized", "This session has been signed out");
  const role = session.role ?? (await adoptStoredRole(env, claims.userId));
  if (role !== claims.role) throw new ApiError("unauthorized", "The access token's role is not the account's; sign in again");
  return {
    auth: { userId: claims.userId, role, sessionId: claims.sessionId },
    user: session.user,
    alongside: (await extra) as T,
  };
}

const BEARER = /^Bearer\s+(\S+)$/i;

/** The token of an `Authorization: Bearer <token>` header; undefined when absent or another scheme. */
export const bearerTokenOf = (header: string | undefined) => header?.match(BEARER)?.[1];

/** The token of the request's bearer header; a 401 asking for one when it is missing. */
export function requiredBearer(header: string | undefined): string {
  const token = bearerTokenOf(header);
  if (!token) {
    throw new ApiError("unauthorized", "Send an access token as `Authorization: Bearer <token>`", {
      headers: { "www-authenticate": 'Bearer realm="marquee"' },
    });
  }
  return token;
}

async function signIn(c: Context<AppEnv>, token: string) {
  const { auth, user } = await authenticate(c.env, token);
  c.set("auth", auth);
  c.set("sessionUser", user);
  return auth;
}

/** The one auth middleware: sets `c.var.auth` (and `c.var.sessionUser`, the cached user), or answers 401 (and 403 when `roles` excludes the caller). */
export function requireAuth(...roles: Role[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const auth = await signIn(c, requiredBearer(c.req.header("authorization")));
    if (roles.length > 0 && !roles.includes(auth.role)) {
      throw new ApiError("forbidden", `This needs the ${roles.join(" or ")} role`);
    }
    await next();
  });
}

/**
 * For routes anyone may read but signed-in callers see more of (`likedByMe`, their own pending
 * comments): signs the caller in when a bearer token is sent. A token that is sent but invalid is
 * still a 401, so a client never silently reads as anonymous.
 */
export const optionalAuth = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("authorization");
  if (header !== undefined) await signIn(c, requiredBearer(header));
  await next();
});

/** The caller behind `optionalAuth`, if any. */
export const maybeAuth = (c: Context<AppEnv>): AuthContext | undefined => c.var.auth as AuthContext | undefined;

export const requireAdmin = requireAuth("admin");
