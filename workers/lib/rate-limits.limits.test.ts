import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { signInAdmin, unique } from "../../test/api";
import { checkedFetch } from "../../test/client";
import { secondsToReset } from "./rate-limit-policy";

// This file runs in the workers-limits project: wrangler.toml's budgets (auth 10/60, write 120,
// read 600), but writes in a 10 s window so that a reset fits in a test (vitest.config.ts).
const WRITE_LIMIT = 120;
const AUTH_LIMIT = 10;

let addresses = 0;
/** A client address of its own, so each test starts with fresh per-address budgets. */
const freshAddress = () => `198.51.100.${++addresses + Math.floor(Math.random() * 100)}`;

const call = (path: string, init: RequestInit & { ip: string; token?: string }) =>
  checkedFetch(`https://marquee.test${path}`, {
    ...init,
    headers: {
      "content-type": "application/json",
      "cf-connecting-ip": init.ip,
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.headers as Record<string, string> | undefined),
    },
  });

// A new identifier each time: the sign-in throttle (per identifier) must not be what answers 429.
const badLogin = (ip: string) =>
  call("/api/auth/login", {
    method: "POST",
    ip,
    body: JSON.stringify({ email: `${unique("nobody")}@example.com`, password: "wrong-password" }),
  });

async function register(ip: string) {
  const name = unique("rl");
  const res = await call("/api/auth/register", {
    method: "POST",
    ip,
    body: JSON.stringify({ email: `${name}@example.com`, password: "a-long-password", name: "Limited", username: name }),
  });
  expect(res.status).toBe(201);
  return (await res.json<{ user: { id: string }; accessToken: string }>()) as { user: { id: string }; accessToken: string };
}

/** A cheap write: an empty playlist name fails validation, after the request has spent its budget. */
const write = (ip: string, token: string) =>
  call("/api/playlists", { method: "POST", ip, token, body: JSON.stringify({ name: "" }) });

async function expectLimited(res: Response, name: string, limit: number, period: number) {
  expect(res.status).toBe(429);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  const retryAfter = Number(res.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(period);
  expect(res.headers.get("ratelimit-policy")).toBe(`"${name}";q=${limit};w=${period}`);
  expect(res.headers.get("ratelimit")).toBe(`"${name}";r=0;t=${retryAfter}`);
  const body = await res.json<{ status: number; detail: string; requestId: string }>();
  expect(body.status).toBe(429);
  expect(body.detail).toContain(`Try again in ${retryAfter} s`);
  expect(body.requestId).toBe(res.headers.get("x-request-id"));
  return retryAfter;
}

/** Waits, if need be, for a fresh window with at least `margin` seconds left, so a burst stays inside one window. */
async function startOfWindow(period: number, margin: number) {
  const left = secondsToReset(period);
  if (left < margin) await new Promise((r) => setTimeout(r, left * 1000 + 100));
}

describe("API-wide rate limits (wrangler.toml's budgets)", { timeout: 40_000 }, () => {
  it("allows the auth budget per address, then answers 429 with Retry-After and the RateLimit headers", async () => {
    await startOfWindow(60, 15);
    const ip = freshAddress();
    for (let i = 0; i < AUTH_LIMIT; i++) expect((await badLogin(ip)).status).toBe(401);
    await expectLimited(await badLogin(ip), "auth", AUTH_LIMIT, 60);
    // Another address has a budget of its own.
    expect((await badLogin(freshAddress())).status).toBe(401);
  });

  it("counts writes per signed-in user, not per address, and resets with the window", async () => {
    await startOfWindow(10, 7);
    const ip = freshAddress();
    const [first, second] = [await register(ip), await register(ip)];
    const spent = await Promise.all(Array.from({ length: WRITE_LIMIT }, () => write(ip, first.accessToken)));
    expect(spent.map((r) => r.status).every((s) => s === 400)).toBe(true);
    const retryAfter = await expectLimited(await write(ip, first.accessToken), "write", WRITE_LIMIT, 10);
    // The same address, another person: their own budget.
    expect((await write(ip, second.accessToken)).status).toBe(400);
    await new Promise((r) => setTimeout(r, retryAfter * 1000 + 200));
    expect((await write(ip, first.accessToken)).status).toBe(400);
  });

  it("tells every answer its policy, and audits a block once per window", async () => {
    await startOfWindow(60, 15);
    const ip = freshAddress();
    const ok = await call("/api/movies", { method: "GET", ip });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("ratelimit-policy")).toBe('"read";q=600;w=60');
    // Liveness and metrics are outside the API's budgets.
    expect(
      (await SELF.fetch("https://marquee.test/health", { headers: { "cf-connecting-ip": ip } })).headers.get("ratelimit-policy"),
    ).toBeNull();

    for (let i = 0; i < AUTH_LIMIT; i++) await badLogin(ip);
    await expectLimited(await badLogin(ip), "auth", AUTH_LIMIT, 60);
    await expectLimited(await badLogin(ip), "auth", AUTH_LIMIT, 60);
    const admin = await signInAdmin();
    const query = new URLSearchParams({ action: "rate_limit.blocked", target: "auth" });
    const audit = await call(`/api/admin/audit?${query}`, { method: "GET", ip: freshAddress(), token: admin.accessToken });
    expect(audit.status).toBe(200);
    const { items } = await audit.json<{ items: { action: string; clientAddress: string | null; detail: { key: string } }[] }>();
    const mine = items.filter((entry) => entry.clientAddress === ip);
    expect(mine).toHaveLength(1);
    expect(mine[0].detail.key).toBe(`client:${ip}`);
  });
});
