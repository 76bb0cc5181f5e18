import { describe, expect, it } from "vitest";
import { registerUser, signInAdmin } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";

const users = (token?: string) => client(token).users;

describe("follows", () => {
  it("follows once, tells the followed user once, and unfollows", async () => {
    const [ada, bob] = await Promise.all([registerUser(), registerUser()]);
    const param = { id: ada.id };
    const first = await expectJson(await users(bob.accessToken)[":id"].follow.$post({ param }), 201);
    expect(first).toMatchObject({ followerId: bob.id, followeeId: ada.id, createdAt: expect.any(String) });
    const again = await expectJson(await users(bob.accessToken)[":id"].follow.$post({ param }), 200);
    expect(again.createdAt).toBe(first.createdAt);

    const inbox = await expectJson(await client(ada.accessToken).notifications.$get({ query: {} }), 200);
    const told = inbox.items.filter((n) => n.kind === "new_follower");
    expect(told).toHaveLength(1);
    expect(told[0].payload).toMatchObject({ followerId: bob.id, name: "Test User" });

    expect((await users(bob.accessToken)[":id"].follow.$delete({ param })).status).toBe(204);
    await expectProblemOf(await users(bob.accessToken)[":id"].follow.$delete({ param }), 404);
    const followers = await expectJson(await users(bob.accessToken)[":id"].followers.$get({ param, query: {} }), 200);
    expect(followers).toEqual({ items: [], nextCursor: null });
  });

  it("lists followers and following, newest first, in cursor pages, without deleted accounts", async () => {
    const [star, ...fans] = await Promise.all([registerUser(), registerUser(), registerUser(), registerUser()]);
    for (const fan of fans) await users(fan.accessToken)[":id"].follow.$post({ param: { id: star.id } });
    await users(star.accessToken)[":id"].follow.$post({ param: { id: fans[1].id } });

    const param = { id: star.id };
    const followersOf = users(fans[0].accessToken)[":id"].followers;
    const first = await expectJson(await followersOf.$get({ param, query: { limit: "2" } }), 200);
    expect(first.items).toHaveLength(2);
    expect(first.items[0]).toEqual({
      user: { id: expect.any(String), username: expect.any(String), name: "Test User", avatarUrl: null },
      followedAt: expect.any(String),
    });
    const cursor = first.nextCursor ?? "";
    const second = await expectJson(await followersOf.$get({ param, query: { limit: "2", cursor } }), 200);
    expect(second.nextCursor).toBeNull();
    const ids = [...first.items, ...second.items].map((e) => e.user.id);
    expect(new Set(ids)).toEqual(new Set(fans.map((f) => f.id)));

    const following = await expectJson(await users(star.accessToken)[":id"].following.$get({ param, query: {} }), 200);
    expect(following.items.map((e) => e.user.id)).toEqual([fans[1].id]);

    expect((await users(fans[2].accessToken)[":id"].$delete({ param: { id: fans[2].id } })).status).toBe(204);
    const after = await expectJson(await users(star.accessToken)[":id"].followers.$get({ param, query: {} }), 200);
    expect(after.items.map((e) => e.user.id)).not.toContain(fans[2].id);
    const gone = { id: fans[2].id };
    await expectProblemOf(await users(star.accessToken)[":id"].following.$get({ param: gone, query: {} }), 404);
    await expectProblemOf(await users(star.accessToken)[":id"].follow.$post({ param: gone }), 404);
  });

  it("refuses following yourself, unknown users, bad input and no token", async () => {
    const ada = await registerUser();
    const admin = await signInAdmin();
    const param = { id: ada.id };
    const nobody = { id: "nobody" };
    const as = users(ada.accessToken)[":id"];
    await expectProblemOf(await as.follow.$post({ param }), 422);
    await expectProblemOf(await as.follow.$post({ param: nobody }), 404);
    await expectProblemOf(await as.follow.$delete({ param: nobody }), 404);
    await expectProblemOf(await users(admin.accessToken)[":id"].followers.$get({ param: nobody, query: {} }), 404);
    await expectProblemOf(await as.followers.$get({ param, query: { limit: "500" } }), 400);
    await expectProblemOf(await as.following.$get({ param, query: { cursor: "zzz" } }), 400);
    await expectProblemOf(await as.followers.$get({ param, query: { cursor: "WyJhIl0" } }), 400);
    await expectProblemOf(await as.follow.$post({ param: { id: "x".repeat(65) } }), 400);
    await expectProblemOf(await users()[":id"].follow.$post({ param }), 401);
    await expectProblemOf(await users()[":id"].follow.$delete({ param }), 401);
    await expectProblemOf(await users()[":id"].followers.$get({ param, query: {} }), 401);
    await expectProblemOf(await users()[":id"].following.$get({ param, query: {} }), 401);
  });
});
