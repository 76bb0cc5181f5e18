import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser, signInAdmin, unique } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";

const me = (token?: string) => client(token).me;
const users = (token?: string) => client(token).users;
const refresh = (refreshToken: string) => client().auth.refresh.$post({ json: { refreshToken } });
const setRole = (token: string, id: string, role: "user" | "moderator" | "admin") =>
  users(token)[":id"].role.$patch({ param: { id }, json: { role } });

describe("GET/PATCH /api/me", () => {
  it("reads and updates the signed-in account", async () => {
    const user = await registerUser();
    const read = await expectJson(await me(user.accessToken).$get(), 200);
    expect(read).toMatchObject({ id: user.id, email: user.email, role: "user" });
    expect(read).not.toHaveProperty("passwordHash");
    const username = unique("new");
    const updated = await me(user.accessToken).$patch({ json: { name: "New Name", username: username.toUpperCase() } });
    expect(await expectJson(updated, 200)).toMatchObject({ name: "New Name", username });
  });

  it("reads back every change to the account, whoever made it", async () => {
    const user = await registerUser();
    const admin = await signInAdmin();
    const read = async () => expectJson(await me(user.accessToken).$get(), 200);
    expect((await read()).name).toBe("Test User");
    await me(user.accessToken).$patch({ json: { name: "Self Edit" } });
    expect((await read()).name).toBe("Self Edit");
    await users(admin.accessToken)[":id"].$patch({ param: { id: user.id }, json: { name: "Admin Edit" } });
    expect((await read()).name).toBe("Admin Edit");
    await me(user.accessToken).password.$patch({ json: { currentPassword: user.password, newPassword: "another-long-one" } });
    const beforePasswordChange = (await read()).updatedAt;
    expect(beforePasswordChange).toEqual(expect.any(String));
    await setRole(admin.accessToken, user.id, "moderator");
    const refreshed = await expectJson(await refresh(user.refreshToken), 200);
    const after = await expectJson(await me(refreshed.accessToken).$get(), 200);
    expect(after).toMatchObject({ role: "moderator", name: "Admin Edit" });
  });

  it("refuses a taken username, an empty change and bad fields", async () => {
    const taken = await registerUser();
    const user = await registerUser();
    const takenName = (await expectJson(await me(taken.accessToken).$get(), 200)).username;
    await expectProblemOf(await me(user.accessToken).$patch({ json: { username: takenName } }), 409);
    await expectProblemOf(await me(user.accessToken).$patch({ json: {} }), 400);
    const bad = await me(user.accessToken).$patch({ json: { avatarUrl: "javascript:alert(1)" } });
    expect((await expectProblemOf(bad, 400)).errors?.[0].path).toBe("avatarUrl");
  });
});

describe("admin user management", () => {
  it("searches accounts by email, username or name, with role filter and cursor pages", async () => {
    const admin = await signInAdmin();
    const list = users(admin.accessToken);
    const tag = unique("findme");
    for (let i = 0; i < 3; i++) await registerUser({ name: `Person ${tag} ${i}` });
    const firstPage = await expectJson(await list.$get({ query: { q: tag, limit: "2" } }), 200);
    expect(firstPage.items).toHaveLength(2);
    expect(firstPage.nextCursor).toEqual(expect.any(String));
    const cursor = firstPage.nextCursor ?? "";
    const secondPage = await expectJson(await list.$get({ query: { q: tag, limit: "2", cursor } }), 200);
    expect(secondPage.items).toHaveLength(1);
    expect(secondPage.nextCursor).toBeNull();
    const ids = [...firstPage.items, ...secondPage.items].map((u) => u.id);
    expect(new Set(ids).size).toBe(3);
    const admins = await expectJson(await list.$get({ query: { role: "admin" } }), 200);
    expect(admins.items.every((u) => u.role === "admin")).toBe(true);
    const wildcard = await expectJson(await list.$get({ query: { q: "%" } }), 200);
    expect(wildcard.items).toHaveLength(0);
  });

  it("is admin-only, with clear errors for bad input", async () => {
    const user = await registerUser();
    const admin = await signInAdmin();
    await expectProblemOf(await users(user.accessToken).$get({ query: {} }), 403);
    await expectProblemOf(await users().$get({ query: {} }), 401);
    await expectProblemOf(await users(admin.accessToken).$get({ query: { limit: "500" } }), 400);
    // @ts-expect-error not a role, on purpose
    await expectProblemOf(await users(admin.accessToken).$get({ query: { role: "root" } }), 400);
    await expectProblemOf(await users(admin.accessToken).$get({ query: { cursor: "%%%" } }), 400);
  });

  it("shows an account to its owner and to admins, and to nobody else", async () => {
    const alice = await registerUser();
    const bob = await registerUser();
    const admin = await signInAdmin();
    const param = { id: alice.id };
    expect((await users(alice.accessToken)[":id"].$get({ param })).status).toBe(200);
    expect((await users(admin.accessToken)[":id"].$get({ param })).status).toBe(200);
    await expectProblemOf(await users(bob.accessToken)[":id"].$get({ param }), 404);
    await expectProblemOf(await users(bob.accessToken)[":id"].$patch({ param, json: { name: "Hacked" } }), 404);
    await expectProblemOf(await users(bob.accessToken)[":id"].$delete({ param }), 404);
    await expectProblemOf(await users(admin.accessToken)[":id"].$get({ param: { id: "01NOSUCHUSER" } }), 404);
    const renamed = await users(admin.accessToken)[":id"].$patch({ param, json: { email: `${unique("x")}@example.com` } });
    expect(renamed.status).toBe(200);
    await expectProblemOf(await users(alice.accessToken)[":id"].$patch({ param, json: { email: "me@example.com" } }), 403);
  });

  it("changes roles; the old access token stops and a refresh carries the new role", async () => {
    const user = await registerUser();
    const admin = await signInAdmin();
    await expectProblemOf(await setRole(user.accessToken, user.id, "admin"), 403);
    const promoted = await expectJson(await setRole(admin.accessToken, user.id, "moderator"), 200);
    expect(promoted.role).toBe("moderator");
    await expectProblemOf(await me(user.accessToken).$get(), 401);
    const refreshed = await expectJson(await refresh(user.refreshToken), 200);
    expect(refreshed.user.role).toBe("moderator");
    const claims = JSON.parse(atob(refreshed.accessToken.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
    expect(claims.role).toBe("moderator");
    // @ts-expect-error not a role, on purpose
    await expectProblemOf(await setRole(admin.accessToken, user.id, "root"), 400);
    await expectProblemOf(await setRole(admin.accessToken, "01NOSUCHUSER", "user"), 404);
  });

  it("never demotes or deletes the last admin", async () => {
    const admin = await signInAdmin();
    const admins = await expectJson(await users(admin.accessToken).$get({ query: { role: "admin", limit: "100" } }), 200);
    // Demote any admins other tests created, so the first admin is the last one.
    for (const other of admins.items.filter((u) => u.id !== admin.id)) {
      await setRole(admin.accessToken, other.id, "user");
    }
    const demote = await setRole(admin.accessToken, admin.id, "user");
    expect((await expectProblemOf(demote, 409)).detail).toMatch(/last admin/);
    await expectProblemOf(await users(admin.accessToken)[":id"].$delete({ param: { id: admin.id } }), 409);
    expect((await expectJson(await me(admin.accessToken).$get(), 200)).role).toBe("admin");
  });

  it("soft-deletes an account: sessions end, sign-in fails, the email stays taken", async () => {
    const user = await registerUser();
    const admin = await signInAdmin();
    const param = { id: user.id };
    expect((await users(admin.accessToken)[":id"].$delete({ param })).status).toBe(204);
    await expectProblemOf(await me(user.accessToken).$get(), 401);
    await expectProblemOf(await refresh(user.refreshToken), 401);
    await expectProblemOf(await client().auth.login.$post({ json: { email: user.email, password: user.password } }), 401);
    const again = await client().auth.register.$post({
      json: { email: user.email, password: "a-long-password", name: "Again", username: unique("again") },
    });
    await expectProblemOf(again, 409);
    const seen = await expectJson(await users(admin.accessToken)[":id"].$get({ param }), 200);
    expect(seen.deletedAt).toEqual(expect.any(String));
  });

  it("restores a deleted account (admin): it signs in again and is listed as active", async () => {
    const user = await registerUser();
    const admin = await signInAdmin();
    const param = { id: user.id };
    const restore = (token: string | undefined, id = user.id) => users(token)[":id"].restore.$post({ param: { id } });
    const listed = async (status: "active" | "disabled" | "all") =>
      (await expectJson(await users(admin.accessToken).$get({ query: { q: user.email, status } }), 200)).items.map((u) => u.id);
    expect((await users(admin.accessToken)[":id"].$delete({ param })).status).toBe(204);
    expect(await listed("active")).toEqual([]);
    expect(await listed("disabled")).toEqual([user.id]);
    expect(await listed("all")).toEqual([user.id]);

    await expectProblemOf(await restore(user.accessToken), 401);
    const other = await registerUser();
    await expectProblemOf(await restore(other.accessToken), 403);
    await expectProblemOf(await restore(undefined), 401);
    await expectProblemOf(await restore(admin.accessToken, "no-such-user"), 404);

    const restored = await expectJson(await restore(admin.accessToken), 200);
    expect(restored).toMatchObject({ id: user.id, email: user.email, deletedAt: null });
    expect(await expectJson(await restore(admin.accessToken), 200)).toMatchObject({ id: user.id, deletedAt: null });
    expect(await listed("active")).toEqual([user.id]);
    expect(await listed("disabled")).toEqual([]);
    const login = await expectJson(
      await client().auth.login.$post({ json: { email: user.email, password: user.password } }),
      200,
    );
    expect((await expectJson(await me(login.accessToken).$get(), 200)).deletedAt).toBeNull();
    await expectProblemOf(await refresh(user.refreshToken), 401);
  });

  it("refuses to restore an account whose email another account now has", async () => {
    const user = await registerUser();
    const admin = await signInAdmin();
    expect((await users(admin.accessToken)[":id"].$delete({ param: { id: user.id } })).status).toBe(204);
    // Only a case-only clash can get past the unique index: make one in D1.
    await env.DB.prepare("UPDATE users SET email = upper(email) WHERE id = ?").bind(user.id).run();
    await registerUser({ email: user.email });
    const refused = await expectProblemOf(await users(admin.accessToken)[":id"].restore.$post({ param: { id: user.id } }), 409);
    expect(refused).toMatchObject({ field: "email" });
    expect(refused.detail).toContain("email");
    const seen = await expectJson(await users(admin.accessToken)[":id"].$get({ param: { id: user.id } }), 200);
    expect(seen.deletedAt).toEqual(expect.any(String));
  });

  it("lets a user delete their own account", async () => {
    const user = await registerUser();
    expect((await users(user.accessToken)[":id"].$delete({ param: { id: user.id } })).status).toBe(204);
    await expectProblemOf(await me(user.accessToken).$get(), 401);
  });
});

describe("GET /api/users/lookup", () => {
  const lookup = (token: string | undefined, username: string) => users(token).lookup.$get({ query: { username } });

  it("answers the public profile on an exact username, whatever its case", async () => {
    const asker = await registerUser();
    const username = unique("findable");
    const target = await registerUser({ username, name: "Find Me" });
    const found = await expectJson(await lookup(asker.accessToken, username.toUpperCase()), 200);
    expect(found).toEqual({ id: target.id, username, name: "Find Me" });
    expect(found).not.toHaveProperty("email");
  });

  it("reveals nothing for a prefix, an unknown name or a deleted account", async () => {
    const asker = await registerUser();
    const username = unique("partial");
    const target = await registerUser({ username });
    for (const guess of [username.slice(0, -1), `${username}x`, "%", "_", unique("nobody")])
      expect((await expectProblemOf(await lookup(asker.accessToken, guess), 404)).detail).toBe("No one has that username");
    await users(target.accessToken)[":id"].$delete({ param: { id: target.id } });
    await expectProblemOf(await lookup(asker.accessToken, username), 404);
  });

  it("needs a signed-in caller and a username", async () => {
    await expectProblemOf(await lookup(undefined, "anyone"), 401);
    const asker = await registerUser();
    await expectProblemOf(await lookup(asker.accessToken, "  "), 400);
    await expectProblemOf(await lookup(asker.accessToken, "x".repeat(101)), 400);
  });
});
