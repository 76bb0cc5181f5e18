import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { UserSession } from "../../durable-objects/user-session";
import { registerUser, signInAdmin, type TestUser } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";
import { userSessions } from "../lib/sessions";
import { profileActivity } from "./activity.contract";
import { FRESH_MS } from "./recommendations";
import { seedGenre, seedMedia, seedMovie } from "./test-fixtures";

const watch = (user: TestUser, movieId: string, positionSeconds = 30) =>
  client(user.accessToken).views.$post({ json: { movieId, positionSeconds, durationSeconds: 3000 } });

type RecommendationsQuery = { profileId?: string; limit?: string };
const recommendations = (token?: string, query: RecommendationsQuery = {}) => client(token).me.recommendations.$get({ query });
const recommended = async (token: string, query: RecommendationsQuery = {}) =>
  expectJson(await recommendations(token, query), 200);
const profiles = (token: string) => client(token).me.profiles;
const firstProfileId = async (token: string) => (await expectJson(await profiles(token).$get({ query: {} }), 200)).items[0].id;
const addProfile = async (token: string, name: string) => expectJson(await profiles(token).$post({ json: { name } }), 201);
const deleteProfile = (token: string, id: string) => profiles(token)[":id"].$delete({ param: { id } });
const favorites = (user: TestUser) => client(user.accessToken).me.favorites;

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
    await favorites(twin).$post({ json: { movieId: thief.id } });

    const res = await recommended(me.accessToken);
    const ids = res.items.map((r) => r.item.id);
    expect(ids.slice(0, 2)).toEqual([ronin.id, collateral.id]);
    expect(ids).not.toContain(heat.id);
    expect(ids).not.toContain(thief.id);
    expect(res.items[0]).toMatchObject({
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
    const mine = await recommended(me.accessToken);
    expect(mine.items.find((r) => r.item.id === sibling.id)).toMatchObject({
      reason: "Because you like Neo-noir",
      source: "genre",
    });

    const admin = await signInAdmin();
    await client(admin.accessToken).trending.$get({ query: { window: "7d", refresh: "1" } });
    const newbie = await recommended(fresh.accessToken, { limit: "5" });
    expect(newbie.items.length).toBeGreaterThan(0);
    expect(newbie.items.length).toBeLessThanOrEqual(5);
    expect(newbie.items.every((r) => r.source === "trending" && r.reason === "Trending now")).toBe(true);
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
      const res = await recommendations(me.accessToken);
      const body = await expectJson(res, 200);
      return { cache: res.headers.get("x-cache"), ids: body.items.map((r) => r.item.id) };
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

    await favorites(me).$post({ json: { movieId: collateral.id } });
    expect((await ids()).ids).not.toContain(collateral.id);

    // So does a later progress report on something already watched (it moves up the profile's seeds).
    await watch(me, ronin.id, 600);
    const afterProgress = await ids();
    expect(afterProgress.cache).toBe("miss");
    expect(afterProgress.ids).not.toContain(ronin.id);

    expect((await favorites(me).$delete({ query: { movieId: collateral.id } })).status).toBe(204);
    expect((await ids()).ids).toContain(collateral.id);
  });

  it("keeps each profile's cached list until that profile's own activity changes it", async () => {
    const me = await registerUser();
    const [heat, ronin] = await Promise.all([seedMovie("Heat"), seedMovie("Ronin")]);
    const kids = await addProfile(me.accessToken, "Kids");
    await watch(me, heat.id);
    const get = (query: RecommendationsQuery = {}) => recommendations(me.accessToken, query);
    expect((await get()).headers.get("x-cache")).toBe("miss");
    expect((await get({ limit: "3" })).headers.get("x-cache")).toBe("hit");
    expect((await expectJson(await get({ limit: "3" }), 200)).items.length).toBeLessThanOrEqual(3);

    // Another profile's activity, and a media item's, leave this profile's list as it was.
    const views = client(me.accessToken).views;
    await views.$post({ json: { movieId: ronin.id, positionSeconds: 30, durationSeconds: 3000, profileId: kids.id } });
    const clip = await seedMedia(me.id);
    await views.$post({ json: { mediaId: clip.id, positionSeconds: 30, durationSeconds: 60 } });
    expect((await get()).headers.get("x-cache")).toBe("hit");
    expect((await get({ profileId: kids.id })).headers.get("x-cache")).toBe("miss");
  });

  it("never keeps a list computed before the profile's activity moved on, nor serves one past FRESH_MS", async () => {
    const me = await registerUser();
    const heat = await seedMovie("Heat");
    const profileId = await firstProfileId(me.accessToken);
    const get = () => recommendations(me.accessToken, { profileId });
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
    expect((await expectJson(recomputed, 200)).items.length).toBeGreaterThan(0);
    expect((await get()).headers.get("x-cache")).toBe("hit");
  });

  it("never keeps a list for a first profile deleted while the list was computed", async () => {
    const me = await registerUser();
    const first = await firstProfileId(me.accessToken);
    await addProfile(me.accessToken, "Kids");
    const activity = profileActivity(env, me.id);

    // A read without profileId: the object does not know the first profile, D1 names it, and
    // then it is deleted before the computed list is stored.
    const before = await activity.activityStamp(null);
    expect(before.profileId).toBeNull();
    expect((await deleteProfile(me.accessToken, first)).status).toBe(204);
    const learnt = await activity.learnFirstProfile(first, before.profilesVersion);
    const list = { computedAt: Date.now(), items: [] };
    expect(
      await activity.storeRecommendations(first, { version: learnt.version, profilesVersion: before.profilesVersion }, list),
    ).toBe(false);
    await expectProblemOf(await recommendations(me.accessToken, { profileId: first }), 404);
  });

  it("is per profile, and guards profiles and input", async () => {
    const [me, other] = await Promise.all([registerUser(), registerUser()]);
    const kids = await addProfile(me.accessToken, "Kids");
    const res = await recommended(me.accessToken, { profileId: kids.id });
    expect(res.profileId).toBe(kids.id);
    // Someone else's profile is a 404 even while its owner's list is cached (at the same version
    // the caller's counters give an unknown profile: 0).
    const theirs = await firstProfileId(other.accessToken);
    const owner = (query: RecommendationsQuery = {}) => recommendations(other.accessToken, query);
    expect((await owner({ profileId: theirs })).headers.get("x-cache")).toBe("miss");
    expect((await owner()).headers.get("x-cache")).toBe("hit");
    for (let i = 0; i < 2; i++) {
      await expectProblemOf(await recommendations(me.accessToken, { profileId: theirs }), 404);
    }
    await expectProblemOf(await recommendations(me.accessToken, { limit: "0" }), 400);
    await expectProblemOf(await recommendations(), 401);

    // The engagement object answers beside the session check, but nothing is served once signed out.
    expect((await owner()).headers.get("x-cache")).toBe("hit");
    await userSessions(env, other.id).revokeAll();
    await expectProblemOf(await owner(), 401);
    await expectProblemOf(await owner({ profileId: theirs }), 401);
  });

  it("never serves a deleted profile's list, and follows the account's first profile", async () => {
    const me = await registerUser();
    const [heat, ronin] = await Promise.all([seedMovie("Heat"), seedMovie("Ronin")]);
    const first = await firstProfileId(me.accessToken);
    const kids = await addProfile(me.accessToken, "Kids");
    await watch(me, heat.id);
    const get = (query: RecommendationsQuery = {}) => recommendations(me.accessToken, query);

    // Without profileId: the first profile, cached once D1 has named it, shared with ?profileId=.
    const byDefault = await get();
    expect((await expectJson(byDefault, 200)).profileId).toBe(first);
    expect(byDefault.headers.get("x-cache")).toBe("miss");
    expect((await get()).headers.get("x-cache")).toBe("hit");
    expect((await get({ profileId: first })).headers.get("x-cache")).toBe("hit");
    const kidsList = await get({ profileId: kids.id });
    expect(kidsList.headers.get("x-cache")).toBe("miss");
    expect((await get({ profileId: kids.id })).headers.get("x-cache")).toBe("hit");

    // Deleting a profile answers only after its cached list is out of reach.
    expect((await deleteProfile(me.accessToken, kids.id)).status).toBe(204);
    // Everything the engagement object kept for it is gone (its list, and its version: back to 0).
    expect(await profileActivity(env, me.id).activityStamp(kids.id)).toEqual({
      profileId: kids.id,
      version: 0,
      profilesVersion: expect.any(Number),
    });
    await expectProblemOf(await get({ profileId: kids.id }), 404);

    // Deleting the first profile makes the next one the default at once.
    const other = await addProfile(me.accessToken, "Other");
    await client(me.accessToken).views.$post({
      json: { movieId: ronin.id, positionSeconds: 30, durationSeconds: 3000, profileId: other.id },
    });
    expect((await recommended(me.accessToken)).profileId).toBe(first);
    expect((await deleteProfile(me.accessToken, first)).status).toBe(204);
    await expectProblemOf(await get({ profileId: first }), 404);
    const now = await recommended(me.accessToken);
    expect(now.profileId).toBe(other.id);
    expect(now.items.map((r) => r.item.id)).not.toContain(ronin.id);
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
    expect((await client(me.accessToken).me.$get()).status).toBe(200);
  });
});
