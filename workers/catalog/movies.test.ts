import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser, unique } from "../../test/api";
import { checkedFetch, client, expectJson, expectProblemOf } from "../../test/client";
import { admin, movieBody, newCharacter, newGenre, newMovie, newPerson } from "./catalog.fixtures";

type Api = ReturnType<typeof client>;
type MovieInput = Parameters<Api["movies"]["$post"]>[0]["json"];
type ListQuery = NonNullable<Parameters<Api["movies"]["$get"]>[0]>["query"];
const movies = (token?: string) => client(token).movies;
const ids = (items: { id: string }[]) => items.map((m) => m.id);

async function allPages(query: ListQuery) {
  const items: { id: string; title: string }[] = [];
  let cursor: string | null = null;
  do {
    const next: ListQuery = cursor ? { ...query, limit: "2", cursor } : { ...query, limit: "2" };
    const page = await expectJson(await movies().$get({ query: next }), 200);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

describe("movies", () => {
  it("creates a movie with camelCase fields and answers the detail", async () => {
    const genre = await newGenre();
    const json = {
      title: "Nebula Rising",
      originalTitle: "Nébula naciente",
      synopsis: "A crew wakes up far from home.",
      releaseYear: 2024,
      runtimeMinutes: 128,
      maturityRating: "PG-13",
      languages: ["en", "es"],
      genres: [genre.id],
    };
    const movie = await expectJson(await movies(await admin()).$post({ json }), 201);
    expect(movie).toEqual({
      ...json,
      id: expect.any(String),
      genres: [{ id: genre.id, name: genre.name }],
      cast: [],
      posterUrl: null,
      backdropUrl: null,
      popularity: 0,
      access: "free",
      requiredFeatures: [],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const detail = await expectJson(await movies()[":id"].$get({ param: { id: movie.id } }), 200);
    // The engagement module adds the caller's like counts to the public detail.
    expect(detail).toEqual({ ...movie, likeCount: 0, likedByMe: false, playable: false });
  });

  it("changes fields and replaces genres, then deletes", async () => {
    const token = await admin();
    const [a, b] = [await newGenre(), await newGenre()];
    const movie = await newMovie({ genres: [a.id] });
    const param = { id: movie.id };
    const changed = await expectJson(
      await movies(token)[":id"].$patch({ param, json: { title: "Renamed", synopsis: null, genres: [b.id] } }),
      200,
    );
    expect(changed).toMatchObject({ title: "Renamed", synopsis: null, genres: [{ id: b.id, name: b.name }] });
    const cleared = await movies(token)[":id"].$patch({ param, json: { genres: [] } });
    expect((await expectJson(cleared, 200)).genres).toEqual([]);
    expect((await movies(token)[":id"].$delete({ param })).status).toBe(204);
    await expectProblemOf(await movies()[":id"].$get({ param }), 404);
    await expectProblemOf(await movies(token)[":id"].$delete({ param }), 404);
    await expectProblemOf(await movies(token)[":id"].$patch({ param, json: { title: "x" } }), 404);
    const links = await env.DB.prepare("SELECT count(*) AS n FROM movie_genres WHERE movie_id = ?")
      .bind(movie.id)
      .first<{ n: number }>();
    expect(links?.n).toBe(0);
  });

  it("names unknown genre ids in a 422 and writes nothing", async () => {
    const token = await admin();
    const genre = await newGenre();
    const title = unique("Half ");
    const problem = await expectProblemOf(
      await movies(token).$post({ json: movieBody({ title, genres: [genre.id, "nope-1", "nope-2"] }) }),
      422,
    );
    expect(problem.detail).toContain("nope-1, nope-2");
    expect(problem).toMatchObject({ missing: ["nope-1", "nope-2"] });
    const rows = await env.DB.prepare("SELECT count(*) AS n FROM movies WHERE title = ?").bind(title).first<{ n: number }>();
    expect(rows?.n).toBe(0);
    const movie = await newMovie({ genres: [genre.id] });
    const param = { id: movie.id };
    await expectProblemOf(await movies(token)[":id"].$patch({ param, json: { title: "Changed", genres: ["nope"] } }), 422);
    const after = await expectJson(await movies()[":id"].$get({ param }), 200);
    expect(after).toMatchObject({ title: movie.title, genres: [{ id: genre.id }] });
  });

  it("replaces the cast in billing order", async () => {
    const token = await admin();
    const [a, b, c] = [await newCharacter(), await newCharacter(), await newCharacter()];
    const movie = await newMovie();
    const param = { id: movie.id };
    const cast = (ids: string[], id = movie.id) => movies(token)[":id"].cast.$put({ param: { id }, json: { cast: ids } });
    const characters = (m: { cast: { character: { id: string } }[] }) => m.cast.map((member) => member.character.id);
    const first = await expectJson(await cast([b.id, a.id]), 200);
    expect(first.cast).toEqual([
      { character: { id: b.id, name: b.name }, person: { id: b.personId, name: b.person.name, photoUrl: null } },
      { character: { id: a.id, name: a.name }, person: { id: a.personId, name: a.person.name, photoUrl: null } },
    ]);
    const second = await expectJson(await cast([c.id, b.id]), 200);
    expect(characters(second)).toEqual([c.id, b.id]);

    const problem = await expectProblemOf(await cast([a.id, "ghost"]), 422);
    expect(problem.detail).toContain("ghost");
    const kept = await expectJson(await movies()[":id"].$get({ param }), 200);
    expect(characters(kept)).toEqual([c.id, b.id]);

    await expectProblemOf(await cast([a.id, a.id]), 400);
    await expectProblemOf(await cast([a.id], "no-such-movie"), 404);
    expect((await expectJson(await cast([]), 200)).cast).toEqual([]);
  });

  it("filters by genre, year, person and language, and pages through every sort", async () => {
    const token = await admin();
    const genre = await newGenre();
    const person = await newPerson();
    const role = await newCharacter(person.id);
    const make = (title: string, releaseYear: number, languages: string[]) =>
      newMovie({ title, releaseYear, languages, genres: [genre.id] });
    const alpha = await make("Alpha", 2001, ["en"]);
    const bravo = await make("Bravo", 2003, ["es"]);
    const charlie = await make("Charlie", 2002, ["en", "fr"]);
    const delta = await make("Delta", 2003, ["en"]);
    await newMovie({ title: "Alpha", releaseYear: 2001 }); // not in the genre
    const cast = { param: { id: charlie.id }, json: { cast: [role.id] } };
    await expectJson(await movies(token)[":id"].cast.$put(cast), 200);
    await env.DB.prepare(
      "UPDATE movies SET popularity = CASE id WHEN ? THEN 50 WHEN ? THEN 90 ELSE 10 END WHERE id IN (?, ?, ?, ?)",
    )
      .bind(bravo.id, delta.id, alpha.id, bravo.id, charlie.id, delta.id)
      .run();

    const base = { genre: genre.id };
    expect(ids(await allPages({ ...base, sort: "title" }))).toEqual([alpha.id, bravo.id, charlie.id, delta.id]);
    const byYear = ids(await allPages({ ...base, sort: "year" }));
    expect(byYear.slice(2)).toEqual([charlie.id, alpha.id]);
    expect(byYear.slice(0, 2).sort()).toEqual([bravo.id, delta.id].sort());
    // Popularity was changed behind the API's back, so ask past the cache with a fresh key.
    const popular = ids(await allPages({ ...base, sort: "popular", year: "2003" }));
    expect(popular).toEqual([delta.id, bravo.id]);
    expect(ids(await allPages({ ...base, sort: "recent" }))).toEqual([delta.id, charlie.id, bravo.id, alpha.id]);
    expect(ids(await allPages({ ...base, year: "2003" }))).toEqual([bravo.id, delta.id]);
    expect(ids(await allPages({ ...base, language: "en" }))).toEqual([alpha.id, charlie.id, delta.id]);
    expect(ids(await allPages({ person: person.id }))).toEqual([charlie.id]);
    expect(ids(await allPages({ ...base, person: person.id, language: "fr" }))).toEqual([charlie.id]);
    expect(ids(await allPages({ genre: "no-such-genre" }))).toEqual([]);
  });

  it("rejects bad input with field errors", async () => {
    const token = await admin();
    const paths = async (json: MovieInput) =>
      (await expectProblemOf(await movies(token).$post({ json }), 400)).errors?.map((e) => e.path);
    // @ts-expect-error the title is missing on purpose
    expect(await paths({ releaseYear: 2000, runtimeMinutes: 90 })).toEqual(["title"]);
    expect(await paths(movieBody({ releaseYear: 1500 }))).toEqual(["releaseYear"]);
    expect(await paths(movieBody({ runtimeMinutes: 0 }))).toEqual(["runtimeMinutes"]);
    expect(await paths(movieBody({ languages: ["english!"] }))).toEqual(["languages.0"]);
    expect(await paths(movieBody({ genres: ["a", "a"] }))).toEqual(["genres"]);
    await expectProblemOf(await movies(token)[":id"].$patch({ param: { id: (await newMovie()).id }, json: {} }), 400);
    // @ts-expect-error not a sort, on purpose
    await expectProblemOf(await movies().$get({ query: { sort: "rating" } }), 400);
    await expectProblemOf(await movies().$get({ query: { limit: "101" } }), 400);
    await expectProblemOf(await movies().$get({ query: { cursor: "bm90LWpzb24" } }), 400);
    // Malformed JSON cannot be sent through the typed client, which always serialises its `json`.
    const raw = { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: "{" };
    await expectProblemOf(await checkedFetch("https://marquee.test/api/movies", raw), 400);
  });

  it("is readable by anyone and writable only by admins", async () => {
    const movie = await newMovie();
    const user = await registerUser();
    const param = { id: movie.id };
    expect((await movies()[":id"].$get({ param })).status).toBe(200);
    expect((await movies().$get({ query: {} })).status).toBe(200);
    await expectProblemOf(await movies().$post({ json: movieBody() }), 401);
    const as = movies(user.accessToken);
    await expectProblemOf(await as.$post({ json: movieBody() }), 403);
    await expectProblemOf(await as[":id"].$patch({ param, json: { title: "x" } }), 403);
    await expectProblemOf(await as[":id"].$delete({ param }), 403);
    await expectProblemOf(await as[":id"].cast.$put({ param, json: { cast: [] } }), 403);
    expect((await expectJson(await movies()[":id"].$get({ param }), 200)).title).toBe(movie.title);
  });

  it("is in the served OpenAPI document", async () => {
    // /openapi.json is not a typed route (it is not part of AppType), so it is fetched by path.
    const res = await checkedFetch("https://marquee.test/api/openapi.json");
    expect(res.status).toBe(200);
    const doc: { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } } = await res.json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/movies", "/movies/{id}", "/movies/{id}/cast", "/movies/{id}/poster", "/search", "/genres"]),
    );
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(["MovieDetail", "MovieSummary", "MovieInput"]));
  });
});
