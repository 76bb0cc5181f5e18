import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser, signInAdmin } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";
import { DURATION_BUCKETS } from "../lib/metrics.contract";
import { histogramQuantile } from "./monitor.index";

const summaryOf = (token?: string) => client(token).admin.monitor.summary.$get();

describe("GET /api/admin/monitor/summary", () => {
  it("reports traffic, errors, latency, the transcoder, people, storage and the breakers", async () => {
    const admin = await signInAdmin();
    const user = await registerUser();
    // Some traffic first: signed-in reads (an active session) and an unknown route (404, not an error).
    for (let i = 0; i < 5; i++) expect((await client(user.accessToken).me.$get()).status).toBe(200);
    await SELF.fetch("https://marquee.test/api/nope");

    const res = await summaryOf(admin.accessToken);
    const s = await expectJson(res, 200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(Date.now() - Date.parse(s.generatedAt)).toBeLessThan(60_000);
    expect(s.deployment.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect(Date.parse(s.deployment.deployedAt ?? "")).toBeLessThanOrEqual(Date.parse(s.generatedAt));

    expect(s.requests.windowSeconds).toBeGreaterThanOrEqual(300);
    expect(s.requests.windowSeconds).toBeLessThanOrEqual(360);
    expect(s.requests.total).toBeGreaterThanOrEqual(7);
    expect(s.requests.perSecond).toBeCloseTo(s.requests.total / s.requests.windowSeconds, 2);
    expect(s.requests.errorRate).toBe(s.requests.errors5xx / s.requests.total);
    expect(s.requests.p95Ms).toEqual(expect.any(Number));
    expect(s.requests.p95Ms).toBeGreaterThan(0);
    expect(s.requests.p95Ms).toBeLessThanOrEqual(DURATION_BUCKETS[DURATION_BUCKETS.length - 1] * 1000);

    // The local queue cannot report its backlog: the summary says so instead of guessing.
    if (!s.queue.known) expect(s.queue).toEqual({ known: false, depth: null, oldestMessageAgeSeconds: null });
    else expect(s.queue.depth).toBeGreaterThanOrEqual(0);

    // The tests' transcoder runs (test/media-global-setup.ts).
    expect(s.transcoder).toMatchObject({ status: "up", jobsRunning: expect.any(Number), jobsWaiting: 0 });
    expect(s.transcoder.latencyMs).toBeGreaterThanOrEqual(0);

    expect(s.sessions.activeEstimate).toBeGreaterThanOrEqual(1); // the user (this request is counted after it answers)
    const users = await env.DB.prepare("SELECT count(*) AS n FROM users").first<{ n: number }>();
    expect(s.users.total).toBe(users?.n);
    const stored = await env.DB.prepare(
      "SELECT (SELECT coalesce(sum(size_bytes), 0) FROM media_items) + (SELECT coalesce(sum(output_bytes), 0) FROM media_jobs) AS n",
    ).first<{ n: number }>();
    expect(s.storage.bytes).toBe(stored?.n);
    expect(s.storage.bytes).toBe(s.storage.originalsBytes + s.storage.outputsBytes);

    expect(s.breakers.map((b) => b.name).sort()).toEqual(["email", "transcoder"]);
    for (const b of s.breakers) expect(b).toMatchObject({ state: "closed", failures: 0, openedAt: null, retryAt: null });
  });

  it("is for admins only", async () => {
    await expectProblemOf(await summaryOf(), 401);
    await expectProblemOf(await summaryOf("not-a-token"), 401);
    const user = await registerUser();
    await expectProblemOf(await summaryOf(user.accessToken), 403);
  });
});

describe("the p95 of a duration histogram", () => {
  it("interpolates inside the bucket the rank falls in, and is null with nothing observed", () => {
    expect(histogramQuantile(0.95, [0, 0, 0])).toBeNull();
    // 100 requests: 90 at most 5 ms, 10 between 5 and 10 ms: rank 95 lies halfway through the second bucket.
    expect(histogramQuantile(0.95, [90, 10, 0], [0.005, 0.01])).toBeCloseTo(0.0075, 6);
    // Everything beyond the largest bound reads as that bound.
    expect(histogramQuantile(0.95, [0, 0, 4], [0.005, 0.01])).toBe(0.01);
  });
});
