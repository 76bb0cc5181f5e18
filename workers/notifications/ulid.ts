import { newId } from "../lib/ids";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

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
