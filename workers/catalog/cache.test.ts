import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser } from "../../test/api";
import { client, expectJson, readBody } from "../../test/client";
import { admin, newCharacter, newEpisode, newGenre, newMovie, newPerson, newSeason, newSeries, PNG } from "./catalog.fixtures";

// Every write must be visible to the very next read, even though that read is served from KV.
// Reads are anonymous (one shared cache entry), through the typed client.
const anyone = client();
const movieDetail = (id: string) => () => anyone.movies[":id"].$get({ param: { id } });
const seriesDetail = (id: string) => () => anyone.series[":id"].$get({ param: { id } });
const movieList = (query: { genre?: string; person?: string }) => () => anyone.movies.$get({ query });

type Answer = { status: number; headers: Headers; json(): Promise<unknown> };
/** The body a route answers with 200 (what `expectJson(res, 200)` returns, for a read passed as a function). */
type Ok<R> = R extends { status: 200; json(): Promise<infer T> } ? T : never;

async function read<R extends Answer>(call: () => Promise<R>) {
  const res = await call();
  const body = await readBody((res as unknown as Response).clone());
  expect(res.status, JSON.stringify(body)).toBe(200);
  return { body: body as Ok<R>, cache: res.headers.get("x-cache") };
}

/** Reads until the answer comes from KV (the first read stores it in waitUntil, off the response path). */
async function cachedRead<R extends Answer>(call: () => Promise<R>) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const res = await read(call);
    if (res.cache === "hit") return res.body;
  }
  throw new Error(`never served from the cache: ${call}`);
}

describe("catalog cache", () => {
  it("serves a hot detail and a hot list page from the cache, with a copy in KV", async () => {
    const genre = await newGenre();
    const movie = await newMovie({ genres: [genre.id] });
    const first = await read(movieDetail(movie.id));
    expect(first.cache).toBe("miss");
    expect(await cachedRead(movieDetail(movie.id))).toEqual(first.body);
    expect((await cachedRead(movieList({ genre: genre.id }))).items.map((m) => m.id)).toEqual([movie.id]);
    // The KV copy (shared by every isolate) is written in waitUntil, so it may land a moment later.
    let stored: string | null = null;
    for (let attempt = 0; attempt < 50 && stored === null; attempt++) {
      stored = await env.CACHE.get(`catalog:v2:movie:${movie.id}:detail`);
      if (stored === null) await scheduler.wait(10);
    }
    expect(stored).toMatch(/^\d+\n\{/);
  });

  it("never shows a stale title after a write to it returns", async () => {
    const token = await admin();
    const genre = await newGenre();
    const movie = await newMovie({ genres: [genre.id] });
    const list = movieList({ genre: genre.id });
    await cachedRead(movieDetail(movie.id));
    await cachedRead(list);

    const writer = client(token);
    const param = { id: movie.id };
    await expectJson(await writer.movies[":id"].$patch({ param, json: { title: "Fresh title" } }), 200);
    expect((await read(movieDetail(movie.id))).body.title).toBe("Fresh title");
    expect((await read(list)).body.items[0].title).toBe("Fresh title");

    const character = await newCharacter();
    await cachedRead(movieDetail(movie.id));
    await expectJson(await writer.movies[":id"].cast.$put({ param, json: { cast: [character.id] } }), 200);
    expect((await read(movieDetail(movie.id))).body.cast).toHaveLength(1);

    await cachedRead(movieDetail(movie.id));
    const image = { headers: { "content-type": "image/png" }, init: { body: PNG } };
    await expectJson(await client(token).movies[":id"].poster.$put({ param: { id: movie.id } }, image), 200);
    expect((await read(movieDetail(movie.id))).body.posterUrl).not.toBeNull();

    await cachedRead(list);
    expect((await writer.movies[":id"].$delete({ param })).status).toBe(204);
    expect((await client().movies[":id"].$get({ param })).status).toBe(404);
    expect((await read(list)).body.items).toEqual([]);
  });

  it("re-renders every title that shows a renamed person, character or genre", async () => {
    const token = await admin();
    const genre = await newGenre();
    const person = await newPerson();
    const character = await newCharacter(person.id);
    const movie = await newMovie({ genres: [genre.id] });
    const show = await newSeries({ genres: [genre.id] });
    const catalog = client(token);
    const cast = { cast: [character.id] };
    await expectJson(await catalog.movies[":id"].cast.$put({ param: { id: movie.id }, json: cast }), 200);
    await expectJson(await catalog.series[":id"].cast.$put({ param: { id: show.id }, json: cast }), 200);
    const detail = () => Promise.all([cachedRead(movieDetail(movie.id)), cachedRead(seriesDetail(show.id))]);

    await detail();
    await expectJson(await catalog.people[":id"].$patch({ param: { id: person.id }, json: { name: "New Name" } }), 200);
    expect((await read(movieDetail(movie.id))).body.cast[0].person.name).toBe("New Name");
    expect((await read(seriesDetail(show.id))).body.cast[0].person.name).toBe("New Name");

    await detail();
    const role = { id: character.id };
    await expectJson(await catalog.characters[":id"].$patch({ param: role, json: { name: "New Role" } }), 200);
    expect((await read(movieDetail(movie.id))).body.cast[0].character.name).toBe("New Role");

    await detail();
    const renamed = { name: `${genre.name} renamed` };
    await expectJson(await catalog.genres[":id"].$patch({ param: { id: genre.id }, json: renamed }), 200);
    expect((await read(seriesDetail(show.id))).body.genres[0].name).toBe(`${genre.name} renamed`);

    const other = await newPerson();
    await cachedRead(movieList({ person: other.id }));
    await expectJson(await catalog.characters[":id"].$patch({ param: role, json: { personId: other.id } }), 200);
    expect((await read(movieList({ person: other.id }))).body.items.map((m) => m.id)).toEqual([movie.id]);

    await detail();
    expect((await catalog.characters[":id"].$delete({ param: role })).status).toBe(204);
    expect((await read(seriesDetail(show.id))).body.cast).toEqual([]);
  });

  it("shows season and episode changes in the series at once", async () => {
    const token = await admin();
    const show = await newSeries();
    await cachedRead(seriesDetail(show.id));
    const season = await newSeason(show.id, { number: 1 });
    expect((await read(seriesDetail(show.id))).body.seasons).toHaveLength(1);
    await cachedRead(seriesDetail(show.id));
    const episode = await newEpisode(season.id, { number: 1, title: "Pilot" });
    expect((await read(seriesDetail(show.id))).body.seasons[0].episodes).toHaveLength(1);
    await cachedRead(seriesDetail(show.id));
    const pilot = { param: { id: episode.id }, json: { title: "Renamed pilot" } };
    await expectJson(await client(token).episodes[":id"].$patch(pilot), 200);
    expect((await read(seriesDetail(show.id))).body.seasons[0].episodes[0].title).toBe("Renamed pilot");
    await cachedRead(seriesDetail(show.id));
    expect((await client(token).seasons[":id"].$delete({ param: { id: season.id } })).status).toBe(204);
    expect((await read(seriesDetail(show.id))).body).toMatchObject({ seasons: [], seasonCount: 0 });
  });

  it("keeps a cached detail's like count current, and likedByMe per caller", async () => {
    const movie = await newMovie();
    const path = movieDetail(movie.id);
    expect(await cachedRead(path)).toMatchObject({ likeCount: 0, likedByMe: false });
    const fan = await registerUser();
    const like = client(fan.accessToken).movies[":id"].like;
    expect((await like.$post({ param: { id: movie.id } })).status).toBe(200);
    expect((await read(path)).body).toMatchObject({ likeCount: 1, likedByMe: false });
    expect(await cachedRead(path)).toMatchObject({ likeCount: 1, likedByMe: false });
    const asFan = () => client(fan.accessToken).movies[":id"].$get({ param: { id: movie.id } });
    const mine = await asFan();
    expect(await expectJson(mine, 200)).toMatchObject({ likeCount: 1, likedByMe: true });
    expect(mine.headers.get("x-cache")).toBe("hit");
    await expectJson(await like.$delete({ param: { id: movie.id } }), 200);
    expect(await expectJson(await asFan(), 200)).toMatchObject({ likeCount: 0, likedByMe: false });
  });
});
