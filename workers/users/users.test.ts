import { describe, expect, it } from "vitest";
import { api, expectProblem, registerUser, signInAdmin, unique } from "../../test/api";

describe("GET/PATCH /api/me", () => {
  it("reads and updates the signed-in account", async () => {
    const user = await registerUser();
    const read = await api("GET", "/api/me", { token: user.accessToken });
    expect(read.body).toMatchObject({ id: user.id, email: user.email, role: "user" });
    expect(read.body).not.toHaveProperty("passwordHash");
    const username = unique("new");
    const updated = await api("PATCH", "/api/me", {
      token: user.accessToken,
      body: { name: "New Name", username: username.toUpperCase() },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: "New Name", username });
  });

  it("reads back every change to the account, whoever made it", async () => {
    const user = await registerUser();
    const admin = await signInAdmin();
    const read = async () => (await api("GET", "/api/me", { token: user.accessToken })).body;
    expect((await read()).name).toBe("Test User");
    await api("PATCH", "/api/me", { token: user.accessToken, body: { name: "Self Edit" } });
    expect((await read()).name).toBe("Self Edit");
    await api("PATCH", `/api/users/${user.id}`, { token: admin.accessToken, body: { name: "Admin Edit" } });
    expect((await read()).name).toBe("Admin Edit");
    await api("PATCH", "/api/me/password", {
      token: user.accessToken,
      body: { currentPassword: user.password, newPassword: "another-long-one" },
    });
    const beforePasswordChange = (await read()).updatedAt;
    expect(beforePasswordChange).toEqual(expect.any(String));
    await api("PATCH", `/api/users/${user.id}/role`, { token: admin.accessToken, body: { role: "moderator" } });
    const refreshed = await api("POST", "/api/auth/refresh", { body: { refreshToken: user.refreshToken } });
    const me = await api("GET", "/api/me", { token: refreshed.body.accessToken });
    expect(me.body).toMatchObject({ role: "moderator", name: "Admin Edit" });
  });

  it("refuses a taken username, an empty change and bad fields", async () => {
    const taken = await registerUser();
    const user = await registerUser();
    const takenName = (await api("GET", "/api/me", { token: taken.accessToken })).body.username;
    expectProblem(await api("PATCH", "/api/me", { token: user.accessToken, body: { username: takenName } }), 409);
    expectProblem(await api("PATCH", "/api/me", { token: user.accessToken, body: {} }), 400);
    const bad = await api("PATCH", "/api/me", { token: user.accessToken, body: { avatarUrl: "javascript:alert(1)" } });
    expect(expectProblem(bad, 400).errors?.[0].path).toBe("avatarUrl");
  });
});

describe("admin user management", () => {
  it("searches accounts by email, username or name, with role filter and cursor pages", async () => {
    const admin = await signInAdmin();
    const tag = unique("findme");
    for (let i = 0; i < 3; i++) await registerUser({ name: `Person ${tag} ${i}` });
    const firstPage = await api("GET", `/api/users?q=${tag}&limit=2`, { token: admin.accessToken });
    expect(firstPage.status).toBe(200);
    expect(firstPage.body.items).toHaveLength(2);
    expect(firstPage.body.nextCursor).toEqual(expect.any(String));
    const secondPage = await api("GET", `/api/users?q=${tag}&limit=2&cursor=${firstPage.body.nextCursor}`, {
      token: admin.accessToken,
    });
    expect(secondPage.body.items).toHaveLength(1);
    expect(secondPage.body.nextCursor).toBeNull();
    const ids = [...firstPage.body.items, ...secondPage.body.items].map((u: { id: string }) => u.id);
    expect(new Set(ids).size).toBe(3);
    const admins = await api("GET", "/api/users?role=admin", { token: admin.accessToken });
    expect(admins.body.items.every((u: { role: string }) => u.role === "admin")).toBe(true);
    const wildcard = await api("GET", "/api/users?q=%25", { token: admin.accessToken });
    expect(wildcard.body.items).toHaveLength(0);
  });

  it("is admin-only, with clear errors for bad input", async () => {
    const user = await registerUser();
    const admin = await signInAdmin();
    expectProblem(await api("GET", "/api/users", { token: user.accessToken }), 403);
    expectProblem(await api("GET", "/api/users"), 401);
    expectProblem(await api("GET", "/api/users?limit=500", { token: admin.accessToken }), 400);
    expectProblem(await api("GET", "/api/users?role=root", { token: admin.accessToken }), 400);
    expectProblem(await api("GET", "/api/users?cursor=%%%", { token: admin.accessToken }), 400);
  });

  it("shows an account to its owner and to admins, and to nobody else", async () => {
    const alice = await registerUser();
    const bob = await registerUser();
    const admin = await signInAdmin();
    expect((await api("GET", `/api/users/${alice.id}`, { token: alice.accessToken })).status).toBe(200);
    expect((await api("GET", `/api/users/${alice.id}`, { token: admin.accessToken })).status).toBe(200);
    expectProblem(await api("GET", `/api/users/${alice.id}`, { token: bob.accessToken }), 404);
    expectProblem(await api("PATCH", `/api/users/${alice.id}`, { token: bob.accessToken, body: { name: "Hacked" } }), 404);
    expectProblem(await api("DELETE", `/api/users/${alice.id}`, { token: bob.accessToken }), 404);
    expectProblem(await api("GET", "/api/users/01NOSUCHUSER", { token: admin.accessToken }), 404);
    const renamed = await api("PATCH", `/api/users/${alice.id}`, {
      token: admin.accessToken,
      body: { email: `${unique("x")}@example.com` },
    });
    expect(renamed.status).toBe(200);
    expectProblem(
      await api("PATCH", `/api/users/${alice.id}`, { token: alice.accessToken, body: { email: "me@example.com" } }),
      403,
    );
  });

  it("changes roles; the old access token stops and a refresh carries the new role", async () => {
    const user = await registerUser();
    const admin = await signInAdmin();
    expectProblem(await api("PATCH", `/api/users/${user.id}/role`, { token: user.accessToken, body: { role: "admin" } }), 403);
    const promoted = await api("PATCH", `/api/users/${user.id}/role`, { token: admin.accessToken, body: { role: "moderator" } });
    expect(promoted.status).toBe(200);
    expect(promoted.body.role).toBe("moderator");
    expectProblem(await api("GET", "/api/me", { token: user.accessToken }), 401);
    const refreshed = await api("POST", "/api/auth/refresh", { body: { refreshToken: user.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.user.role).toBe("moderator");
    const claims = JSON.parse(atob(refreshed.body.accessToken.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
    expect(claims.role).toBe("moderator");
    expectProblem(await api("PATCH", `/api/users/${user.id}/role`, { token: admin.accessToken, body: { role: "root" } }), 400);
    expectProblem(await api("PATCH", "/api/users/01NOSUCHUSER/role", { token: admin.accessToken, body: { role: "user" } }), 404);
  });

  it("never demotes or deletes the last admin", async () => {
    const admin = await signInAdmin();
    const admins = await api("GET", "/api/users?role=admin&limit=100", { token: admin.accessToken });
    // Demote any admins other tests created, so the first admin is the last one.
    for (const other of admins.body.items.filter((u: { id: string }) => u.id !== admin.id)) {
      await api("PATCH", `/api/users/${other.id}/role`, { token: admin.accessToken, body: { role: "user" } });
    }
    const demote = await api("PATCH", `/api/users/${admin.id}/role`, { token: admin.accessToken, body: { role: "user" } });
    expect(expectProblem(demote, 409).detail).toMatch(/last admin/);
    expectProblem(await api("DELETE", `/api/users/${admin.id}`, { token: admin.accessToken }), 409);
    expect((await api("GET", "/api/me", { token: admin.accessToken })).body.role).toBe("admin");
  });

  it("soft-deletes an account: sessions end, sign-in fails, the email stays taken", async () => {
    const user = await registerUser();
    const admin = await signInAdmin();
    expect((await api("DELETE", `/api/users/${user.id}`, { token: admin.accessToken })).status).toBe(204);
    expectProblem(await api("GET", "/api/me", { token: user.accessToken }), 401);
    expectProblem(await api("POST", "/api/auth/refresh", { body: { refreshToken: user.refreshToken } }), 401);
    expectProblem(await api("POST", "/api/auth/login", { body: { email: user.email, password: user.password } }), 401);
    const again = await api("POST", "/api/auth/register", {
      body: { email: user.email, password: "a-long-password", name: "Again", username: unique("again") },
    });
    expectProblem(again, 409);
    const seen = await api("GET", `/api/users/${user.id}`, { token: admin.accessToken });
    expect(seen.body.deletedAt).toEqual(expect.any(String));
  });

  it("lets a user delete their own account", async () => {
    const user = await registerUser();
    expect((await api("DELETE", `/api/users/${user.id}`, { token: user.accessToken })).status).toBe(204);
    expectProblem(await api("GET", "/api/me", { token: user.accessToken }), 401);
  });
});
