import { createExecutionContext, env, SELF, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { checkedFetch, expectProblemOf } from "../../test/client";
import worker from "../index";

// /health and /ping sit outside /api, and /openapi.json and unknown paths are not routes of
// AppType, so this file fetches by path (still checked against the OpenAPI document).
const fetchPath = (path: string, init?: RequestInit) => checkedFetch(`https://marquee.test${path}`, init);

type ReadyCheck = { status: string; latencyMs: number; required: boolean; detail?: string };
type Readiness = {
  status: string;
  checks: Record<string, ReadyCheck>;
  durableObjects: Record<string, ReadyCheck>;
  payments: { provider: string };
};

type OpenApiDocument = { openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };

describe("platform surface", () => {
  it("reports D1, R2 and KV healthy", async () => {
    const res = await fetchPath("/health");
    expect(res.status).toBe(200);
    const body: unknown = await res.json();
    expect(body).toEqual({ status: "ok", checks: { d1: "ok", r2: "ok", kv: "ok" } });
  });

  it("reports readiness with each dependency's latency and the active payment provider", async () => {
    const res = await fetchPath("/health/ready");
    expect(res.status).toBe(200);
    const body = (await res.json()) as Readiness;
    expect(body.status).toBe("ready");
    expect(Object.keys(body.checks).sort()).toEqual([
      "configuration",
      "d1",
      "durableObjects",
      "email",
      "kv",
      "payments",
      "queue",
      "r2",
      "transcoder",
    ]);
    for (const check of [...Object.values(body.checks), ...Object.values(body.durableObjects)]) {
      expect(check.status, check.detail).toBe("ok");
      expect(check.latencyMs).toBeGreaterThanOrEqual(0);
    }
    expect(body.checks.email.required).toBe(false);
    expect(body.checks.transcoder.required).toBe(true);
    expect(Object.keys(body.durableObjects)).toEqual(
      expect.arrayContaining(["USER_SESSIONS", "SHOWTIME_SEATS", "NOTIFICATION_ROOMS", "OPS_METRICS", "CIRCUIT_BREAKERS"]),
    );
    expect(body.payments).toEqual({ provider: "simulated" });
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("answers 503 when the transcoder is unreachable, naming it", async () => {
    // The same Worker with TRANSCODER_URL on a port nobody listens on (the transcoder is stopped).
    const ctx = createExecutionContext();
    const res = await worker.fetch(
      new Request("https://marquee.test/health/ready"),
      { ...env, TRANSCODER_URL: "http://127.0.0.1:9" },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(503);
    const body = (await res.json()) as Readiness;
    expect(body.status).toBe("not_ready");
    expect(body.checks.transcoder).toMatchObject({
      status: "error",
      required: true,
      detail: expect.stringMatching(/health check/),
    });
    expect(body.checks.d1.status).toBe("ok");
    // The liveness check does not depend on the transcoder.
    const live = await worker.fetch(
      new Request("https://marquee.test/health"),
      { ...env, TRANSCODER_URL: "http://127.0.0.1:9" },
      ctx,
    );
    expect(live.status).toBe(200);
  });

  it("has a route that does nothing, for the benchmarks' floor", async () => {
    expect((await fetchPath("/ping")).status).toBe(204);
  });

  it("serves the OpenAPI 3.1 document with every route and the docs page", async () => {
    const res = await fetchPath("/api/openapi.json");
    expect(res.status).toBe(200);
    const doc: OpenApiDocument = await res.json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/auth/register", "/auth/login", "/auth/refresh", "/me", "/me/sessions/{id}", "/users/{id}/role"]),
    );
    expect(doc.components.schemas.Problem).toBeDefined();
    const docs = await SELF.fetch("https://marquee.test/api/docs");
    expect(docs.status).toBe(200);
    const page = await docs.text();
    expect(page).toContain("/api/openapi.json");
    expect(page).toContain("/vendor/scalar.js"); // served from our assets, so the docs work offline
  });

  it("answers unknown API routes with a 404 problem", async () => {
    const res = await fetchPath("/api/nope");
    expect((await expectProblemOf(res, 404)).detail).toContain("/api/nope");
  });

  it("serves the web app from static assets, its page for every app path", async () => {
    // In production the platform routes non-API paths to assets before the Worker runs.
    const res = await env.ASSETS.fetch("https://marquee.test/");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<title>Marquee</title>");
    expect(html).toMatch(/<script type="module"[^>]* src="\/assets\/index-[^"]+\.js"/);
    // A deep link (the app routes it in the browser) gets the same page, not a 404.
    const deep = await env.ASSETS.fetch("https://marquee.test/movies/01JDQ4Z8X6V3M0N9K2H7G5F4E3");
    expect(deep.status).toBe(200);
    expect(await deep.text()).toBe(html);
    // The API docs page's script is served locally (no CDN), next to the app.
    expect((await env.ASSETS.fetch("https://marquee.test/vendor/scalar.js")).status).toBe(200);
  });

  it("tags every response with a request id and security headers", async () => {
    const res = await fetchPath("/health");
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9A-Z]{26}$/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("strict-transport-security")).toContain("max-age");
  });

  it("allows CORS only for configured origins", async () => {
    const allowed = await SELF.fetch("https://marquee.test/api/me", {
      method: "OPTIONS",
      headers: { origin: "https://app.marquee.test", "access-control-request-method": "GET" },
    });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://app.marquee.test");
    const denied = await SELF.fetch("https://marquee.test/api/me", {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "GET" },
    });
    expect(denied.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("turns malformed JSON into a 400 problem, and a wrong content type into 415", async () => {
    // Bodies the typed client cannot send, so raw requests.
    const login = (init: RequestInit) => fetchPath("/api/auth/login", { method: "POST", ...init });
    const malformed = await login({ body: "{not json", headers: { "content-type": "application/json" } });
    await expectProblemOf(malformed, 400);
    const wrongType = await login({ body: "email=a", headers: { "content-type": "text/plain" } });
    await expectProblemOf(wrongType, 415);
    const empty = await login({});
    expect([400, 415]).toContain(empty.status);
    await expectProblemOf(empty, empty.status);
  });
});
