import { env, runInDurableObject, SELF } from "cloudflare:test";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import type { UserSession } from "../../durable-objects/user-session";
import { registerUser, signInAdmin, type TestUser } from "../../test/api";
import { expectProblemOf } from "../../test/client";

// Tokens made by someone holding JWT_SECRET (a leaked secret, a signing bug): a valid signature
// never grants more than the account's stored role, nor outlives its session or account.
// (alg none, other keys and algorithms, tampered payloads and expiry: access-tokens.test.ts.)

const secret = () => new TextEncoder().encode(env.JWT_SECRET);
const claimsOf = (token: string) => JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));

/** The same token, re-signed with the real secret and `changes` to its claims. */
async function resign(token: string, changes: Record<string, unknown>) {
  const { iat, exp, ...claims } = claimsOf(token);
  return new SignJWT({ ...claims, ...changes })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt()
    .setExpirationTime("10m")
    .sign(secret());
}

const call = (path: string, token: string, init: RequestInit = {}) =>
  SELF.fetch(`https://marquee.test${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...(init.headers ?? {}) },
  });
const me = (token: string) => call("/api/me", token);
/** An admin-only read. */
const listUsers = (token: string) => call("/api/users?limit=1", token);

describe("a token signed with the secret but claiming another role", () => {
  it("is refused: the role that authorizes is the account's stored one", async () => {
    const user = await registerUser();
    for (const role of ["admin", "moderator"]) {
      const forged = await resign(user.accessToken, { role });
      await expectProblemOf(await me(forged), 401);
      await expectProblemOf(await listUsers(forged), 401);
    }
    // The genuine token still works, and still is not an admin's.
    expect((await me(user.accessToken)).status).toBe(200);
    await expectProblemOf(await listUsers(user.accessToken), 403);
  });

  it("is refused for a demoted admin's old role too, while the new one works", async () => {
    const admin = await signInAdmin();
    const user = await registerUser();
    const promote = await call(`/api/users/${user.id}/role`, admin.accessToken, {
      method: "PATCH",
      body: JSON.stringify({ role: "moderator" }),
    });
    expect(promote.status).toBe(200);
    // The old token stops at once (its access version); the refreshed one carries the new role.
    await expectProblemOf(await me(user.accessToken), 401);
    const refreshed = await SELF.fetch("https://marquee.test/api/auth/refresh", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ refreshToken: user.refreshToken }),
    });
    const session = (await refreshed.json()) as { accessToken: string };
    expect(claimsOf(session.accessToken).role).toBe("moderator");
    expect((await me(session.accessToken)).status).toBe(200);
    await expectProblemOf(await me(await resign(session.accessToken, { role: "admin" })), 401);
    await expectProblemOf(await me(await resign(session.accessToken, { role: "user" })), 401);
  });

  it("is refused for a session object that kept no role yet (it adopts D1's)", async () => {
    const user = await registerUser();
    const stub = env.USER_SESSIONS.get(env.USER_SESSIONS.idFromName(user.id));
    const forget = () =>
      runInDurableObject(stub, async (instance: UserSession, state) => {
        state.storage.sql.exec("DELETE FROM user_role");
        state.storage.sql.exec("DELETE FROM user_snapshot");
        // The object keeps both in memory too: drop them as an eviction would.
        Object.assign(instance as object, { roleValue: undefined, snapshot: undefined });
      });
    await forget();
    await expectProblemOf(await me(await resign(user.accessToken, { role: "admin" })), 401);
    await forget();
    expect((await me(user.accessToken)).status).toBe(200);
  });
});

describe("a validly signed token whose session or account is gone", () => {
  async function signedOut(user: TestUser) {
    expect((await call("/api/auth/logout", user.accessToken, { method: "POST" })).status).toBe(204);
  }

  it("is refused after logout, also re-signed with a fresh expiry", async () => {
    const user = await registerUser();
    await signedOut(user);
    await expectProblemOf(await me(user.accessToken), 401);
    await expectProblemOf(await me(await resign(user.accessToken, {})), 401);
  });

  it("is refused once the account is deleted, and so is its refresh token", async () => {
    const user = await registerUser();
    expect((await call(`/api/users/${user.id}`, user.accessToken, { method: "DELETE" })).status).toBe(204);
    await expectProblemOf(await me(user.accessToken), 401);
    await expectProblemOf(await me(await resign(user.accessToken, {})), 401);
    await expectProblemOf(await me(await resign(user.accessToken, { role: "admin" })), 401);
    const refresh = await SELF.fetch("https://marquee.test/api/auth/refresh", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ refreshToken: user.refreshToken }),
    });
    await expectProblemOf(refresh, 401);
  });

  it("is refused when it names another user's session", async () => {
    const [a, b] = [await registerUser(), await registerUser()];
    const crossed = await resign(a.accessToken, { sid: claimsOf(b.accessToken).sid });
    await expectProblemOf(await me(crossed), 401);
    const asB = await resign(a.accessToken, { sub: b.id });
    await expectProblemOf(await me(asB), 401);
  });
});

describe("role escalation through request fields", () => {
  const escalations = { role: "admin", isAdmin: true, is_admin: true, admin: true, roles: ["admin"], permissions: ["*"] };

  it("register ignores role-like fields (or refuses them): the account is a user", async () => {
    const name = `esc${crypto.randomUUID().slice(0, 8)}`;
    const res = await SELF.fetch("https://marquee.test/api/auth/register", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        email: `${name}@example.com`,
        password: "a-long-password",
        name: "Esc",
        username: name,
        ...escalations,
      }),
    });
    if (res.status !== 201) {
      await expectProblemOf(res, 400);
      return;
    }
    const session = (await res.json()) as { user: { role: string }; accessToken: string };
    expect(session.user.role).toBe("user");
    expect(claimsOf(session.accessToken).role).toBe("user");
    await expectProblemOf(await listUsers(session.accessToken), 403);
  });

  it("profile, account and profile-list updates never change the role", async () => {
    const user = await registerUser();
    const writes: [string, string, Record<string, unknown>][] = [
      ["PATCH", "/api/me", { name: "Still a user", ...escalations }],
      ["PATCH", `/api/users/${user.id}`, { name: "Still a user", ...escalations }],
      ["POST", "/api/me/profiles", { name: "Kid", ...escalations }],
    ];
    for (const [method, path, body] of writes) {
      const res = await call(path, user.accessToken, { method, body: JSON.stringify(body) });
      expect([200, 201, 400, 403], `${method} ${path} answered ${res.status}`).toContain(res.status);
      if (res.status >= 400) await expectProblemOf(res, res.status);
      else await res.body?.cancel();
    }
    const role = await call(`/api/users/${user.id}/role`, user.accessToken, {
      method: "PATCH",
      body: JSON.stringify({ role: "admin" }),
    });
    await expectProblemOf(role, 403);
    const account = (await (await me(user.accessToken)).json()) as { role: string };
    expect(account.role).toBe("user");
    await expectProblemOf(await listUsers(user.accessToken), 403);
    const row = await env.DB.prepare("SELECT role FROM users WHERE id = ?").bind(user.id).first<{ role: string }>();
    expect(row?.role).toBe("user");
  });
});
