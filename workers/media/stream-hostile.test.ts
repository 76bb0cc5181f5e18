import { env, SELF } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { expectProblemOf } from "../../test/client";
import { database } from "../lib/db";
import { signPrefix } from "../lib/url-signing";

// Hostile requests to /stream, built by hand: signed links are fetched as handed out, outside the
// typed client. Two users' objects are put in R2 directly; only the prefix signed for `mine` is granted.
const run = crypto.randomUUID();
const mine = `media/hostile-${run}-a/`;
const theirs = `media/hostile-${run}-b/`;
const body = new TextEncoder().encode("0123456789abcdefghijklmnopqrstuvwxyz"); // 36 bytes
const secret = new TextEncoder().encode("someone else's secret bytes");

const get = (path: string, headers: Record<string, string> = {}) =>
  SELF.fetch(`https://marquee.test${path}`, { headers, redirect: "manual" });
const signed = (prefix = mine, ttlMs = 60_000) => signPrefix(env.JWT_SECRET, prefix, Date.now() + ttlMs);

async function errorRowsFor(path: string) {
  const rows = await database(env.DB).all<{ n: number }>(
    sql`SELECT count(*) AS n FROM error_log WHERE json_extract(detail, '$.path') LIKE ${`${path}%`}`,
  );
  return rows[0]?.n ?? 0;
}

beforeAll(async () => {
  await env.MEDIA.put(`${mine}source`, body, { httpMetadata: { contentType: "video/mp4" } });
  await env.MEDIA.put(`${mine}hls/index.m3u8`, "#EXTM3U\n", { httpMetadata: { contentType: "application/vnd.apple.mpegurl" } });
  await env.MEDIA.put(`${theirs}source`, secret, { httpMetadata: { contentType: "video/mp4" } });
});

describe("hostile /stream paths", { timeout: 30_000 }, () => {
  it("checks the token before decoding the path: a malformed path with a forged token is a 403, never a 500", async () => {
    for (const path of ["/stream/1.a.b/media/x%", "/stream/1.a.b/media/%E0%A4%A", "/stream/1.a.b/%", "/stream/x/%zz"]) {
      const res = await get(path);
      await expectProblemOf(res, 403);
    }
    await new Promise((resolve) => setTimeout(resolve, 200)); // error rows are written in the background
    expect(await errorRowsFor("/stream/1.a.b/")).toBe(0);
  });

  it("answers a malformed or control-character path under a valid token with a 404 problem", async () => {
    const token = await signed();
    for (const tail of ["x%", "%E0%A4%A", "source%", "source%00", "%00source", "source%0a", "hls/%C0%AF"]) {
      await expectProblemOf(await get(`/stream/${token}/${mine}${tail}`), 404);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await errorRowsFor(`/stream/${token}/`)).toBe(0);
  });

  it("serves nothing outside the signed prefix, whatever the path's encoding", async () => {
    const token = await signed();
    const ok = await get(`/stream/${token}/${mine}source`);
    expect(ok.status).toBe(200);
    expect(new Uint8Array(await ok.arrayBuffer())).toEqual(body);
    const other = theirs.slice("media/".length);
    const attempts = [
      `${mine}../${other}source`,
      `${mine}%2e%2e/${other}source`,
      `${mine}%2E%2E%2F${other}source`,
      `${mine}..%2f${other}source`,
      `${mine}hls/..%2f..%2f${other}source`,
      `${mine}hls/%2e%2e%2f%2e%2e%2f${other}source`,
      `${mine}.%2e/${other}source`,
      `${mine}%2f..%2f..%2f${other}source`,
      `${mine}..%5c${other}source`,
      `${mine}source%00/../../${other}source`,
      `${theirs}source`,
      `${encodeURIComponent(theirs)}source`,
      `media%2fhostile-${run}-b%2fsource`,
    ];
    for (const tail of attempts) {
      const res = await get(`/stream/${token}/${tail}`);
      expect([403, 404], `${tail} answered ${res.status}`).toContain(res.status);
      await expectProblemOf(res, res.status);
    }
  });

  it("keeps HLS segment paths under the playlist's token", async () => {
    const token = await signed(`${mine}hls/`);
    expect((await get(`/stream/${token}/${mine}hls/index.m3u8`)).status).toBe(200);
    for (const tail of [`${mine}source`, `${mine}hls/../source`, `${mine}hls/..%2fsource`, `${mine}hls%2f..%2fsource`]) {
      const res = await get(`/stream/${token}/${tail}`);
      expect([403, 404], `${tail} answered ${res.status}`).toContain(res.status);
    }
  });

  it("refuses tampered, expired and over-long tokens with a 403 problem", async () => {
    const token = await signed();
    const [exp, prefix, signature] = token.split(".");
    const forged = [
      `${exp}.${btoa(theirs).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_")}.${signature}`,
      `${Number(exp) + 60}.${prefix}.${signature}`,
      `${exp}.${prefix}.${signature.slice(0, -2)}AA`,
      `${exp}.${prefix}.`,
      `${exp}.${prefix}.${signature}.extra`,
      await signed(mine, -1000),
      await signPrefix(env.JWT_SECRET, mine, Date.now() + 30 * 24 * 60 * 60 * 1000),
      await signPrefix("another-secret-another-secret-0123456789", mine, Date.now() + 60_000),
    ];
    for (const bad of forged) await expectProblemOf(await get(`/stream/${bad}/${mine}source`), 403);
  });
});

describe("hostile Range headers", { timeout: 30_000 }, () => {
  const ranges = [
    "bytes=0-1,3-4",
    "bytes=0-0,-1",
    "bytes=0-1, 5-",
    "bytes=abc",
    "bytes=5-2",
    "bytes=-0",
    "bytes=--1",
    "bytes=0--1",
    "bytes=-",
    "bytes=",
    "bytes=36-",
    "bytes=1000-2000",
    "bytes=99999999999999999999-",
    "bytes=0-99999999999999999999",
    "bytes=-99999999999999999999",
    "bytes=1.5-2",
    "bytes=0x10-",
    "bytes= 1-2",
    "Bytes=1-2",
    "items=0-1",
    ",",
    `bytes=${"1-2,".repeat(500)}`,
  ];

  it("answers each with 416 or a correct body, never a 5xx", async () => {
    const token = await signed();
    for (const range of ranges) {
      const res = await SELF.fetch(`https://marquee.test/stream/${token}/${mine}source`, { headers: { range } });
      expect([200, 206, 416], `${JSON.stringify(range)} answered ${res.status}`).toContain(res.status);
      const bytes = new Uint8Array(await res.arrayBuffer());
      if (res.status === 200) expect(bytes, range).toEqual(body);
      if (res.status === 416) expect(res.headers.get("content-range")).toBe(`bytes */${body.length}`);
      if (res.status === 206) {
        const match = res.headers.get("content-range")?.match(/^bytes (\d+)-(\d+)\/36$/);
        expect(match, range).toBeTruthy();
        const [start, end] = [Number(match?.[1]), Number(match?.[2])];
        expect(bytes, range).toEqual(body.slice(start, end + 1));
        expect(res.headers.get("content-length")).toBe(String(end - start + 1));
      }
    }
  });
});
