import { Hono } from "hono";
import type { AppEnv } from "../lib/context";
import { ApiError } from "../lib/errors";
import { verifyPrefix } from "../lib/url-signing";

type ByteRange = { offset: number; length?: number } | { suffix: number };

/**
 * Parses a single `bytes=` range. Undefined means "serve the whole object": no header, a
 * multi-range request or a unit we do not speak (RFC 9110 lets a server ignore Range).
 */
function parseRange(header: string | undefined): ByteRange | "invalid" | undefined {
  if (!header) return undefined;
  const match = header.trim().match(/^bytes=(\d*)-(\d*)$/);
  if (!match) return header.includes(",") || !header.trim().startsWith("bytes=") ? undefined : "invalid";
  const [, start, end] = match;
  if (start === "" && end === "") return "invalid";
  if (start === "") return Number(end) === 0 ? "invalid" : { suffix: Number(end) };
  if (end === "") return { offset: Number(start) };
  if (Number(end) < Number(start)) return "invalid";
  return { offset: Number(start), length: Number(end) - Number(start) + 1 };
}

/**
 * The R2 key a request path names, or undefined when its percent-encoding is malformed or it
 * decodes to a control character (NUL included): no stored key has one, so the answer is a 404.
 */
function decodeKey(raw: string): string | undefined {
  let key: string;
  try {
    key = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  return /[\u0000-\u001f\u007f]/.test(key) ? undefined : key;
}

function unsatisfiable(size: number) {
  return new Response(null, { status: 416, headers: { "content-range": `bytes */${size}`, "accept-ranges": "bytes" } });
}

/**
 * Signed streaming: `/stream/<token>/<key>` serves the R2 object `key` when the token grants a
 * prefix of it and has not expired. Bodies flow straight from R2; Range, ETag and
 * If-None-Match behave as players and CDNs expect. HLS playlists use relative URLs, so each
 * segment request carries the same token in its path.
 *
 * A request costs one HMAC and one R2 read: the token carries the prefix and expiry, so nothing
 * is looked up in D1. Responses are deliberately not put in the Cache API: it is per data center
 * and cannot be purged from here, so a deleted item would stay readable through links already
 * handed out (docs/architecture.md, "Media").
 */
export const streamRouter = new Hono<AppEnv>().on(["GET", "HEAD"], "/stream/:token/*", async (c) => {
  // The token is checked before anything of the path is decoded, so a link nobody signed costs
  // one HMAC whatever follows it; both come from the raw path (the router's decoded copy would
  // let `%2F` in the token or key pass for a separator).
  const path = new URL(c.req.url).pathname;
  const tokenEnd = path.indexOf("/", "/stream/".length);
  const prefix = tokenEnd > 0 ? await verifyPrefix(c.env.JWT_SECRET, path.slice("/stream/".length, tokenEnd)) : null;
  if (!prefix) throw new ApiError("forbidden", "This streaming link is invalid or has expired");
  const key = decodeKey(path.slice(tokenEnd + 1));
  if (key === undefined) throw new ApiError("not_found", "Nothing is stored at this path");
  if (!key.startsWith(prefix) || key.split("/").includes(".."))
    throw new ApiError("forbidden", "This streaming link is invalid or has expired");

  const range = parseRange(c.req.header("range"));
  if (range === "invalid") {
    const head = await c.env.MEDIA.head(key);
    if (!head) throw new ApiError("not_found", "Nothing is stored at this path");
    return unsatisfiable(head.size);
  }
  const etags = c.req.header("if-none-match");
  let object: R2Object | R2ObjectBody | null;
  try {
    // One R2 read does the conditional and the range; a 304 never opens the body.
    object = await c.env.MEDIA.get(key, {
      range,
      onlyIf: etags ? { etagDoesNotMatch: etags.split(",")[0].trim().replace(/^W\//, "").replace(/"/g, "") } : undefined,
    });
  } catch {
    // R2 refuses a range that starts past the end of the object.
    const head = await c.env.MEDIA.head(key);
    if (!head) throw new ApiError("not_found", "Nothing is stored at this path");
    return unsatisfiable(head.size);
  }
  if (!object) throw new ApiError("not_found", "Nothing is stored at this path");

  const headers = new Headers();
  object.writeHttpMetadata(headers);
  headers.set("etag", object.httpEtag);
  headers.set("accept-ranges", "bytes");
  headers.set("cache-control", "private, max-age=3600");
  if (!("body" in object)) return new Response(null, { status: 304, headers });
  let body: ReadableStream | null = object.body;
  if (c.req.method === "HEAD") {
    // The read opened the body; release it rather than leave it for the garbage collector.
    await object.body.cancel();
    body = null;
  }
  if (range) {
    const served = object.range as { offset?: number; length?: number } | undefined;
    const offset = served?.offset ?? 0;
    const length = served?.length ?? object.size - offset;
    if (offset >= object.size || length <= 0) {
      await body?.cancel();
      return unsatisfiable(object.size);
    }
    headers.set("content-range", `bytes ${offset}-${offset + length - 1}/${object.size}`);
    headers.set("content-length", String(length));
    return new Response(body, { status: 206, headers });
  }
  headers.set("content-length", String(object.size));
  return new Response(body, { status: 200, headers });
});
