import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from "jose";
import { z } from "zod";
import { ApiError } from "../lib/errors";

const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

// jose caches the fetched keys inside each set, so one set per URL for the isolate's life.
function keySet(url: string) {
  let set = keySets.get(url);
  if (!set) {
    set = createRemoteJWKSet(new URL(url), { timeoutDuration: 5000, cooldownDuration: 30_000 });
    keySets.set(url, set);
  }
  return set;
}

const GoogleClaims = z.object({
  sub: z.string().min(1),
  email: z.email().transform((e) => e.toLowerCase()),
  email_verified: z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]).default(false),
  name: z.string().optional(),
  picture: z.url().optional(),
});

export type GoogleIdentity = z.infer<typeof GoogleClaims>;

/** Verifies an OIDC id_token against the configured JWKS, issuer and audience. */
export async function verifyGoogleIdToken(env: Env, idToken: string): Promise<GoogleIdentity> {
  if (!env.GOOGLE_CLIENT_ID) throw new ApiError("service_unavailable", "Google sign-in is not configured on this server");
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(idToken, keySet(env.GOOGLE_JWKS_URL), {
      issuer: env.GOOGLE_ISSUER,
      audience: env.GOOGLE_CLIENT_ID,
      algorithms: ["RS256", "ES256"],
    }));
  } catch (err) {
    const keysUnreachable =
      err instanceof joseErrors.JWKSTimeout || err instanceof joseErrors.JWKSInvalid || !(err instanceof joseErrors.JOSEError);
    if (keysUnreachable) throw new ApiError("service_unavailable", "Google's signing keys could not be fetched; try again");
    throw new ApiError("unauthorized", "The Google id_token is not valid");
  }
  const claims = GoogleClaims.safeParse(payload);
  if (!claims.success) throw new ApiError("unauthorized", "The Google id_token lacks a subject or an email");
  return claims.data;
}
