import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser } from "../../test/api";
import { checkedFetch, client, expectJson, expectProblemOf } from "../../test/client";
import { signPrefix } from "../lib/url-signing";
import { clip, uploaded } from "./media.test-helpers";

async function playbackUrl() {
  const user = await registerUser();
  const bytes = clip.audio();
  const item = await uploaded(user.accessToken, bytes, "a.mp3");
  const res = await client(user.accessToken).media[":id"].playback.$get({ param: { id: item.id }, query: {} });
  const body = await expectJson(res, 200);
  return { url: body.url, bytes, item, user, body };
}

// Signed URLs are under /stream, outside /api and the typed client: they are fetched as handed out.
const get = (url: string, headers: Record<string, string> = {}, method = "GET") => SELF.fetch(url, { method, headers });

describe("signed streaming", { timeout: 30_000 }, () => {
  it("hands out a signed URL valid for at most an hour", async () => {
    const { body, item } = await playbackUrl();
    expect(body.type).toBe("audio/mpeg");
    expect(body.url).toMatch(new RegExp(`^https://marquee\\.test/stream/[^/]+/media/${item.id}/source$`));
    const ttl = Date.parse(body.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(59 * 60 * 1000);
    expect(ttl).toBeLessThanOrEqual(60 * 60 * 1000);
  });

  it("hands out a link for the time asked (a share link), up to 7 days", async () => {
    const { item, user } = await playbackUrl();
    const ask = (expiresIn: string) =>
      client(user.accessToken).media[":id"].playback.$get({ param: { id: item.id }, query: { expiresIn } });
    for (const seconds of [86_400, 604_800]) {
      const link = await expectJson(await ask(String(seconds)), 200);
      const ttl = Date.parse(link.expiresAt) - Date.now();
      expect(ttl).toBeGreaterThan((seconds - 60) * 1000);
      expect(ttl).toBeLessThanOrEqual(seconds * 1000);
      const res = await get(link.url);
      expect(res.status).toBe(200);
      await res.body?.cancel();
    }
    for (const bad of ["0", "59", "604801", "1.5", "soon"]) await expectProblemOf(await ask(bad), 400);
    const other = await registerUser();
    const asOther = client(other.accessToken).media[":id"];
    await expectProblemOf(await asOther.playback.$get({ param: { id: item.id }, query: { expiresIn: "86400" } }), 404);
    // Someone it is shared with plays it, but does not hand out links of their own.
    const profile = await expectJson(await client(other.accessToken).me.$get(), 200);
    const shared = await client(user.accessToken).media[":id"].shares.$post({
      param: { id: item.id },
      json: { username: profile.username },
    });
    expect(shared.status).toBe(201);
    expect((await asOther.playback.$get({ param: { id: item.id }, query: {} })).status).toBe(200);
    await expectProblemOf(await asOther.playback.$get({ param: { id: item.id }, query: { expiresIn: "86400" } }), 403);
  });

  it("serves the whole object with its type, length, ETag and Accept-Ranges", async () => {
    const { url, bytes } = await playbackUrl();
    const res = await get(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("audio/mpeg");
    expect(res.headers.get("accept-ranges")).toBe("bytes");
    expect(res.headers.get("content-length")).toBe(String(bytes.length));
    expect(res.headers.get("etag")).toMatch(/^"[^"]+"$/);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
    const head = await get(url, {}, "HEAD");
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String(bytes.length));
    expect(await head.text()).toBe("");
    const headRange = await get(url, { range: "bytes=10-19" }, "HEAD");
    expect(headRange.status).toBe(206);
    expect(headRange.headers.get("content-range")).toBe(`bytes 10-19/${bytes.length}`);
    expect(headRange.headers.get("content-length")).toBe("10");
    expect(await headRange.text()).toBe("");
  });

  it("answers ranges with 206 and Content-Range, including open and suffix ranges", async () => {
    const { url, bytes } = await playbackUrl();
    const size = bytes.length;
    const cases: [string, number, number][] = [
      ["bytes=0-99", 0, 99],
      ["bytes=100-", 100, size - 1],
      ["bytes=-50", size - 50, size - 1],
      [`bytes=${size - 10}-${size + 1000}`, size - 10, size - 1],
      [`bytes=-${size + 10}`, 0, size - 1],
      [`bytes=${size - 1}-${size - 1}`, size - 1, size - 1],
    ];
    for (const [range, start, end] of cases) {
      const res = await get(url, { range });
      expect(res.status, range).toBe(206);
      expect(res.headers.get("content-range"), range).toBe(`bytes ${start}-${end}/${size}`);
      expect(res.headers.get("content-length"), range).toBe(String(end - start + 1));
      expect(new Uint8Array(await res.arrayBuffer()), range).toEqual(bytes.subarray(start, end + 1));
    }
  });

  it("answers 416 for unsatisfiable ranges and ignores multi-range requests", async () => {
    const { url, bytes } = await playbackUrl();
    for (const range of [
      `bytes=${bytes.length}-`,
      `bytes=${bytes.length + 5}-${bytes.length + 10}`,
      "bytes=-0",
      "bytes=9-3",
      "bytes=x-y",
    ]) {
      const res = await get(url, { range });
      expect(res.status, range).toBe(416);
      expect(res.headers.get("content-range"), range).toBe(`bytes */${bytes.length}`);
      await res.body?.cancel();
    }
    const multi = await get(url, { range: "bytes=0-1,5-6" });
    expect(multi.status).toBe(200);
    await multi.body?.cancel();
  });

  it("answers 304 to a matching If-None-Match, with or without a range", async () => {
    const { url } = await playbackUrl();
    const first = await get(url);
    const etag = first.headers.get("etag") ?? "";
    await first.body?.cancel();
    const cached = await get(url, { "if-none-match": etag });
    expect(cached.status).toBe(304);
    expect(cached.headers.get("etag")).toBe(etag);
    expect(await cached.text()).toBe("");
    expect((await get(url, { "if-none-match": etag, range: "bytes=0-1" })).status).toBe(304);
    const stale = await get(url, { "if-none-match": '"something-else"' });
    expect(stale.status).toBe(200);
    await stale.body?.cancel();
  });

  it("refuses tampered, expired and out-of-prefix links with 403", async () => {
    const { url, item } = await playbackUrl();
    const [, , , , token] = url.split("/");
    const [exp, prefix, signature] = token.split(".");
    const forged = url.replace(token, `${Number(exp) + 60}.${prefix}.${signature}`);
    const badSig = url.replace(token, `${exp}.${prefix}.${signature.slice(0, -2)}AA`);
    const expired = await signPrefix(env.JWT_SECRET, `media/${item.id}/source`, Date.now() - 1000);
    const otherPrefix = await signPrefix(env.JWT_SECRET, "media/someone-else/", Date.now() + 60_000);
    // Validly signed, but for longer than the 7 days a signed URL may live.
    const tooLong = await signPrefix(env.JWT_SECRET, `media/${item.id}/source`, Date.now() + 8 * 24 * 60 * 60 * 1000);
    for (const bad of [
      forged,
      badSig,
      url.replace(token, "garbage"),
      `https://marquee.test/stream/${expired}/media/${item.id}/source`,
      `https://marquee.test/stream/${otherPrefix}/media/${item.id}/source`,
      `https://marquee.test/stream/${tooLong}/media/${item.id}/source`,
      url.replace("/source", "/../other/source"),
    ]) {
      await expectProblemOf(await checkedFetch(bad), 403);
    }
    const missing = await signPrefix(env.JWT_SECRET, "media/none/", Date.now() + 60_000);
    await expectProblemOf(await checkedFetch(`https://marquee.test/stream/${missing}/media/none/file.mp3`), 404);
  });

  it("stops serving a link once its media is deleted, although the link has not expired", async () => {
    const { url, item, user } = await playbackUrl();
    const before = await get(url, { range: "bytes=0-9" });
    expect(before.status).toBe(206);
    await before.body?.cancel();
    expect((await client(user.accessToken).media[":id"].$delete({ param: { id: item.id } })).status).toBe(204);
    await expectProblemOf(await checkedFetch(url, { headers: { range: "bytes=0-9" } }), 404);
  });

  it("streams an HLS playlist and its segments under one token, with the right types", async () => {
    const prefix = "media/hls-test/job/";
    await env.MEDIA.put(`${prefix}master.m3u8`, "#EXTM3U\n360p/index.m3u8\n", {
      httpMetadata: { contentType: "application/vnd.apple.mpegurl" },
    });
    await env.MEDIA.put(`${prefix}360p/seg_000.ts`, new Uint8Array(188), { httpMetadata: { contentType: "video/mp2t" } });
    const token = await signPrefix(env.JWT_SECRET, prefix, Date.now() + 60_000);
    const master = await get(`https://marquee.test/stream/${token}/${prefix}master.m3u8`);
    expect(master.headers.get("content-type")).toBe("application/vnd.apple.mpegurl");
    const segmentUrl = new URL("360p/seg_000.ts", `https://marquee.test/stream/${token}/${prefix}master.m3u8`);
    await master.body?.cancel();
    const segment = await get(segmentUrl.href);
    expect(segment.status).toBe(200);
    expect(segment.headers.get("content-type")).toBe("video/mp2t");
    expect((await segment.arrayBuffer()).byteLength).toBe(188);
  });
});
