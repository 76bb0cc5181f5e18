import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { type ApiResponse, api, expectProblem, registerUser, unique } from "../../test/api";
import { admin, movieBody, newCharacter, newGenre, newMovie, newPerson } from "./catalog.fixtures";

type Item = { id: string; title: string };
const ids = (items: Item[]) => items.map((m) => m.id);

async function allPages(path: string) {
  const items: Item[] = [];
  let cursor: string | null = null;
  do {
    const res: ApiResponse = await api("GET", `${path}&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
}

describe("movies", () => {
  it("creates a movie with camelCase fields and answers the detail", async () => {
    const genre = await newGenre();
    const body = {
      title: "Nebula Rising",
      originalTitle: "Nébula naciente",
      synopsis: "A crew wakes up far from home.",
      releaseYear: 2024,
      runtimeMinutes: 128,
      maturityRating: "PG-13",
      languages: ["en", "es"],
      genres: [genre.id],
    };
    const res = await api("POST", "/api/movies", { token: await admin(), body });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      ...body,
      id: expect.any(String),
      genres: [{ id: genre.id, name: genre.name }],
      cast: [],
      posterUrl: null,
      backdropUrl: null,
      popularity: 0,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const detail = await api("GET", `/api/movies/${res.body.id}`);
    expect(detail.status).toBe(200);
    // The engagement module adds the caller's like counts to the public detail.
    expect(detail.body).toEqual({ ...res.body, likeCount: 0, likedByMe: false });
  });

  it("changes fields and replaces genres, then deletes", async () => {
    const token = await admin();
    const [a, b] = [await newGenre(), await newGenre()];
    const movie = await newMovie({ genres: [a.id] });
    const res = await api("PATCH", `/api/movies/${movie.id}`, {
      token,
      body: { title: "Renamed", synopsis: null, genres: [b.id] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ title: "Renamed", synopsis: null, genres: [{ id: b.id, name: b.name }] });
    const cleared = await api("PATCH", `/api/movies/${movie.id}`, { token, body: { genres: [] } });
    expect(cleared.body.genres).toEqual([]);
    expect((await api("DELETE", `/api/movies/${movie.id}`, { token })).status).toBe(204);
    expectProblem(await api("GET", `/api/movies/${movie.id}`), 404);
    expectProblem(await api("DELETE", `/api/movies/${movie.id}`, { token }), 404);
    expectProblem(await api("PATCH", `/api/movies/${movie.id}`, { token, body: { title: "x" } }), 404);
    const links = await env.DB.prepare("SELECT count(*) AS n FROM movie_genres WHERE movie_id = ?")
      .bind(movie.id)
      .first<{ n: number }>();
    expect(links?.n).toBe(0);
  });

  it("names unknown genre ids in a 422 and writes nothing", async () => {
    const token = await admin();
    const genre = await newGenre();
    const title = unique("Half ");
    const problem = expectProblem(
      await api("POST", "/api/movies", { token, body: movieBody({ title, genres: [genre.id, "nope-1", "nope-2"] }) }),
      422,
    );
    expect(problem.detail).toContain("nope-1, nope-2");
    expect(problem).toMatchObject({ missing: ["nope-1", "nope-2"] });
    const rows = await env.DB.prepare("SELECT count(*) AS n FROM movies WHERE title = ?").bind(title).first<{ n: number }>();
    expect(rows?.n).toBe(0);
    const movie = await newMovie({ genres: [genre.id] });
    expectProblem(await api("PATCH", `/api/movies/${movie.id}`, { token, body: { title: "Changed", genres: ["nope"] } }), 422);
    const after = await api("GET", `/api/movies/${movie.id}`);
    expect(after.body).toMatchObject({ title: movie.title, genres: [{ id: genre.id }] });
  });

  it("replaces the cast in billing order", async () => {
    const token = await admin();
    const [a, b, c] = [await newCharacter(), await newCharacter(), await newCharacter()];
    const movie = await newMovie();
    const first = await api("PUT", `/api/movies/${movie.id}/cast`, { token, body: { cast: [b.id, a.id] } });
    expect(first.status).toBe(200);
    expect(first.body.cast).toEqual([
      { character: { id: b.id, name: b.name }, person: { id: b.personId, name: b.person.name, photoUrl: null } },
      { character: { id: a.id, name: a.name }, person: { id: a.personId, name: a.person.name, photoUrl: null } },
    ]);
    const second = await api("PUT", `/api/movies/${movie.id}/cast`, { token, body: { cast: [c.id, b.id] } });
    expect(second.body.cast.map((m: { character: { id: string } }) => m.character.id)).toEqual([c.id, b.id]);

    const problem = expectProblem(
      await api("PUT", `/api/movies/${movie.id}/cast`, { token, body: { cast: [a.id, "ghost"] } }),
      422,
    );
    expect(problem.detail).toContain("ghost");
    const kept = await api("GET", `/api/movies/${movie.id}`);
    expect(kept.body.cast.map((m: { character: { id: string } }) => m.character.id)).toEqual([c.id, b.id]);

    expectProblem(await api("PUT", `/api/movies/${movie.id}/cast`, { token, body: { cast: [a.id, a.id] } }), 400);
    expectProblem(await api("PUT", "/api/movies/no-such-movie/cast", { token, body: { cast: [a.id] } }), 404);
    expect((await api("PUT", `/api/movies/${movie.id}/cast`, { token, body: { cast: [] } })).body.cast).toEqual([]);
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
    await api("PUT", `/api/movies/${charlie.id}/cast`, { token, body: { cast: [role.id] } });
    await env.DB.prepare(
      "UPDATE movies SET popularity = CASE id WHEN ? THEN 50 WHEN ? THEN 90 ELSE 10 END WHERE id IN (?, ?, ?, ?)",
    )
      .bind(bravo.id, delta.id, alpha.id, bravo.id, charlie.id, delta.id)
      .run();

    const base = `/api/movies?genre=${genre.id}`;
    expect(ids(await allPages(`${base}&sort=title`))).toEqual([alpha.id, bravo.id, charlie.id, delta.id]);
    const byYear = ids(await allPages(`${base}&sort=year`));
    expect(byYear.slice(2)).toEqual([charlie.id, alpha.id]);
    expect(byYear.slice(0, 2).sort()).toEqual([bravo.id, delta.id].sort());
    // Popularity was changed behind the API's back, so ask past the cache with a fresh key.
    const popular = ids(await allPages(`${base}&sort=popular&year=2003`));
    expect(popular).toEqual([delta.id, bravo.id]);
    expect(ids(await allPages(`${base}&sort=recent`))).toEqual([delta.id, charlie.id, bravo.id, alpha.id]);
    expect(ids(await allPages(`${base}&year=2003`))).toEqual([bravo.id, delta.id]);
    expect(ids(await allPages(`${base}&language=en`))).toEqual([alpha.id, charlie.id, delta.id]);
    expect(ids(await allPages(`/api/movies?person=${person.id}`))).toEqual([charlie.id]);
    expect(ids(await allPages(`${base}&person=${person.id}&language=fr`))).toEqual([charlie.id]);
    expect(ids(await allPages("/api/movies?genre=no-such-genre"))).toEqual([]);
  });

  it("rejects bad input with field errors", async () => {
    const token = await admin();
    const paths = async (body: unknown) =>
      expectProblem(await api("POST", "/api/movies", { token, body }), 400).errors?.map((e) => e.path);
    expect(await paths({ releaseYear: 2000, runtimeMinutes: 90 })).toEqual(["title"]);
    expect(await paths(movieBody({ releaseYear: 1500 }))).toEqual(["releaseYear"]);
    expect(await paths(movieBody({ runtimeMinutes: 0 }))).toEqual(["runtimeMinutes"]);
    expect(await paths(movieBody({ languages: ["english!"] }))).toEqual(["languages.0"]);
    expect(await paths(movieBody({ genres: ["a", "a"] }))).toEqual(["genres"]);
    expectProblem(await api("PATCH", `/api/movies/${(await newMovie()).id}`, { token, body: {} }), 400);
    expectProblem(await api("GET", "/api/movies?sort=rating"), 400);
    expectProblem(await api("GET", "/api/movies?limit=101"), 400);
    expectProblem(await api("GET", "/api/movies?cursor=bm90LWpzb24"), 400);
    expectProblem(await api("POST", "/api/movies", { token, raw: "{", headers: { "content-type": "application/json" } }), 400);
  });

  it("is readable by anyone and writable only by admins", async () => {
    const movie = await newMovie();
    const user = await registerUser();
    expect((await api("GET", `/api/movies/${movie.id}`)).status).toBe(200);
    expect((await api("GET", "/api/movies")).status).toBe(200);
    expectProblem(await api("POST", "/api/movies", { body: movieBody() }), 401);
    const as = { token: user.accessToken };
    expectProblem(await api("POST", "/api/movies", { ...as, body: movieBody() }), 403);
    expectProblem(await api("PATCH", `/api/movies/${movie.id}`, { ...as, body: { title: "x" } }), 403);
    expectProblem(await api("DELETE", `/api/movies/${movie.id}`, as), 403);
    expectProblem(await api("PUT", `/api/movies/${movie.id}/cast`, { ...as, body: { cast: [] } }), 403);
    expect((await api("GET", `/api/movies/${movie.id}`)).body.title).toBe(movie.title);
  });

  it("is in the served OpenAPI document", async () => {
    const doc = await api("GET", "/api/openapi.json");
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(["/movies", "/movies/{id}", "/movies/{id}/cast", "/movies/{id}/poster", "/search", "/genres"]),
    );
    expect(Object.keys(doc.body.components.schemas)).toEqual(
      expect.arrayContaining(["MovieDetail", "MovieSummary", "MovieInput"]),
    );
  });
});
