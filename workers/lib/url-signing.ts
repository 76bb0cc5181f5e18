import { base64url, fromBase64url, timingSafeEqual } from "./ids";

const keys = new Map<string, Promise<CryptoKey>>();

/**
 * The longest a signed URL may live: the longest share link a person may choose (7 days).
 * `verifyPrefix` refuses tokens that claim more.
 */
export const SIGNED_URL_MAX_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** Room for the clock of the verifying machine to be behind the signing one's. */
const CLOCK_SKEW_MS = 60 * 1000;

/**
 * An HMAC key for signed URLs, derived from JWT_SECRET with HKDF so a deployment needs no
 * second secret, while a leaked URL signature says nothing about the token key.
 */
function signingKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = (async () => {
      const material = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), "HKDF", false, ["deriveKey"]);
      return crypto.subtle.deriveKey(
        { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: new TextEncoder().encode("marquee signed urls v1") },
        material,
        { name: "HMAC", hash: "SHA-256", length: 256 },
        false,
        ["sign"],
      );
    })();
    keys.set(secret, key);
  }
  return key;
}

async function mac(secret: string, text: string): Promise<string> {
  const signature = await crypto.subtle.sign("HMAC", await signingKey(secret), new TextEncoder().encode(text));
  return base64url(new Uint8Array(signature));
}

/**
 * A URL-safe token granting read access to every path that starts with `prefix` until `expiresAt`
 * (at most `SIGNED_URL_MAX_TTL_MS` away, or verification refuses it). The token carries all that
 * verification needs, so serving a signed request costs one HMAC and no database lookup.
 * @example const token = await signPrefix(env.JWT_SECRET, "media/01H.../hls/", Date.now() + 3600_000)
 */
export async function signPrefix(secret: string, prefix: string, expiresAt: number): Promise<string> {
  const exp = Math.floor(expiresAt / 1000);
  const encoded = base64url(new TextEncoder().encode(prefix));
  return `${exp}.${encoded}.${await mac(secret, `${exp}:${prefix}`)}`;
}

/**
 * The prefix a token grants, or null when it is malformed, tampered with, expired, or claims to
 * live longer than `SIGNED_URL_MAX_TTL_MS` (so even a signing bug cannot mint a long-lived link).
 */
export async function verifyPrefix(secret: string, token: string, now = Date.now()): Promise<string | null> {
  const [exp, encoded, signature, ...rest] = token.split(".");
  if (rest.length > 0 || !/^\d{1,12}$/.test(exp ?? "") || !encoded || !signature) return null;
  const expiresAt = Number(exp) * 1000;
  if (expiresAt <= now || expiresAt > now + SIGNED_URL_MAX_TTL_MS + CLOCK_SKEW_MS) return null;
  let prefix: string;
  try {
    prefix = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(fromBase64url(encoded));
  } catch {
    return null;
  }
  return timingSafeEqual(signature, await mac(secret, `${exp}:${prefix}`)) ? prefix : null;
}
