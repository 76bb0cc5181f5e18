import { describe, expect, it } from "vitest";
import { api, expectProblem, registerUser, signInAdmin } from "../../test/api";

describe("follows", () => {
  it("follows once, tells the followed user once, and unfollows", async () => {
    const [ada, bob] = await Promise.all([registerUser(), registerUser()]);
    const first = await api("POST", `/api/users/${ada.id}/follow`, { token: bob.accessToken });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ followerId: bob.id, followeeId: ada.id, createdAt: expect.any(String) });
    const again = await api("POST", `/api/users/${ada.id}/follow`, { token: bob.accessToken });
    expect(again.status).toBe(200);
    expect(again.body.createdAt).toBe(first.body.createdAt);

    const inbox = await api("GET", "/api/notifications", { token: ada.accessToken });
    const told = inbox.body.items.filter((n: { kind: string }) => n.kind === "new_follower");
    expect(told).toHaveLength(1);
    expect(told[0].payload).toMatchObject({ followerId: bob.id, name: "Test User" });

    expect((await api("DELETE", `/api/users/${ada.id}/follow`, { token: bob.accessToken })).status).toBe(204);
    expectProblem(await api("DELETE", `/api/users/${ada.id}/follow`, { token: bob.accessToken }), 404);
    const followers = await api("GET", `/api/users/${ada.id}/followers`, { token: bob.accessToken });
    expect(followers.body).toEqual({ items: [], nextCursor: null });
  });

  it("lists followers and following, newest first, in cursor pages, without deleted accounts", async () => {
    const [star, ...fans] = await Promise.all([registerUser(), registerUser(), registerUser(), registerUser()]);
    for (const fan of fans) await api("POST", `/api/users/${star.id}/follow`, { token: fan.accessToken });
    await api("POST", `/api/users/${fans[1].id}/follow`, { token: star.accessToken });

    const first = await api("GET", `/api/users/${star.id}/followers?limit=2`, { token: fans[0].accessToken });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.items[0]).toEqual({
      user: { id: expect.any(String), username: expect.any(String), name: "Test User", avatarUrl: null },
      followedAt: expect.any(String),
    });
    const second = await api("GET", `/api/users/${star.id}/followers?limit=2&cursor=${first.body.nextCursor}`, {
      token: fans[0].accessToken,
    });
    expect(second.body.nextCursor).toBeNull();
    const ids = [...first.body.items, ...second.body.items].map((e: { user: { id: string } }) => e.user.id);
    expect(new Set(ids)).toEqual(new Set(fans.map((f) => f.id)));

    const following = await api("GET", `/api/users/${star.id}/following`, { token: star.accessToken });
    expect(following.body.items.map((e: { user: { id: string } }) => e.user.id)).toEqual([fans[1].id]);

    expect((await api("DELETE", `/api/users/${fans[2].id}`, { token: fans[2].accessToken })).status).toBe(204);
    const after = await api("GET", `/api/users/${star.id}/followers`, { token: star.accessToken });
    expect(after.body.items.map((e: { user: { id: string } }) => e.user.id)).not.toContain(fans[2].id);
    expectProblem(await api("GET", `/api/users/${fans[2].id}/following`, { token: star.accessToken }), 404);
    expectProblem(await api("POST", `/api/users/${fans[2].id}/follow`, { token: star.accessToken }), 404);
  });

  it("refuses following yourself, unknown users, bad input and no token", async () => {
    const ada = await registerUser();
    const admin = await signInAdmin();
    expectProblem(await api("POST", `/api/users/${ada.id}/follow`, { token: ada.accessToken }), 422);
    expectProblem(await api("POST", "/api/users/nobody/follow", { token: ada.accessToken }), 404);
    expectProblem(await api("DELETE", "/api/users/nobody/follow", { token: ada.accessToken }), 404);
    expectProblem(await api("GET", "/api/users/nobody/followers", { token: admin.accessToken }), 404);
    expectProblem(await api("GET", `/api/users/${ada.id}/followers?limit=500`, { token: ada.accessToken }), 400);
    expectProblem(await api("GET", `/api/users/${ada.id}/following?cursor=zzz`, { token: ada.accessToken }), 400);
    expectProblem(await api("GET", `/api/users/${ada.id}/followers?cursor=WyJhIl0`, { token: ada.accessToken }), 400);
    expectProblem(await api("POST", `/api/users/${"x".repeat(65)}/follow`, { token: ada.accessToken }), 400);
    expectProblem(await api("POST", `/api/users/${ada.id}/follow`), 401);
    expectProblem(await api("DELETE", `/api/users/${ada.id}/follow`), 401);
    expectProblem(await api("GET", `/api/users/${ada.id}/followers`), 401);
    expectProblem(await api("GET", `/api/users/${ada.id}/following`), 401);
  });
});
