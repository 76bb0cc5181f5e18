import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, expectProblem } from "../../test/api";

describe("platform surface", () => {
  it("reports D1, R2 and KV healthy", async () => {
    const res = await api("GET", "/health");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok", checks: { d1: "ok", r2: "ok", kv: "ok" } });
  });

  it("has a route that does nothing, for the benchmarks' floor", async () => {
    expect((await api("GET", "/ping")).status).toBe(204);
  });

  it("serves the OpenAPI 3.1 document with every route and the docs page", async () => {
    const doc = await api("GET", "/api/openapi.json");
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe("3.1.0");
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(["/auth/register", "/auth/login", "/auth/refresh", "/me", "/me/sessions/{id}", "/users/{id}/role"]),
    );
    expect(doc.body.components.schemas.Problem).toBeDefined();
    const docs = await SELF.fetch("https://marquee.test/api/docs");
    expect(docs.status).toBe(200);
    const page = await docs.text();
    expect(page).toContain("/api/openapi.json");
    expect(page).toContain("/vendor/scalar.js"); // served from our assets, so the docs work offline
  });

  it("answers unknown API routes with a 404 problem", async () => {
    const res = await api("GET", "/api/nope");
    expect(expectProblem(res, 404).detail).toContain("/api/nope");
  });

  it("serves the web page from static assets", async () => {
    // In production the platform routes non-API paths to assets before the Worker runs.
    const res = await env.ASSETS.fetch("https://marquee.test/");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Marquee");
    expect(html).toContain("/api/docs");
  });

  it("tags every response with a request id and security headers", async () => {
    const res = await api("GET", "/health");
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
    const malformed = await api("POST", "/api/auth/login", { raw: "{not json", headers: { "content-type": "application/json" } });
    expectProblem(malformed, 400);
    const wrongType = await api("POST", "/api/auth/login", { raw: "email=a", headers: { "content-type": "text/plain" } });
    expectProblem(wrongType, 415);
    const empty = await api("POST", "/api/auth/login");
    expect([400, 415]).toContain(empty.status);
    expectProblem(empty, empty.status);
  });
});
