import type { Context } from "hono";

/**
 * The client an address stands for. An IPv6 subscriber usually holds a whole /64, so the /64 is
 * the client (otherwise one laptop could walk through 2^64 fresh budgets).
 * @example clientKey("2001:db8:1:2:aaaa::1") // "2001:db8:1:2::/64"
 */
export function clientKey(ip: string | null): string {
  const address = ip?.trim().toLowerCase().slice(0, 64);
  if (!address) return "unknown";
  if (!address.includes(":")) return address;
  // An IPv4 address written as IPv6 (::ffff:192.0.2.1) is that IPv4 client.
  const v4 = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (v4) return v4[1];
  const [head, tail] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = tail === undefined ? left : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

/** The client behind a request: its address as Cloudflare saw it (`cf-connecting-ip`), by clientKey. */
export const clientOf = (c: Context) => clientKey(c.req.header("cf-connecting-ip") ?? null);
