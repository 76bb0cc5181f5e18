import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, expectProblem, registerUser } from "../../test/api";
import { admin, created, newCharacter, newGenre, newSeries } from "./catalog.fixtures";

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
    await api("PUT", `/api/series/${show.id}/cast`, { token, body: { cast: [lead.id] } });

    const s2 = await created(`/api/series/${show.id}/seasons`, { number: 2, title: "Storms" });
    const s1 = await created(`/api/series/${show.id}/seasons`, { number: 1 });
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
    const e2 = await created(`/api/seasons/${s1.id}/episodes`, {
      number: 2,
      title: "Second",
      runtimeMinutes: 44,
      airDate: "2020-01-08",
    });
    const e1 = await created(`/api/seasons/${s1.id}/episodes`, { number: 1, title: "Pilot", synopsis: "It starts." });
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
    await created(`/api/seasons/${s2.id}/episodes`, { number: 1, title: "Squall" });

    const detail = await api("GET", `/api/series/${show.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      seasonCount: 2,
      genres: [{ id: genre.id, name: genre.name }],
      cast: [{ character: { id: lead.id } }],
    });
    expect(
      detail.body.seasons.map((s: { number: number; episodes: { title: string }[] }) => [
        s.number,
        s.episodes.map((e) => e.title),
      ]),
    ).toEqual([
      [1, ["Pilot", "Second"]],
      [2, ["Squall"]],
    ]);
    const seasons = await api("GET", `/api/series/${show.id}/seasons`);
    expect(seasons.body).toEqual({
      items: [
        { ...s1, episodeCount: 2 },
        { ...s2, episodeCount: 1 },
      ],
      nextCursor: null,
    });
    const season = await api("GET", `/api/seasons/${s1.id}`);
    expect(season.body).toEqual({ ...s1, episodeCount: 2, episodes: [e1, e2] });
    expect((await api("GET", `/api/seasons/${s1.id}/episodes`)).body).toEqual({ items: [e1, e2], nextCursor: null });
    expect((await api("GET", `/api/episodes/${e2.id}`)).body).toEqual({ ...e2, likeCount: 0, likedByMe: false });
  });

  it("keeps season numbers unique in a series and episode numbers unique in a season", async () => {
    const token = await admin();
    const show = await newSeries();
    const other = await newSeries();
    const s1 = await created(`/api/series/${show.id}/seasons`, { number: 1 });
    const s2 = await created(`/api/series/${show.id}/seasons`, { number: 2 });
    await created(`/api/series/${other.id}/seasons`, { number: 1 });
    expectProblem(await api("POST", `/api/series/${show.id}/seasons`, { token, body: { number: 1 } }), 409);
    expectProblem(await api("PATCH", `/api/seasons/${s2.id}`, { token, body: { number: 1 } }), 409);
    const e1 = await created(`/api/seasons/${s1.id}/episodes`, { number: 1, title: "One" });
    const e2 = await created(`/api/seasons/${s1.id}/episodes`, { number: 2, title: "Two" });
    await created(`/api/seasons/${s2.id}/episodes`, { number: 1, title: "One again" });
    expectProblem(await api("POST", `/api/seasons/${s1.id}/episodes`, { token, body: { number: 1, title: "Dup" } }), 409);
    expectProblem(await api("PATCH", `/api/episodes/${e2.id}`, { token, body: { number: 1 } }), 409);
    const changed = await api("PATCH", `/api/episodes/${e1.id}`, { token, body: { title: "Uno", airDate: "2021-03-04" } });
    expect(changed.body).toMatchObject({ title: "Uno", airDate: "2021-03-04", number: 1 });
    const season = await api("PATCH", `/api/seasons/${s2.id}`, { token, body: { number: 3, title: "Three" } });
    expect(season.body).toMatchObject({ number: 3, title: "Three", episodeCount: 1 });
  });

  it("deletes episodes, seasons and whole series with everything under them", async () => {
    const token = await admin();
    const show = await newSeries();
    const s1 = await created(`/api/series/${show.id}/seasons`, { number: 1 });
    const s2 = await created(`/api/series/${show.id}/seasons`, { number: 2 });
    const e1 = await created(`/api/seasons/${s1.id}/episodes`, { number: 1, title: "A" });
    await created(`/api/seasons/${s1.id}/episodes`, { number: 2, title: "B" });
    await created(`/api/seasons/${s2.id}/episodes`, { number: 1, title: "C" });

    expect((await api("DELETE", `/api/episodes/${e1.id}`, { token })).status).toBe(204);
    expectProblem(await api("GET", `/api/episodes/${e1.id}`), 404);
    expect((await api("DELETE", `/api/seasons/${s2.id}`, { token })).status).toBe(204);
    expect(await count("SELECT count(*) AS n FROM episodes WHERE season_id = ?", s2.id)).toBe(0);
    expect((await api("GET", `/api/series/${show.id}`)).body.seasons.map((s: { number: number }) => s.number)).toEqual([1]);

    expect((await api("DELETE", `/api/series/${show.id}`, { token })).status).toBe(204);
    expectProblem(await api("GET", `/api/series/${show.id}`), 404);
    expectProblem(await api("GET", `/api/seasons/${s1.id}`), 404);
    expect(await count("SELECT count(*) AS n FROM seasons WHERE series_id = ?", show.id)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM episodes WHERE season_id = ?", s1.id)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM search_documents WHERE ref_id = ?", show.id)).toBe(0);
  });

  it("answers 404 for unknown parents and ids", async () => {
    const token = await admin();
    expectProblem(await api("GET", "/api/series/nope"), 404);
    expectProblem(await api("GET", "/api/series/nope/seasons"), 404);
    expectProblem(await api("POST", "/api/series/nope/seasons", { token, body: { number: 1 } }), 404);
    expectProblem(await api("GET", "/api/seasons/nope/episodes"), 404);
    expectProblem(await api("POST", "/api/seasons/nope/episodes", { token, body: { number: 1, title: "x" } }), 404);
    expectProblem(await api("PATCH", "/api/seasons/nope", { token, body: { number: 1 } }), 404);
    expectProblem(await api("DELETE", "/api/seasons/nope", { token }), 404);
    expectProblem(await api("PATCH", "/api/episodes/nope", { token, body: { title: "x" } }), 404);
    expectProblem(await api("DELETE", "/api/episodes/nope", { token }), 404);
    expectProblem(await api("PUT", "/api/series/nope/cast", { token, body: { cast: [] } }), 404);
  });

  it("validates input", async () => {
    const token = await admin();
    const show = await newSeries();
    const season = await created(`/api/series/${show.id}/seasons`, { number: 1 });
    expectProblem(await api("POST", `/api/series/${show.id}/seasons`, { token, body: { number: -1 } }), 400);
    expectProblem(await api("POST", `/api/series/${show.id}/seasons`, { token, body: { number: "one" } }), 400);
    const bad = expectProblem(
      await api("POST", `/api/seasons/${season.id}/episodes`, { token, body: { number: 1, airDate: "soon" } }),
      400,
    );
    expect(bad.errors?.map((e) => e.path).sort()).toEqual(["airDate", "title"]);
    expectProblem(await api("POST", "/api/series", { token, body: { title: "No year" } }), 400);
    expectProblem(await api("PATCH", `/api/series/${show.id}`, { token, body: {} }), 400);
  });

  it("is readable by anyone and writable only by admins", async () => {
    const genre = await newGenre();
    const show = await newSeries({ genres: [genre.id] });
    const season = await created(`/api/series/${show.id}/seasons`, { number: 1 });
    const episode = await created(`/api/seasons/${season.id}/episodes`, { number: 1, title: "x" });
    const user = await registerUser();
    const as = { token: user.accessToken };
    expectProblem(await api("POST", "/api/series", { body: { title: "x", releaseYear: 2000 } }), 401);
    expectProblem(await api("POST", "/api/series", { ...as, body: { title: "x", releaseYear: 2000 } }), 403);
    expectProblem(await api("PATCH", `/api/series/${show.id}`, { ...as, body: { title: "x" } }), 403);
    expectProblem(await api("DELETE", `/api/series/${show.id}`, as), 403);
    expectProblem(await api("PUT", `/api/series/${show.id}/cast`, { ...as, body: { cast: [] } }), 403);
    expectProblem(await api("POST", `/api/series/${show.id}/seasons`, { ...as, body: { number: 2 } }), 403);
    expectProblem(await api("PATCH", `/api/seasons/${season.id}`, { ...as, body: { number: 2 } }), 403);
    expectProblem(await api("DELETE", `/api/seasons/${season.id}`, as), 403);
    expectProblem(await api("POST", `/api/seasons/${season.id}/episodes`, { ...as, body: { number: 2, title: "y" } }), 403);
    expectProblem(await api("PATCH", `/api/episodes/${episode.id}`, { ...as, body: { title: "y" } }), 403);
    expectProblem(await api("DELETE", `/api/episodes/${episode.id}`), 401);
    expect((await api("GET", `/api/episodes/${episode.id}`, as)).status).toBe(200);
    expect((await api("GET", `/api/series?genre=${genre.id}&sort=recent`)).body.items[0].id).toBe(show.id);
  });
});
