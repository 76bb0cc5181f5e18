import type { Role } from "../db/schema";
import { ApiError } from "./errors";
import { newId, randomToken, sha256 } from "./ids";
import type { RotateResult, UserSessionRpc } from "./sessions.contract";
import { ACCESS_TOKEN_TTL_SECONDS, signAccessToken } from "./tokens";

/** The user's session Durable Object, typed by its contract; one per user, addressed by user id. */
export function userSessions(env: Env, userId: string): DurableObjectStub<UserSessionRpc & Rpc.DurableObjectBranded> {
  return env.USER_SESSIONS.get(env.USER_SESSIONS.idFromName(userId));
}

export interface ClientInfo {
  userAgent: string | null;
  ip: string | null;
}

export function clientInfo(req: Request): ClientInfo {
  return { userAgent: req.headers.get("user-agent"), ip: req.headers.get("cf-connecting-ip") };
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

// A refresh token names its user so the Worker can find the right Durable Object;
// the rest is 256 random bits, of which only a hash is stored.
function newRefreshToken(userId: string) {
  return `${userId}.${randomToken()}`;
}

export async function startSession(env: Env, user: { id: string; role: Role }, client: ClientInfo): Promise<TokenPair> {
  const sessionId = newId();
  const refreshToken = newRefreshToken(user.id);
  const { accessVersion } = await userSessions(env, user.id).createSession({
    sessionId,
    refreshHash: await sha256(refreshToken),
    role: user.role,
    ...client,
  });
  const accessToken = await signAccessToken(env, { userId: user.id, role: user.role, sessionId }, accessVersion);
  return { accessToken, refreshToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS };
}

const refreshFailures: Record<Exclude<RotateResult, { ok: true }>["reason"], string> = {
  unknown: "The refresh token is not valid",
  revoked: "This session has been signed out",
  expired: "The refresh token has expired; sign in again",
  reused: "This refresh token was already used; the session has been signed out for safety",
};

/**
 * Rotates a refresh token; `loadRole` reads the user's current role for the new access token,
 * and `onFamilyRevoked` hears of a session ended by reuse (to close its live sockets, say).
 */
export async function rotateSession(
  env: Env,
  refreshToken: string,
  client: ClientInfo,
  loadRole: (userId: string) => Promise<Role | null>,
  onFamilyRevoked: (userId: string, sessionId: string) => Promise<void>,
): Promise<TokenPair & { userId: string }> {
  const userId = refreshToken.split(".")[0];
  if (!userId || !refreshToken.includes(".")) throw new ApiError("unauthorized", refreshFailures.unknown);
  const nextToken = newRefreshToken(userId);
  const result = await userSessions(env, userId).rotate({
    presentedHash: await sha256(refreshToken),
    nextHash: await sha256(nextToken),
    ...client,
  });
  if (!result.ok) {
    if (result.reason === "reused") await onFamilyRevoked(userId, result.revokedSessionId);
    throw new ApiError("unauthorized", refreshFailures[result.reason]);
  }
  const role = await loadRole(userId);
  if (!role) {
    await userSessions(env, userId).revokeAll();
    throw new ApiError("unauthorized", refreshFailures.revoked);
  }
  // The new token carries D1's role; the session object must hold the same one, or the token would be refused.
  if (role !== result.role) await userSessions(env, userId).storeRole(role);
  const accessToken = await signAccessToken(env, { userId, role, sessionId: result.sessionId }, result.accessVersion);
  return { userId, accessToken, refreshToken: nextToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS };
}
