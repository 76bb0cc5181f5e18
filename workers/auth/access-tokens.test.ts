import { createExecutionContext, env } from "cloudflare:test";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { api, expectProblem, registerUser } from "../../test/api";
import { app } from "../app";
import { base64url } from "../lib/ids";

const me = (token: string) => api("GET", "/api/me", { token });
const secret = () => new TextEncoder().encode(env.JWT_SECRET);
const encode = (value: object) => base64url(new TextEncoder().encode(JSON.stringify(value)));

function claimsOf(token: string) {
  return JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
}

describe("access tokens", () => {
  it("carry sub, role, sid and jti and expire in 15 minutes", async () => {
    const user = await registerUser();
    const claims = claimsOf(user.accessToken);
    expect(claims).toMatchObject({ sub: user.id, role: "user", sid: expect.any(String), jti: expect.any(String) });
    expect(claims.exp - claims.iat).toBe(900);
    expect((await me(user.accessToken)).status).toBe(200);
  });

  it("refuses a request without a bearer token", async () => {
    const res = await api("GET", "/api/me");
    expectProblem(res, 401);
    expect(res.headers.get("www-authenticate")).toContain("Bearer");
    expectProblem(await api("GET", "/api/me", { headers: { authorization: "Basic abc" } }), 401);
  });

  it("refuses alg: none", async () => {
    const user = await registerUser();
    const unsigned = `${encode({ alg: "none", typ: "JWT" })}.${user.accessToken.split(".")[1]}.`;
    expectProblem(await me(unsigned), 401);
  });

  it("refuses a tampered payload", async () => {
    const user = await registerUser();
    const [header, , signature] = user.accessToken.split(".");
    const forged = `${header}.${encode({ ...claimsOf(user.accessToken), role: "admin" })}.${signature}`;
    expectProblem(await me(forged), 401);
  });

  it("refuses a token signed with another key or another algorithm", async () => {
    const user = await registerUser();
    const claims = claimsOf(user.accessToken);
    const otherKey = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256" })
      .sign(new TextEncoder().encode("x".repeat(40)));
    expectProblem(await me(otherKey), 401);
    const hs512 = await new SignJWT(claims).setProtectedHeader({ alg: "HS512" }).sign(secret());
    expectProblem(await me(hs512), 401);
  });

  it("refuses an expired token", async () => {
    const user = await registerUser();
    const { iat, exp, ...claims } = claimsOf(user.accessToken);
    const expired = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256" })
      .setIssuedAt(Math.floor(Date.now() / 1000) - 1000)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(secret());
    expect(expectProblem(await me(expired), 401).detail).toMatch(/expired/);
  });

  it("refuses a validly signed token whose session does not exist", async () => {
    const user = await registerUser();
    const { iat, exp, ...claims } = claimsOf(user.accessToken);
    const orphan = await new SignJWT({ ...claims, sid: "01NOSUCHSESSION0000000000" })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(secret());
    expectProblem(await me(orphan), 401);
  });

  it("refuses garbage", async () => {
    expectProblem(await me("not.a.jwt"), 401);
    expectProblem(await me("x"), 401);
  });

  it("answers 503, not the caller's 401, while the server has no usable JWT_SECRET", async () => {
    const user = await registerUser();
    const res = await app.fetch(
      new Request("https://marquee.test/api/me", { headers: { authorization: `Bearer ${user.accessToken}` } }),
      { ...env, JWT_SECRET: "too-short" },
      createExecutionContext(),
    );
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });
});
