/**
 * One `Idempotency-Key` per checkout, kept in sessionStorage under the hold's id: a double click,
 * a retry after a network error and a reload all send the same key, so the API charges once.
 * Beside the key sits a fingerprint (a SHA-256) of the request it was first sent with, because
 * the API refuses the same key for a different request: paying with another card after an
 * unclear outcome needs a new key, and that is only safe once the hold is known not to be paying.
 */
interface Stored {
  key: string;
  /** SHA-256 of the first request sent with this key; null while it was never sent. */
  sent: string | null;
}

const storageKey = (holdId: string) => `marquee.checkout.${holdId}`;

function read(holdId: string): Stored | null {
  try {
    return JSON.parse(sessionStorage.getItem(storageKey(holdId)) ?? "null") as Stored | null;
  } catch {
    return null;
  }
}

function write(holdId: string, stored: Stored) {
  sessionStorage.setItem(storageKey(holdId), JSON.stringify(stored));
}

/** The checkout's key, made on first use. */
export function checkoutKey(holdId: string): Stored {
  const stored = read(holdId);
  if (stored) return stored;
  const fresh = { key: crypto.randomUUID(), sent: null };
  write(holdId, fresh);
  return fresh;
}

/** Records the request the key goes out with (the first one only: the API remembers that one). */
export function markSent(holdId: string, fingerprint: string) {
  const stored = checkoutKey(holdId);
  if (stored.sent === null) write(holdId, { ...stored, sent: fingerprint });
}

/** A definite answer (a decline) ends the key's use: the next attempt is a new request. */
export function renewKey(holdId: string) {
  write(holdId, { key: crypto.randomUUID(), sent: null });
}

/** The checkout is over (paid, released or expired). */
export function forgetKey(holdId: string) {
  sessionStorage.removeItem(storageKey(holdId));
}

/** A stable fingerprint of a request body, to tell whether the key was sent with this very request. */
export async function fingerprint(body: unknown): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(JSON.stringify(body)));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
