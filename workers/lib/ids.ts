const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * A ULID: 48 bits of milliseconds then 80 random bits, in Crockford base32, so ids sort by
 * creation time. Ids are opaque to clients; only their order is promised.
 */
export function newId(now = Date.now()): string {
  let time = "";
  let ms = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[ms % 32] + time;
    ms = Math.floor(ms / 32);
  }
  const random = crypto.getRandomValues(new Uint8Array(16));
  let rest = "";
  for (let i = 0; i < 16; i++) rest += CROCKFORD[random[i] % 32];
  return time + rest;
}

/**
 * A ULID greater than `previous`: a fresh one when the clock has moved on, else `previous` plus
 * one, so ids made in the same millisecond still sort in the order they were made.
 */
export function nextUlid(previous: string, now = Date.now()): string {
  const fresh = newId(now);
  if (fresh > previous) return fresh;
  const chars = previous.split("");
  for (let i = chars.length - 1; i >= 0; i--) {
    const digit = CROCKFORD.indexOf(chars[i]);
    if (digit < 31) {
      chars[i] = CROCKFORD[digit + 1];
      return chars.join("");
    }
    chars[i] = "0";
  }
  return fresh;
}

export const nowIso = () => new Date().toISOString();

export function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const padded = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  return Uint8Array.from(atob(padded), (ch) => ch.charCodeAt(0));
}

export const randomToken = (bytes = 32) => base64url(crypto.getRandomValues(new Uint8Array(bytes)));

export async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return base64url(new Uint8Array(digest));
}

/** Compares two strings without leaking, through timing, where they first differ. */
export function timingSafeEqual(a: string, b: string): boolean {
  const left = new TextEncoder().encode(a);
  const right = new TextEncoder().encode(b);
  if (left.length !== right.length) return false;
  // Typed through the Workers runtime's SubtleCrypto: the web app's type check also sees the DOM's, which lacks it.
  return (crypto.subtle as unknown as { timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean }).timingSafeEqual(left, right);
}
