import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { UserSession } from "../../durable-objects/user-session";
import { api, expectProblem, registerUser, signInAdmin, type TestUser } from "../../test/api";
import { userSessions } from "../lib/sessions";
import { profileActivity } from "./activity.contract";
import { FRESH_MS } from "./recommendations";
import { seedGenre, seedMedia, seedMovie } from "./test-fixtures";

const watch = (user: TestUser, movieId: string, positionSeconds = 30) =>
  api("POST", "/api/views", { token: user.accessToken, body: { movieId, positionSeconds, durationSeconds: 3000 } });

describe("recommendations", { timeout: 30_000 }, () => {
  it("recommends what look-alike viewers watched, explaining why, minus what the profile saw", async () => {
    const [me, twin, cousin] = await Promise.all([registerUser(), registerUser(), registerUser()]);
    const [heat, ronin, collateral, thief] = await Promise.all([
      seedMovie("Heat"),
      seedMovie("Ronin"),
      seedMovie("Collateral"),
      seedMovie("Thief"),
    ]);
    await watch(me, heat.id);
    await watch(me, thief.id, 2990);
    for (const peer of [twin, cousin]) await watch(peer, heat.id);
    await watch(twin, ronin.id);
    await watch(cousin, ronin.id);
    await watch(cousin, collateral.id);
    await api("POST", "/api/me/favorites", { token: twin.accessToken, body: { movieId: thief.id } });

    const res = await api("GET", "/api/me/recommendations", { token: me.accessToken });
    expect(res.status).toBe(200);
    const ids = res.body.items.map((r: { item: { id: string } }) => r.item.id);
    expect(ids.slice(0, 2)).toEqual([ronin.id, collateral.id]);
    expect(ids).not.toContain(heat.id);
    expect(ids).not.toContain(thief.id);
    expect(res.body.items[0]).toMatchObject({
      reason: "Because you watched Heat",
      source: "co_watched",
      item: { title: "Ronin" },
    });
  });

  it("adds genre affinity, and gives a new profile trending", async () => {
    const genre = await seedGenre("Neo-noir");
    const [me, fresh] = await Promise.all([registerUser(), registerUser()]);
    const [seen, sibling] = await Promise.all([seedMovie("Drive", [genre.id]), seedMovie("Nightcrawler", [genre.id])]);
    await watch(me, seen.id);
    const mine = await api("GET", "/api/me/recommendations", { token: me.accessToken });
    expect(mine.body.items.find((r: { item: { id: string } }) => r.item.id === sibling.id)).toMatchObject({
      reason: "Because you like Neo-noir",
      source: "genre",
    });

    const admin = await signInAdmin();
    await api("GET", "/api/trending?window=7d&refresh=1", { token: admin.accessToken });
    const newbie = await api("GET", "/api/me/recommendations?limit=5", { token: fresh.accessToken });
    expect(newbie.status).toBe(200);
    expect(newbie.body.items.length).toBeGreaterThan(0);
    expect(newbie.body.items.length).toBeLessThanOrEqual(5);
    expect(
      newbie.body.items.every((r: { source: string; reason: string }) => r.source === "trending" && r.reason === "Trending now"),
    ).toBe(true);
  });

  it("never serves a list that misses the profile's own views, progress or favorites", async () => {
    const [me, twin, cousin] = await Promise.all([registerUser(), registerUser(), registerUser()]);
    const [heat, ronin, collateral, thief, drive] = await Promise.all([
      seedMovie("Heat"),
      seedMovie("Ronin"),
      seedMovie("Collateral"),
      seedMovie("Thief"),
      seedMovie("Drive"),
    ]);
    for (const peer of [twin, cousin]) {
      await watch(peer, heat.id);
      await watch(peer, ronin.id);
    }
    await watch(cousin, collateral.id);
    await watch(twin, thief.id);
    await watch(twin, drive.id);
    await watch(me, heat.id);
    const ids = async () => {
      const res = await api("GET", "/api/me/recommendations", { token: me.accessToken });
      expect(res.status).toBe(200);
      return { cache: res.headers.get("x-cache"), ids: res.body.items.map((r: { item: { id: string } }) => r.item.id) };
    };

    const first = await ids();
    expect(first).toMatchObject({ cache: "miss" });
    expect(first.ids).toEqual(expect.arrayContaining([ronin.id, collateral.id, thief.id, drive.id]));
    expect(await ids()).toEqual({ ...first, cache: "hit" });

    // A view (even below the counting threshold) answers, and the next read already knows it.
    await watch(me, ronin.id, 5);
    const afterView = await ids();
    expect(afterView.cache).toBe("miss");
    expect(afterView.ids).not.toContain(ronin.id);
    expect(afterView.ids).toContain(collateral.id);

    await api("POST", "/api/me/favorites", { token: me.accessToken, body: { movieId: collateral.id } });
    expect((await ids()).ids).not.toContain(collateral.id);

    // So does a later progress report on something already watched (it moves up the profile's seeds).
    await watch(me, ronin.id, 600);
    const afterProgress = await ids();
    expect(afterProgress.cache).toBe("miss");
    expect(afterProgress.ids).not.toContain(ronin.id);

    expect((await api("DELETE", `/api/me/favorites?movieId=${collateral.id}`, { token: me.accessToken })).status).toBe(204);
    expect((await ids()).ids).toContain(collateral.id);
  });

  it("keeps each profile's cached list until that profile's own activity changes it", async () => {
    const me = await registerUser();
    const [heat, ronin] = await Promise.all([seedMovie("Heat"), seedMovie("Ronin")]);
    const kids = await api("POST", "/api/me/profiles", { token: me.accessToken, body: { name: "Kids" } });
    await watch(me, heat.id);
    const get = (query = "") => api("GET", `/api/me/recommendations${query}`, { token: me.accessToken });
    expect((await get()).headers.get("x-cache")).toBe("miss");
    expect((await get("?limit=3")).headers.get("x-cache")).toBe("hit");
    expect((await get("?limit=3")).body.items.length).toBeLessThanOrEqual(3);

    // Another profile's activity, and a media item's, leave this profile's list as it was.
    await api("POST", "/api/views", {
      token: me.accessToken,
      body: { movieId: ronin.id, positionSeconds: 30, durationSeconds: 3000, profileId: kids.body.id },
    });
    const clip = await seedMedia(me.id);
    await api("POST", "/api/views", {
      token: me.accessToken,
      body: { mediaId: clip.id, positionSeconds: 30, durationSeconds: 60 },
    });
    expect((await get()).headers.get("x-cache")).toBe("hit");
    expect((await get(`?profileId=${kids.body.id}`)).headers.get("x-cache")).toBe("miss");
  });

  it("never keeps a list computed before the profile's activity moved on, nor serves one past FRESH_MS", async () => {
    const me = await registerUser();
    const heat = await seedMovie("Heat");
    const profileId = (await api("GET", "/api/me/profiles", { token: me.accessToken })).body.items[0].id;
    const get = () => api("GET", `/api/me/recommendations?profileId=${profileId}`, { token: me.accessToken });
    const activity = profileActivity(env, me.id);
    const stored = (computedAt: number) => ({ computedAt, items: [] });

    // A computation that read the version, then lost the race with a view, is not kept.
    const before = await activity.activityStamp(profileId);
    await watch(me, heat.id);
    expect(await activity.storeRecommendations(profileId, before, stored(Date.now()))).toBe(false);
    expect((await get()).headers.get("x-cache")).toBe("miss");
    expect((await get()).headers.get("x-cache")).toBe("hit");

    // A list stored at the current version but computed FRESH_MS ago is recomputed.
    const now = await activity.activityStamp(profileId);
    expect(await activity.storeRecommendations(profileId, now, stored(Date.now() - FRESH_MS - 1))).toBe(true);
    const recomputed = await get();
    expect(recomputed.headers.get("x-cache")).toBe("miss");
    expect(recomputed.body.items.length).toBeGreaterThan(0);
    expect((await get()).headers.get("x-cache")).toBe("hit");
  });

  it("never keeps a list for a first profile deleted while the list was computed", async () => {
    const me = await registerUser();
    const first = (await api("GET", "/api/me/profiles", { token: me.accessToken })).body.items[0].id;
    await api("POST", "/api/me/profiles", { token: me.accessToken, body: { name: "Kids" } });
    const activity = profileActivity(env, me.id);

    // A read without profileId: the object does not know the first profile, D1 names it, and
    // then it is deleted before the computed list is stored.
    const before = await activity.activityStamp(null);
    expect(before.profileId).toBeNull();
    expect((await api("DELETE", `/api/me/profiles/${first}`, { token: me.accessToken })).status).toBe(204);
    const learnt = await activity.learnFirstProfile(first, before.profilesVersion);
    const list = { computedAt: Date.now(), items: [] };
    expect(
      await activity.storeRecommendations(first, { version: learnt.version, profilesVersion: before.profilesVersion }, list),
    ).toBe(false);
    expectProblem(await api("GET", `/api/me/recommendations?profileId=${first}`, { token: me.accessToken }), 404);
  });

  it("is per profile, and guards profiles and input", async () => {
    const [me, other] = await Promise.all([registerUser(), registerUser()]);
    const kids = await api("POST", "/api/me/profiles", { token: me.accessToken, body: { name: "Kids" } });
    const res = await api("GET", `/api/me/recommendations?profileId=${kids.body.id}`, { token: me.accessToken });
    expect(res.body.profileId).toBe(kids.body.id);
    // Someone else's profile is a 404 even while its owner's list is cached (at the same version
    // the caller's counters give an unknown profile: 0).
    const theirs = (await api("GET", "/api/me/profiles", { token: other.accessToken })).body.items[0].id;
    const owner = (query: string) => api("GET", `/api/me/recommendations${query}`, { token: other.accessToken });
    expect((await owner(`?profileId=${theirs}`)).headers.get("x-cache")).toBe("miss");
    expect((await owner("")).headers.get("x-cache")).toBe("hit");
    for (let i = 0; i < 2; i++) {
      expectProblem(await api("GET", `/api/me/recommendations?profileId=${theirs}`, { token: me.accessToken }), 404);
    }
    expectProblem(await api("GET", "/api/me/recommendations?limit=0", { token: me.accessToken }), 400);
    expectProblem(await api("GET", "/api/me/recommendations"), 401);

    // The engagement object answers beside the session check, but nothing is served once signed out.
    expect((await owner("")).headers.get("x-cache")).toBe("hit");
    await userSessions(env, other.id).revokeAll();
    expectProblem(await owner(""), 401);
    expectProblem(await owner(`?profileId=${theirs}`), 401);
  });

  it("never serves a deleted profile's list, and follows the account's first profile", async () => {
    const me = await registerUser();
    const [heat, ronin] = await Promise.all([seedMovie("Heat"), seedMovie("Ronin")]);
    const first = (await api("GET", "/api/me/profiles", { token: me.accessToken })).body.items[0].id;
    const kids = await api("POST", "/api/me/profiles", { token: me.accessToken, body: { name: "Kids" } });
    await watch(me, heat.id);
    const get = (query = "") => api("GET", `/api/me/recommendations${query}`, { token: me.accessToken });

    // Without profileId: the first profile, cached once D1 has named it, shared with ?profileId=.
    const byDefault = await get();
    expect(byDefault.body.profileId).toBe(first);
    expect(byDefault.headers.get("x-cache")).toBe("miss");
    expect((await get()).headers.get("x-cache")).toBe("hit");
    expect((await get(`?profileId=${first}`)).headers.get("x-cache")).toBe("hit");
    const kidsList = await get(`?profileId=${kids.body.id}`);
    expect(kidsList.headers.get("x-cache")).toBe("miss");
    expect((await get(`?profileId=${kids.body.id}`)).headers.get("x-cache")).toBe("hit");

    // Deleting a profile answers only after its cached list is out of reach.
    expect((await api("DELETE", `/api/me/profiles/${kids.body.id}`, { token: me.accessToken })).status).toBe(204);
    // Everything the engagement object kept for it is gone (its list, and its version: back to 0).
    expect(await profileActivity(env, me.id).activityStamp(kids.body.id)).toEqual({
      profileId: kids.body.id,
      version: 0,
      profilesVersion: expect.any(Number),
    });
    expectProblem(await get(`?profileId=${kids.body.id}`), 404);

    // Deleting the first profile makes the next one the default at once.
    const other = await api("POST", "/api/me/profiles", { token: me.accessToken, body: { name: "Other" } });
    await api("POST", "/api/views", {
      token: me.accessToken,
      body: { movieId: ronin.id, positionSeconds: 30, durationSeconds: 3000, profileId: other.body.id },
    });
    expect((await get()).body.profileId).toBe(first);
    expect((await api("DELETE", `/api/me/profiles/${first}`, { token: me.accessToken })).status).toBe(204);
    expectProblem(await get(`?profileId=${first}`), 404);
    const now = await get();
    expect(now.status).toBe(200);
    expect(now.body.profileId).toBe(other.body.id);
    expect(now.body.items.map((r: { item: { id: string } }) => r.item.id)).not.toContain(ronin.id);
    expect((await get()).headers.get("x-cache")).toBe("hit");
  });

  it("leaves the session object holding sessions only: it drops the engagement tables it kept before v4", async () => {
    const me = await registerUser();
    await runInDurableObject(userSessions(env, me.id), (_session: UserSession, state) => {
      state.storage.sql.exec(`
        CREATE TABLE profile_activity (profile_id TEXT PRIMARY KEY, version INTEGER NOT NULL);
        CREATE TABLE first_profile (id INTEGER PRIMARY KEY, profile_id TEXT NOT NULL, profiles_version INTEGER NOT NULL);
        CREATE TABLE recommendations (profile_id TEXT PRIMARY KEY, version INTEGER, computed_at INTEGER, items TEXT);
        INSERT INTO meta (key, value) VALUES ('profiles_version', 3);`);
      new UserSession(state, env); // as when a deployed object first wakes up after v4
      const names = state.storage.sql
        .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' UNION ALL SELECT key FROM meta")
        .toArray()
        .map((row) => row.name);
      expect(names).toEqual(expect.arrayContaining(["sessions", "refresh_tokens", "user_snapshot"]));
      for (const gone of ["profile_activity", "first_profile", "recommendations", "profiles_version"]) {
        expect(names).not.toContain(gone);
      }
    });
    expect((await api("GET", "/api/me", { token: me.accessToken })).status).toBe(200);
  });
});
