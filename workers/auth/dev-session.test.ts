import { createExecutionContext, env } from "cloudflare:test";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { registerUser } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";
import { app } from "../app";

/** A dev-session proof as scripts/seed.mjs makes one; `overrides` bend it to test refusals. */
async function proof(
  overrides: { secret?: string; audience?: string; issuer?: string; issuedAt?: number; expiresAt?: number } = {},
) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(overrides.issuer ?? "marquee-dev")
    .setAudience(overrides.audience ?? "marquee-dev-session")
    .setIssuedAt(overrides.issuedAt ?? now)
    .setExpirationTime(overrides.expiresAt ?? now + 60)
    .sign(new TextEncoder().encode(overrides.secret ?? env.JWT_SECRET));
}

const devSession = async (token?: string, headers: Record<string, string> = {}) =>
  client(token).dev.session.$post(undefined, { headers });

/** The app as a deployment with this ENVIRONMENT runs it. */
const fetchAs = async (environment: string, token: string) =>
  app.fetch(
    new Request("https://marquee.test/api/dev/session", { method: "POST", headers: { authorization: `Bearer ${token}` } }),
    { ...env, ENVIRONMENT: environment },
    createExecutionContext(),
  );

describe("POST /api/dev/session", () => {
  it("signs in as the ADMIN_EMAIL admin (creating it) in test, with a working access token", async () => {
    const res = await expectJson(await devSession(await proof()), 200);
    expect(res.user).toMatchObject({ email: env.ADMIN_EMAIL, role: "admin" });
    expect(res).toMatchObject({
      accessToken: expect.stringMatching(/^ey/),
      refreshToken: expect.any(String),
      expiresIn: 900,
    });
    const me = await expectJson(await client(res.accessToken).me.$get(), 200);
    expect(me.role).toBe("admin");
  });

  it("works in development too", async () => {
    const res = await fetchAs("development", await proof());
    expect(res.status).toBe(200);
  });

  it("does not exist in production, even with a valid proof", async () => {
    const res = await fetchAs("production", await proof());
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });

  it("refuses a missing or wrong proof with 401", async () => {
    await expectProblemOf(await devSession(), 401);
    await expectProblemOf(await devSession("not-a-jwt"), 401);
    await expectProblemOf(await devSession(await proof({ secret: "another-secret-another-secret-0123456789" })), 401);
    await expectProblemOf(await devSession(await proof({ audience: "marquee-api" })), 401);
    await expectProblemOf(await devSession(await proof({ issuer: "marquee" })), 401);
    const now = Math.floor(Date.now() / 1000);
    await expectProblemOf(await devSession(await proof({ issuedAt: now - 120, expiresAt: now - 60 })), 401); // expired
    await expectProblemOf(await devSession(await proof({ issuedAt: now - 3600, expiresAt: now + 3600 })), 401); // too old
  });

  it("does not take an access token as proof", async () => {
    const user = await registerUser();
    await expectProblemOf(await devSession(user.accessToken), 401);
  });

  // Last in the file: it leaves the admin throttled for this address.
  it("still works after the sign-in throttle has locked the admin out", async () => {
    const headers = { "cf-connecting-ip": "203.0.113.9" };
    let status = 0;
    for (let i = 0; i < 30 && status !== 429; i++) {
      status = (await client().auth.login.$post({ json: { email: env.ADMIN_EMAIL, password: "wrong-password" } }, { headers }))
        .status;
    }
    expect(status).toBe(429);
    const res = await devSession(await proof(), headers);
    expect(res.status).toBe(200);
  });
});
