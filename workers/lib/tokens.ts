import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import { roles } from "../db/schema";
import { jwtSecretProblem } from "./config-guard";
import type { AuthContext } from "./context";
import { ApiError } from "./errors";
import { newId } from "./ids";
import { IsolateCache } from "./isolate-cache";
import { log } from "./log";

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const ISSUER = "marquee";
const AUDIENCE = "marquee-api";

// Imported once per isolate and secret: importing the HMAC key on every verify was a measurable
// share of a signed-in request.
const keys = new Map<string, Promise<CryptoKey>>();
function signingKey(env: Env): Promise<CryptoKey> {
  const secret = env.JWT_SECRET;
  // Also checked for every request by config-guard.ts; here too, so no path mints or accepts a
  // token with a short secret or, in production, the published example one.
  const problem = jwtSecretProblem(env);
  if (problem) {
    log.error("misconfigured", { detail: problem });
    throw new ApiError("service_unavailable", "The server is not configured for sign-in yet");
  }
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
      "verify",
    ]);
    keys.set(secret, key);
  }
  return key;
}

/** `ver` is the session's access version at minting; see UserSession.invalidateAccessTokens. */
export async function signAccessToken(env: Env, auth: AuthContext, accessVersion: number): Promise<string> {
  return new SignJWT({ role: auth.role, sid: auth.sessionId, ver: accessVersion })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(auth.userId)
    .setJti(newId())
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ACCESS_TOKEN_TTL_SECONDS}s`)
    .sign(await signingKey(env));
}

const ClaimsSchema = z.object({
  sub: z.string().min(1),
  sid: z.string().min(1),
  role: z.enum(roles),
  jti: z.string().min(1),
  ver: z.number().int(),
  exp: z.number(),
});

export interface AccessClaims extends AuthContext {
  accessVersion: number;
}

interface Verified {
  claims: AccessClaims;
  expiresAtMs: number;
  secret: string;
}

// A token this isolate has verified is not verified again until it expires: the result is a pure
// function of the token and the key (kept with it, so a new JWT_SECRET verifies afresh), and
// whether its session is alive is still asked on every request. Verifying was about a seventh of
// a cached signed-in read.
const verified = new IsolateCache<Verified>(1024, ACCESS_TOKEN_TTL_SECONDS * 1000);

/**
 * Verifies signature, algorithm (HS256 only: `none` and every other alg are refused),
 * issuer, audience and expiry. Whether the session is still alive is the caller's next step.
 */
export async function verifyAccessToken(env: Env, token: string): Promise<AccessClaims> {
  const key = await signingKey(env); // a misconfigured server is a 503, not the caller's 401
  const known = verified.get(token);
  if (known && known.secret === env.JWT_SECRET) {
    if (known.expiresAtMs > Date.now()) return known.claims;
    throw new ApiError("unauthorized", "The access token has expired");
  }
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    const parsed = ClaimsSchema.parse(payload);
    const claims = { userId: parsed.sub, sessionId: parsed.sid, role: parsed.role, accessVersion: parsed.ver };
    verified.set(token, { claims, expiresAtMs: parsed.exp * 1000, secret: env.JWT_SECRET });
    return claims;
  } catch (err) {
    const expired = err instanceof joseErrors.JWTExpired;
    throw new ApiError("unauthorized", expired ? "The access token has expired" : "The access token is not valid");
  }
}
