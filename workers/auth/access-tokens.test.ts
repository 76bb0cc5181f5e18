import { createExecutionContext, env } from "cloudflare:test";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { registerUser } from "../../test/api";
import { client, expectProblemOf } from "../../test/client";
import { app } from "../app";
import { base64url } from "../lib/ids";

const me = (token?: string) => client(token).me.$get();
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
    const res = await me();
    await expectProblemOf(res, 401);
    expect(res.headers.get("www-authenticate")).toContain("Bearer");
    await expectProblemOf(await client().me.$get(undefined, { headers: { authorization: "Basic abc" } }), 401);
  });

  it("refuses alg: none", async () => {
    const user = await registerUser();
    const unsigned = `${encode({ alg: "none", typ: "JWT" })}.${user.accessToken.split(".")[1]}.`;
    await expectProblemOf(await me(unsigned), 401);
  });

  it("refuses a tampered payload", async () => {
    const user = await registerUser();
    const [header, , signature] = user.accessToken.split(".");
    const forged = `${header}.${encode({ ...claimsOf(user.accessToken), role: "admin" })}.${signature}`;
    await expectProblemOf(await me(forged), 401);
  });

  it("refuses a token signed with another key or another algorithm", async () => {
    const user = await registerUser();
    const claims = claimsOf(user.accessToken);
    const otherKey = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256" })
      .sign(new TextEncoder().encode("x".repeat(40)));
    await expectProblemOf(await me(otherKey), 401);
    const hs512 = await new SignJWT(claims).setProtectedHeader({ alg: "HS512" }).sign(secret());
    await expectProblemOf(await me(hs512), 401);
  });

  it("refuses an expired token", async () => {
    const user = await registerUser();
    const { iat, exp, ...claims } = claimsOf(user.accessToken);
    const expired = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256" })
      .setIssuedAt(Math.floor(Date.now() / 1000) - 1000)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(secret());
    expect((await expectProblemOf(await me(expired), 401)).detail).toMatch(/expired/);
  });

  it("refuses a validly signed token whose session does not exist", async () => {
    const user = await registerUser();
    const { iat, exp, ...claims } = claimsOf(user.accessToken);
    const orphan = await new SignJWT({ ...claims, sid: "01NOSUCHSESSION0000000000" })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(secret());
    await expectProblemOf(await me(orphan), 401);
  });

  it("refuses garbage", async () => {
    await expectProblemOf(await me("not.a.jwt"), 401);
    await expectProblemOf(await me("x"), 401);
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
