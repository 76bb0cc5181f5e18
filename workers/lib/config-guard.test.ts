import { createExecutionContext, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { expectProblemOf } from "../../test/client";
import { app } from "../app";
import { EXAMPLE_SECRETS } from "./config-guard";

// A production deployment that copied .dev.vars.example (or kept a short JWT_SECRET) serves
// nothing but its readiness report, so the published secrets never mint or accept a token.

const production = (overrides: Partial<Env>): Env => ({
  ...env,
  ENVIRONMENT: "production",
  PAYMENTS_PROVIDER: "simulated",
  JWT_SECRET: "a-real-production-secret-0123456789abcdef",
  METRICS_TOKEN: "a-real-metrics-token-0123456789",
  ADMIN_PASSWORD: "a-real-admin-password-0123",
  ...overrides,
});

const fetchAs = (environment: Env, path: string, init: RequestInit = {}) =>
  app.fetch(new Request(`https://marquee.test${path}`, init), environment, createExecutionContext());

const login = (environment: Env) =>
  fetchAs(environment, "/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "nobody@example.com", password: "not-the-password" }),
  });

describe("production with published or weak secrets", () => {
  const cases: [string, Partial<Env>, RegExp][] = [
    ["the example JWT_SECRET", { JWT_SECRET: EXAMPLE_SECRETS.JWT_SECRET }, /JWT_SECRET is the published value/],
    ["a short JWT_SECRET", { JWT_SECRET: "short-secret" }, /JWT_SECRET must be set to at least 32/],
    ["no JWT_SECRET", { JWT_SECRET: "" }, /JWT_SECRET must be set/],
    ["the example METRICS_TOKEN", { METRICS_TOKEN: EXAMPLE_SECRETS.METRICS_TOKEN }, /METRICS_TOKEN is the published value/],
    ["the example ADMIN_PASSWORD", { ADMIN_PASSWORD: EXAMPLE_SECRETS.ADMIN_PASSWORD }, /ADMIN_PASSWORD is the published value/],
  ];

  for (const [what, overrides, names] of cases) {
    it(`answers every request with a 503 naming ${what}, and reports it as not ready`, async () => {
      const environment = production(overrides);
      const metrics = { authorization: `Bearer ${environment.METRICS_TOKEN}` };
      for (const res of [
        await login(environment),
        await fetchAs(environment, "/api/me", { headers: { authorization: "Bearer x.y.z" } }),
        await fetchAs(environment, "/api/movies"),
        await fetchAs(environment, "/metrics", { headers: metrics }),
        await fetchAs(environment, "/stream/1.a.b/media/x"),
        await fetchAs(environment, "/health"),
      ]) {
        const problem = await expectProblemOf(res, 503);
        expect(problem.detail).toMatch(names);
        expect(problem.detail).not.toContain(environment.JWT_SECRET || "\u0000");
        expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      }
      const ready = await fetchAs(environment, "/health/ready");
      expect(ready.status).toBe(503);
      const report = (await ready.json()) as { status: string; checks: { configuration: { status: string; detail: string } } };
      expect(report.status).toBe("not_ready");
      expect(report.checks.configuration.status).toBe("error");
      expect(report.checks.configuration.detail).toMatch(names);
    });
  }

  it("serves as usual with secrets of its own", async () => {
    const environment = production({});
    expect((await fetchAs(environment, "/ping")).status).toBe(204);
    const res = await fetchAs(environment, "/health/ready");
    const report = (await res.json()) as { checks: { configuration: { status: string } } };
    expect(report.checks.configuration.status).toBe("ok");
    expect((await login(environment)).status).toBe(401); // an unknown account, no longer a 503
  });

  it("lets local runs use the example values", async () => {
    const local = {
      ...env,
      ENVIRONMENT: "development",
      JWT_SECRET: EXAMPLE_SECRETS.JWT_SECRET,
      METRICS_TOKEN: EXAMPLE_SECRETS.METRICS_TOKEN,
    };
    expect((await fetchAs(local, "/ping")).status).toBe(204);
  });
});
