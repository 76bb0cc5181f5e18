import { describe, expect, it } from "vitest";
import { registerUser, type TestUser } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";

const refresh = (refreshToken: string) => client().auth.refresh.$post({ json: { refreshToken } });
const me = (token: string) => client(token).me.$get();
const login = (email: string, password: string) => client().auth.login.$post({ json: { email, password } });
const sessions = (token?: string) => client(token).me.sessions;
type PasswordChange = Parameters<ReturnType<typeof client>["me"]["password"]["$patch"]>[0]["json"];
const password = (token: string | undefined, json: PasswordChange) => client(token).me.password.$patch({ json });

async function secondDevice(user: TestUser, userAgent = "Phone/1.0") {
  const json = { email: user.email, password: user.password };
  const res = await client().auth.login.$post({ json }, { headers: { "user-agent": userAgent } });
  const { accessToken, refreshToken } = await expectJson(res, 200);
  return { accessToken, refreshToken };
}

describe("refresh tokens", () => {
  it("rotate: each one works once and yields a new pair", async () => {
    const user = await registerUser();
    const first = await expectJson(await refresh(user.refreshToken), 200);
    expect(first.refreshToken).not.toBe(user.refreshToken);
    expect(first.user.id).toBe(user.id);
    expect((await me(first.accessToken)).status).toBe(200);
    const second = await refresh(first.refreshToken);
    expect(second.status).toBe(200);
  });

  it("reusing a rotated token revokes the whole family", async () => {
    const user = await registerUser();
    const rotated = await expectJson(await refresh(user.refreshToken), 200);
    expect((await expectProblemOf(await refresh(user.refreshToken), 401)).detail).toMatch(/already used/);
    // The thief's replay took the legitimate holder down with it: the family is gone.
    await expectProblemOf(await refresh(rotated.refreshToken), 401);
    await expectProblemOf(await me(rotated.accessToken), 401);
    await expectProblemOf(await me(user.accessToken), 401);
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
    await expectProblemOf(await refresh(`${user.id}.not-a-real-token`), 401);
    await expectProblemOf(await refresh("no-dot-at-all"), 401);
    // @ts-expect-error the refresh token is missing on purpose
    await expectProblemOf(await client().auth.refresh.$post({ json: {} }), 400);
  });
});

describe("logout and sessions", () => {
  it("logout stops the access token at once, and its refresh token", async () => {
    const user = await registerUser();
    const res = await client(user.accessToken).auth.logout.$post();
    expect(res.status).toBe(204);
    await expectProblemOf(await me(user.accessToken), 401);
    await expectProblemOf(await refresh(user.refreshToken), 401);
  });

  it("lists live sessions with the current one marked, and signs a device out", async () => {
    const user = await registerUser();
    const phone = await secondDevice(user, "Phone/1.0");
    const list = await expectJson(await sessions(user.accessToken).$get(), 200);
    expect(list.items).toHaveLength(2);
    const current = list.items.filter((s) => s.current);
    expect(current).toHaveLength(1);
    const other = list.items.find((s) => !s.current);
    expect(other?.userAgent).toBe("Phone/1.0");

    expect((await sessions(user.accessToken)[":id"].$delete({ param: { id: other?.id ?? "" } })).status).toBe(204);
    await expectProblemOf(await me(phone.accessToken), 401);
    await expectProblemOf(await refresh(phone.refreshToken), 401);
    expect((await me(user.accessToken)).status).toBe(200);
    const after = await expectJson(await sessions(user.accessToken).$get(), 200);
    expect(after.items).toHaveLength(1);
  });

  it("answers 404 for a session that is not yours or not live", async () => {
    const alice = await registerUser();
    const bob = await registerUser();
    const bobs = await expectJson(await sessions(bob.accessToken).$get(), 200);
    const bobSession = bobs.items[0].id;
    await expectProblemOf(await sessions(alice.accessToken)[":id"].$delete({ param: { id: bobSession } }), 404);
    expect((await me(bob.accessToken)).status).toBe(200);
    await expectProblemOf(await sessions(alice.accessToken)[":id"].$delete({ param: { id: "01NOSUCHSESSION" } }), 404);
    await expectProblemOf(await sessions().$get(), 401);
  });
});

describe("PATCH /api/me/password", () => {
  it("changes the password and signs out every other session", async () => {
    const user = await registerUser();
    const phone = await secondDevice(user);
    const res = await password(user.accessToken, { currentPassword: user.password, newPassword: "a-brand-new-password" });
    expect(res.status).toBe(204);
    await expectProblemOf(await me(phone.accessToken), 401);
    expect((await me(user.accessToken)).status).toBe(200);
    await expectProblemOf(await login(user.email, user.password), 401);
    expect((await login(user.email, "a-brand-new-password")).status).toBe(200);
  });

  it("needs the current password and a strong new one", async () => {
    const user = await registerUser();
    const wrong = await password(user.accessToken, { currentPassword: "not-my-password", newPassword: "a-brand-new-password" });
    expect((await expectProblemOf(wrong, 400)).errors?.[0].path).toBe("currentPassword");
    const weak = await password(user.accessToken, { currentPassword: user.password, newPassword: "short" });
    expect((await expectProblemOf(weak, 400)).errors?.[0].path).toBe("newPassword");
    await expectProblemOf(await password(undefined, { newPassword: "a-brand-new-password" }), 401);
    expect((await login(user.email, user.password)).status).toBe(200);
  });
});
