import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";
import { admin, newCharacter, newEpisode, newGenre, newSeason, newSeries } from "./catalog.fixtures";

const count = async (sql: string, ...binds: string[]) =>
  (
    await env.DB.prepare(sql)
      .bind(...binds)
      .first<{ n: number }>()
  )?.n;

describe("series, seasons and episodes", () => {
  it("builds a series with seasons and episodes and shows the whole tree", async () => {
    const token = await admin();
    const genre = await newGenre();
    const lead = await newCharacter();
    const show = await newSeries({ title: "Harbor Lights", genres: [genre.id], runtimeMinutes: 45, languages: ["en"] });
    expect(show).toMatchObject({ title: "Harbor Lights", runtimeMinutes: 45, seasonCount: 0, seasons: [], cast: [] });
    const param = { id: show.id };
    await expectJson(await client(token).series[":id"].cast.$put({ param, json: { cast: [lead.id] } }), 200);

    const s2 = await newSeason(show.id, { number: 2, title: "Storms" });
    const s1 = await newSeason(show.id, { number: 1 });
    expect(s1).toEqual({
      id: expect.any(String),
      seriesId: show.id,
      number: 1,
      title: null,
      synopsis: null,
      episodeCount: 0,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const e2 = await newEpisode(s1.id, { number: 2, title: "Second", runtimeMinutes: 44, airDate: "2020-01-08" });
    const e1 = await newEpisode(s1.id, { number: 1, title: "Pilot", synopsis: "It starts." });
    expect(e1).toEqual({
      id: expect.any(String),
      seasonId: s1.id,
      seriesId: show.id,
      seasonNumber: 1,
      number: 1,
      title: "Pilot",
      synopsis: "It starts.",
      runtimeMinutes: null,
      airDate: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    await newEpisode(s2.id, { number: 1, title: "Squall" });

    const anyone = client();
    const detail = await expectJson(await anyone.series[":id"].$get({ param }), 200);
    expect(detail).toMatchObject({
      seasonCount: 2,
      genres: [{ id: genre.id, name: genre.name }],
      cast: [{ character: { id: lead.id } }],
    });
    expect(detail.seasons.map((s) => [s.number, s.episodes.map((e) => e.title)])).toEqual([
      [1, ["Pilot", "Second"]],
      [2, ["Squall"]],
    ]);
    const seasons = await expectJson(await anyone.series[":id"].seasons.$get({ param }), 200);
    expect(seasons).toEqual({
      items: [
        { ...s1, episodeCount: 2 },
        { ...s2, episodeCount: 1 },
      ],
      nextCursor: null,
    });
    const season = await expectJson(await anyone.seasons[":id"].$get({ param: { id: s1.id } }), 200);
    expect(season).toEqual({ ...s1, episodeCount: 2, episodes: [e1, e2] });
    const episodes = await anyone.seasons[":id"].episodes.$get({ param: { id: s1.id } });
    expect(await expectJson(episodes, 200)).toEqual({ items: [e1, e2], nextCursor: null });
    const episode = await anyone.episodes[":id"].$get({ param: { id: e2.id } });
    expect(await expectJson(episode, 200)).toEqual({ ...e2, likeCount: 0, likedByMe: false });
  });

  it("keeps season numbers unique in a series and episode numbers unique in a season", async () => {
    const catalog = client(await admin());
    const show = await newSeries();
    const other = await newSeries();
    const s1 = await newSeason(show.id, { number: 1 });
    const s2 = await newSeason(show.id, { number: 2 });
    await newSeason(other.id, { number: 1 });
    await expectProblemOf(await catalog.series[":id"].seasons.$post({ param: { id: show.id }, json: { number: 1 } }), 409);
    await expectProblemOf(await catalog.seasons[":id"].$patch({ param: { id: s2.id }, json: { number: 1 } }), 409);
    const e1 = await newEpisode(s1.id, { number: 1, title: "One" });
    const e2 = await newEpisode(s1.id, { number: 2, title: "Two" });
    await newEpisode(s2.id, { number: 1, title: "One again" });
    const dup = { param: { id: s1.id }, json: { number: 1, title: "Dup" } };
    await expectProblemOf(await catalog.seasons[":id"].episodes.$post(dup), 409);
    await expectProblemOf(await catalog.episodes[":id"].$patch({ param: { id: e2.id }, json: { number: 1 } }), 409);
    const changed = await catalog.episodes[":id"].$patch({ param: { id: e1.id }, json: { title: "Uno", airDate: "2021-03-04" } });
    expect(await expectJson(changed, 200)).toMatchObject({ title: "Uno", airDate: "2021-03-04", number: 1 });
    const season = await catalog.seasons[":id"].$patch({ param: { id: s2.id }, json: { number: 3, title: "Three" } });
    expect(await expectJson(season, 200)).toMatchObject({ number: 3, title: "Three", episodeCount: 1 });
  });

  it("deletes episodes, seasons and whole series with everything under them", async () => {
    const catalog = client(await admin());
    const show = await newSeries();
    const s1 = await newSeason(show.id, { number: 1 });
    const s2 = await newSeason(show.id, { number: 2 });
    const e1 = await newEpisode(s1.id, { number: 1, title: "A" });
    await newEpisode(s1.id, { number: 2, title: "B" });
    await newEpisode(s2.id, { number: 1, title: "C" });

    expect((await catalog.episodes[":id"].$delete({ param: { id: e1.id } })).status).toBe(204);
    await expectProblemOf(await client().episodes[":id"].$get({ param: { id: e1.id } }), 404);
    expect((await catalog.seasons[":id"].$delete({ param: { id: s2.id } })).status).toBe(204);
    expect(await count("SELECT count(*) AS n FROM episodes WHERE season_id = ?", s2.id)).toBe(0);
    const param = { id: show.id };
    const detail = await expectJson(await client().series[":id"].$get({ param }), 200);
    expect(detail.seasons.map((s) => s.number)).toEqual([1]);

    expect((await catalog.series[":id"].$delete({ param })).status).toBe(204);
    await expectProblemOf(await client().series[":id"].$get({ param }), 404);
    await expectProblemOf(await client().seasons[":id"].$get({ param: { id: s1.id } }), 404);
    expect(await count("SELECT count(*) AS n FROM seasons WHERE series_id = ?", show.id)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM episodes WHERE season_id = ?", s1.id)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM search_documents WHERE ref_id = ?", show.id)).toBe(0);
  });

  it("answers 404 for unknown parents and ids", async () => {
    const catalog = client(await admin());
    const anyone = client();
    const param = { id: "nope" };
    await expectProblemOf(await anyone.series[":id"].$get({ param }), 404);
    await expectProblemOf(await anyone.series[":id"].seasons.$get({ param }), 404);
    await expectProblemOf(await catalog.series[":id"].seasons.$post({ param, json: { number: 1 } }), 404);
    await expectProblemOf(await anyone.seasons[":id"].episodes.$get({ param }), 404);
    await expectProblemOf(await catalog.seasons[":id"].episodes.$post({ param, json: { number: 1, title: "x" } }), 404);
    await expectProblemOf(await catalog.seasons[":id"].$patch({ param, json: { number: 1 } }), 404);
    await expectProblemOf(await catalog.seasons[":id"].$delete({ param }), 404);
    await expectProblemOf(await catalog.episodes[":id"].$patch({ param, json: { title: "x" } }), 404);
    await expectProblemOf(await catalog.episodes[":id"].$delete({ param }), 404);
    await expectProblemOf(await catalog.series[":id"].cast.$put({ param, json: { cast: [] } }), 404);
  });

  it("validates input", async () => {
    const catalog = client(await admin());
    const show = await newSeries();
    const season = await newSeason(show.id, { number: 1 });
    const param = { id: show.id };
    await expectProblemOf(await catalog.series[":id"].seasons.$post({ param, json: { number: -1 } }), 400);
    // @ts-expect-error a season number as a string, on purpose
    await expectProblemOf(await catalog.series[":id"].seasons.$post({ param, json: { number: "one" } }), 400);
    const bad = await expectProblemOf(
      // @ts-expect-error no title and a date that is not one, on purpose
      await catalog.seasons[":id"].episodes.$post({ param: { id: season.id }, json: { number: 1, airDate: "soon" } }),
      400,
    );
    expect(bad.errors?.map((e) => e.path).sort()).toEqual(["airDate", "title"]);
    // @ts-expect-error the release year is missing on purpose
    await expectProblemOf(await catalog.series.$post({ json: { title: "No year" } }), 400);
    await expectProblemOf(await catalog.series[":id"].$patch({ param, json: {} }), 400);
  });

  it("is readable by anyone and writable only by admins", async () => {
    const genre = await newGenre();
    const show = await newSeries({ genres: [genre.id] });
    const season = await newSeason(show.id, { number: 1 });
    const episode = await newEpisode(season.id, { number: 1, title: "x" });
    const user = await registerUser();
    const as = client(user.accessToken);
    const param = { id: show.id };
    const ofSeason = { id: season.id };
    const ofEpisode = { id: episode.id };
    await expectProblemOf(await client().series.$post({ json: { title: "x", releaseYear: 2000 } }), 401);
    await expectProblemOf(await as.series.$post({ json: { title: "x", releaseYear: 2000 } }), 403);
    await expectProblemOf(await as.series[":id"].$patch({ param, json: { title: "x" } }), 403);
    await expectProblemOf(await as.series[":id"].$delete({ param }), 403);
    await expectProblemOf(await as.series[":id"].cast.$put({ param, json: { cast: [] } }), 403);
    await expectProblemOf(await as.series[":id"].seasons.$post({ param, json: { number: 2 } }), 403);
    await expectProblemOf(await as.seasons[":id"].$patch({ param: ofSeason, json: { number: 2 } }), 403);
    await expectProblemOf(await as.seasons[":id"].$delete({ param: ofSeason }), 403);
    await expectProblemOf(await as.seasons[":id"].episodes.$post({ param: ofSeason, json: { number: 2, title: "y" } }), 403);
    await expectProblemOf(await as.episodes[":id"].$patch({ param: ofEpisode, json: { title: "y" } }), 403);
    await expectProblemOf(await client().episodes[":id"].$delete({ param: ofEpisode }), 401);
    expect((await as.episodes[":id"].$get({ param: ofEpisode })).status).toBe(200);
    const recent = await expectJson(await client().series.$get({ query: { genre: genre.id, sort: "recent" } }), 200);
    expect(recent.items[0].id).toBe(show.id);
  });
});
