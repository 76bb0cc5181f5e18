import { env } from "cloudflare:test";
import { generateKeyPair, importJWK, type JWTPayload, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { registerUser, unique } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";

// The private half of the key pair test/global-setup.ts generated; its JWKS is served on loopback.
async function idToken(
  claims: JWTPayload,
  opts: { key?: CryptoKey; issuer?: string; audience?: string; expiresIn?: string } = {},
) {
  const key = opts.key ?? ((await importJWK(JSON.parse(env.GOOGLE_TEST_PRIVATE_JWK), "RS256")) as CryptoKey);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", kid: "test-key" })
    .setIssuer(opts.issuer ?? env.GOOGLE_ISSUER)
    .setAudience(opts.audience ?? env.GOOGLE_CLIENT_ID)
    .setIssuedAt()
    .setExpirationTime(opts.expiresIn ?? "5m")
    .sign(key);
}

const google = (token: string) => client().auth.google.$post({ json: { idToken: token } });

describe("POST /api/auth/google", () => {
  it("creates an account on first sign-in and signs into it afterwards", async () => {
    const email = `${unique("g")}@gmail.test`;
    const claims = { sub: unique("sub"), email, email_verified: true, name: "Goo Gle" };
    const first = await expectJson(await google(await idToken(claims)), 201);
    expect(first.user).toMatchObject({ email, name: "Goo Gle", googleLinked: true, hasPassword: false });
    const again = await expectJson(await google(await idToken(claims)), 200);
    expect(again.user.id).toBe(first.user.id);
    expect((await client(again.accessToken).me.$get()).status).toBe(200);
  });

  it("links to an existing account with the same verified email", async () => {
    const user = await registerUser();
    const res = await expectJson(
      await google(await idToken({ sub: unique("sub"), email: user.email, email_verified: true })),
      200,
    );
    expect(res.user).toMatchObject({ id: user.id, googleLinked: true, hasPassword: true });
  });

  it("does not link on an unverified email", async () => {
    const user = await registerUser();
    await expectProblemOf(await google(await idToken({ sub: unique("sub"), email: user.email, email_verified: false })), 409);
  });

  it("refuses tokens for another audience or issuer, expired, or signed by another key", async () => {
    const claims = { sub: unique("sub"), email: `${unique("g")}@gmail.test`, email_verified: true };
    await expectProblemOf(await google(await idToken(claims, { audience: "someone-else" })), 401);
    await expectProblemOf(await google(await idToken(claims, { issuer: "https://evil.test" })), 401);
    await expectProblemOf(await google(await idToken(claims, { expiresIn: "-1m" })), 401);
    const { privateKey } = await generateKeyPair("RS256");
    await expectProblemOf(await google(await idToken(claims, { key: privateKey })), 401);
    await expectProblemOf(await google("garbage"), 401);
    const count = await env.DB.prepare("SELECT COUNT(*) AS n FROM users WHERE email = ?")
      .bind(claims.email)
      .first<{ n: number }>();
    expect(count?.n).toBe(0);
  });

  it("validates the body", async () => {
    await expectProblemOf(await google(""), 400);
  });
});
