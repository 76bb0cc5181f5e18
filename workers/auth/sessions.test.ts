import { describe, expect, it } from "vitest";
import { api, expectProblem, registerUser, type TestUser } from "../../test/api";

const refresh = (refreshToken: string) => api("POST", "/api/auth/refresh", { body: { refreshToken } });
const me = (token: string) => api("GET", "/api/me", { token });

async function secondDevice(user: TestUser, userAgent = "Phone/1.0") {
  const res = await api("POST", "/api/auth/login", {
    body: { email: user.email, password: user.password },
    headers: { "user-agent": userAgent },
  });
  expect(res.status).toBe(200);
  return { accessToken: res.body.accessToken as string, refreshToken: res.body.refreshToken as string };
}

describe("refresh tokens", () => {
  it("rotate: each one works once and yields a new pair", async () => {
    const user = await registerUser();
    const first = await refresh(user.refreshToken);
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(user.refreshToken);
    expect(first.body.user.id).toBe(user.id);
    expect((await me(first.body.accessToken)).status).toBe(200);
    const second = await refresh(first.body.refreshToken);
    expect(second.status).toBe(200);
  });

  it("reusing a rotated token revokes the whole family", async () => {
    const user = await registerUser();
    const rotated = await refresh(user.refreshToken);
    expect(rotated.status).toBe(200);
    expect(expectProblem(await refresh(user.refreshToken), 401).detail).toMatch(/already used/);
    // The thief's replay took the legitimate holder down with it: the family is gone.
    expectProblem(await refresh(rotated.body.refreshToken), 401);
    expectProblem(await me(rotated.body.accessToken), 401);
    expectProblem(await me(user.accessToken), 401);
  });

  it("reuse in one session leaves the user's other sessions alone", async () => {
    const user = await registerUser();
    const phone = await secondDevice(user);
    await refresh(user.refreshToken);
    await refresh(user.refreshToken);
    expect((await me(phone.accessToken)).status).toBe(200);
  });

  it("refuses unknown and malformed tokens", async () => {
    const user = await registerUser();
    expectProblem(await refresh(`${user.id}.not-a-real-token`), 401);
    expectProblem(await refresh("no-dot-at-all"), 401);
    expectProblem(await api("POST", "/api/auth/refresh", { body: {} }), 400);
  });
});

describe("logout and sessions", () => {
  it("logout stops the access token at once, and its refresh token", async () => {
    const user = await registerUser();
    const res = await api("POST", "/api/auth/logout", { token: user.accessToken });
    expect(res.status).toBe(204);
    expectProblem(await me(user.accessToken), 401);
    expectProblem(await refresh(user.refreshToken), 401);
  });

  it("lists live sessions with the current one marked, and signs a device out", async () => {
    const user = await registerUser();
    const phone = await secondDevice(user, "Phone/1.0");
    const list = await api("GET", "/api/me/sessions", { token: user.accessToken });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(2);
    const current = list.body.items.filter((s: { current: boolean }) => s.current);
    expect(current).toHaveLength(1);
    const other = list.body.items.find((s: { current: boolean }) => !s.current);
    expect(other.userAgent).toBe("Phone/1.0");

    expect((await api("DELETE", `/api/me/sessions/${other.id}`, { token: user.accessToken })).status).toBe(204);
    expectProblem(await me(phone.accessToken), 401);
    expectProblem(await refresh(phone.refreshToken), 401);
    expect((await me(user.accessToken)).status).toBe(200);
    const after = await api("GET", "/api/me/sessions", { token: user.accessToken });
    expect(after.body.items).toHaveLength(1);
  });

  it("answers 404 for a session that is not yours or not live", async () => {
    const alice = await registerUser();
    const bob = await registerUser();
    const bobs = await api("GET", "/api/me/sessions", { token: bob.accessToken });
    const bobSession = bobs.body.items[0].id;
    expectProblem(await api("DELETE", `/api/me/sessions/${bobSession}`, { token: alice.accessToken }), 404);
    expect((await me(bob.accessToken)).status).toBe(200);
    expectProblem(await api("DELETE", "/api/me/sessions/01NOSUCHSESSION", { token: alice.accessToken }), 404);
    expectProblem(await api("GET", "/api/me/sessions"), 401);
  });
});

describe("PATCH /api/me/password", () => {
  it("changes the password and signs out every other session", async () => {
    const user = await registerUser();
    const phone = await secondDevice(user);
    const res = await api("PATCH", "/api/me/password", {
      token: user.accessToken,
      body: { currentPassword: user.password, newPassword: "a-brand-new-password" },
    });
    expect(res.status).toBe(204);
    expectProblem(await me(phone.accessToken), 401);
    expect((await me(user.accessToken)).status).toBe(200);
    const oldLogin = await api("POST", "/api/auth/login", { body: { email: user.email, password: user.password } });
    expectProblem(oldLogin, 401);
    const newLogin = await api("POST", "/api/auth/login", { body: { email: user.email, password: "a-brand-new-password" } });
    expect(newLogin.status).toBe(200);
  });

  it("needs the current password and a strong new one", async () => {
    const user = await registerUser();
    const wrong = await api("PATCH", "/api/me/password", {
      token: user.accessToken,
      body: { currentPassword: "not-my-password", newPassword: "a-brand-new-password" },
    });
    expect(expectProblem(wrong, 400).errors?.[0].path).toBe("currentPassword");
    const weak = await api("PATCH", "/api/me/password", {
      token: user.accessToken,
      body: { currentPassword: user.password, newPassword: "short" },
    });
    expect(expectProblem(weak, 400).errors?.[0].path).toBe("newPassword");
    expectProblem(await api("PATCH", "/api/me/password", { body: { newPassword: "a-brand-new-password" } }), 401);
    const stillOld = await api("POST", "/api/auth/login", { body: { email: user.email, password: user.password } });
    expect(stillOld.status).toBe(200);
  });
});
