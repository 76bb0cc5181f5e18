import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser } from "../../test/api";
import { signPrefix } from "./url-signing";

// Security headers on every kind of response: the web app's static page (and its single-page
// fallbacks), the API's JSON and problems, the API docs page and signed streams; and CORS.

const get = (path: string, init: RequestInit = {}) => SELF.fetch(`https://marquee.test${path}`, init);

/** The directives of a Content-Security-Policy header, by name. */
function directives(policy: string | null): Map<string, string[]> {
  expect(policy, "a Content-Security-Policy header").toBeTruthy();
  return new Map(
    (policy ?? "")
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name.toLowerCase(), values]),
  );
}

function expectBaseHeaders(res: Response, what: string) {
  expect(res.headers.get("x-content-type-options"), what).toBe("nosniff");
  expect(res.headers.get("referrer-policy"), what).toMatch(/^(no-referrer|strict-origin-when-cross-origin|same-origin)$/);
  expect(res.headers.get("x-frame-options"), what).toBe("DENY");
  expect(directives(res.headers.get("content-security-policy")).get("frame-ancestors"), what).toEqual(["'none'"]);
}

/** JSON, problems and streams: a policy under which nothing runs. */
function expectLockedDown(res: Response, what: string) {
  expectBaseHeaders(res, what);
  expect(directives(res.headers.get("content-security-policy")).get("default-src"), what).toEqual(["'none'"]);
}

describe("security headers", () => {
  it("lock down the API's JSON, problems, health and OpenAPI document", async () => {
    const user = await registerUser();
    const responses: [string, Response][] = [
      ["GET /api/me", await get("/api/me", { headers: { authorization: `Bearer ${user.accessToken}` } })],
      ["GET /api/me without a token", await get("/api/me")],
      ["GET /api/nope", await get("/api/nope")],
      ["GET /health", await get("/health")],
      ["GET /ping", await get("/ping")],
      ["GET /api/openapi.json", await get("/api/openapi.json")],
      [
        "POST /api/auth/login (malformed)",
        await get("/api/auth/login", { method: "POST", body: "{", headers: { "content-type": "application/json" } }),
      ],
    ];
    for (const [what, res] of responses) {
      expectLockedDown(res, what);
      await res.body?.cancel();
    }
  });

  it("sandbox what a signed stream serves, and refusals of it", async () => {
    const prefix = `media/headers-${crypto.randomUUID()}/`;
    await env.MEDIA.put(`${prefix}source`, "<html><script>alert(1)</script></html>", {
      httpMetadata: { contentType: "video/mp4" },
    });
    const token = await signPrefix(env.JWT_SECRET, prefix, Date.now() + 60_000);
    for (const [what, res] of [
      ["200", await get(`/stream/${token}/${prefix}source`)],
      ["206", await get(`/stream/${token}/${prefix}source`, { headers: { range: "bytes=0-3" } })],
      ["403", await get(`/stream/1.a.b/${prefix}source`)],
    ] as const) {
      expectLockedDown(res, `stream ${what}`);
      expect(directives(res.headers.get("content-security-policy")).has("sandbox"), what).toBe(true);
      await res.body?.cancel();
    }
  });

  it("let the API docs page run only its own scripts: inline ones by hash, never 'unsafe-inline'", async () => {
    const res = await get("/api/docs");
    expect(res.status).toBe(200);
    expectBaseHeaders(res, "/api/docs");
    const policy = directives(res.headers.get("content-security-policy"));
    const scripts = policy.get("script-src") ?? [];
    expect(scripts).not.toContain("'unsafe-inline'");
    expect(scripts).toContain("'self'");
    const html = await res.text();
    const inline = [...html.matchAll(/<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => m[1]);
    expect(inline.length).toBeGreaterThan(0);
    for (const script of inline) {
      const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(script));
      expect(scripts).toContain(`'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}'`);
    }
  });

  it("cover the web app's static page and its fallbacks, with a policy that allows no inline script", async () => {
    // In production the platform serves these from assets before the Worker runs; web/public/_headers sets them.
    for (const path of ["/", "/movies/01JDQ4Z8X6V3M0N9K2H7G5F4E3", "/account", "/favicon.svg"]) {
      const res = await env.ASSETS.fetch(`https://marquee.test${path}`);
      expect(res.status, path).toBe(200);
      expectBaseHeaders(res, path);
      const policy = directives(res.headers.get("content-security-policy"));
      expect(policy.get("default-src"), path).toEqual(["'self'"]);
      expect(policy.get("script-src"), path).not.toContain("'unsafe-inline'");
      expect(policy.get("script-src"), path).not.toContain("'unsafe-eval'");
      expect(policy.get("object-src"), path).toEqual(["'none'"]);
      // hls.js plays from blob: (Media Source Extensions).
      expect(policy.get("media-src"), path).toContain("blob:");
      const body = await res.text();
      if (path !== "/favicon.svg") {
        // The policy can forbid inline scripts because the built page has none.
        expect(body).not.toMatch(/<script\b(?![^>]*\bsrc\s*=)[^>]*>/i);
        expect(body).not.toMatch(/\son[a-z]+\s*=/i);
      }
    }
  });
});

describe("CORS", () => {
  const origins = ["https://app.marquee.test", "https://evil.example", "null"];

  it("never answers `*`, and never allows credentials to an origin it does not list", async () => {
    const user = await registerUser();
    for (const origin of origins) {
      const preflight = await get("/api/me", {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "GET", "access-control-request-headers": "authorization" },
      });
      const actual = await get("/api/me", { headers: { origin, authorization: `Bearer ${user.accessToken}` } });
      const stream = await get("/stream/1.a.b/media/x", { headers: { origin } });
      for (const res of [preflight, actual, stream]) {
        const allowed = res.headers.get("access-control-allow-origin");
        expect(allowed).not.toBe("*");
        if (origin !== "https://app.marquee.test") expect(allowed).toBeNull();
        if (res.headers.get("access-control-allow-credentials") === "true") expect(allowed).toBe(origin);
        await res.body?.cancel();
      }
    }
  });
});
