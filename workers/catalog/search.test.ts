import { describe, expect, it } from "vitest";
import { api, expectProblem, unique } from "../../test/api";
import { admin, created, newMovie, newPerson, newSeries } from "./catalog.fixtures";
import { ftsQuery } from "./search.queries";

type Hit = { type: string; id: string; title: string };
const search = async (query: string) => {
  const res = await api("GET", `/api/search?${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { items: Hit[]; nextCursor: string | null };
};

describe("search", () => {
  it("matches every word as a prefix, as you type", async () => {
    const word = unique("nebula");
    const movie = await newMovie({ title: `${word} Rising` });
    await newMovie({ title: `${word} Falling` });
    const hits = await search(`q=${word.slice(0, -2)} ris`);
    expect(hits.items.map((h) => h.id)).toEqual([movie.id]);
    expect(hits.items[0]).toMatchObject({ type: "movie", title: `${word} Rising`, releaseYear: 2020, imageUrl: null });
  });

  it("folds diacritics both ways", async () => {
    const word = unique("zq");
    const movie = await newMovie({ title: `La película ${word}`, synopsis: "Un drama en Bogotá" });
    expect((await search(`q=pelicula ${word}`)).items.map((h) => h.id)).toEqual([movie.id]);
    expect((await search(`q=${encodeURIComponent(`PELÍCULA ${word}`)}`)).items.map((h) => h.id)).toEqual([movie.id]);
    expect((await search(`q=bogota ${word}`)).items.map((h) => h.id)).toEqual([movie.id]);
  });

  it("ranks title matches above synopsis matches, and filters by type", async () => {
    const word = unique("orbit");
    const inSynopsis = await newMovie({ title: unique("Quiet "), synopsis: `A story about ${word} and more ${word}` });
    const inTitle = await newMovie({ title: `${word}` });
    const show = await newSeries({ title: `${word} Station` });
    const season = await created(`/api/series/${show.id}/seasons`, { number: 1 });
    const episode = await created(`/api/seasons/${season.id}/episodes`, { number: 3, title: `Return to ${word}` });
    const person = await newPerson(`Dana ${word}`);

    const all = await search(`q=${word}`);
    expect(all.items).toHaveLength(5);
    expect(all.items.at(-1)?.id).toBe(inSynopsis.id);
    expect((await search(`q=${word}&type=series`)).items.map((h) => h.id)).toEqual([show.id]);
    expect((await search(`q=${word}&type=person`)).items.map((h) => h.id)).toEqual([person.id]);
    const episodes = await search(`q=${word}&type=episode`);
    expect(episodes.items).toEqual([
      {
        type: "episode",
        id: episode.id,
        title: `Return to ${word}`,
        releaseYear: null,
        imageUrl: null,
        seriesId: show.id,
        seasonNumber: 1,
        episodeNumber: 3,
      },
    ]);
    const movies = await search(`q=${word}&type=movie`);
    expect(movies.items.map((h) => h.id)).toEqual([inTitle.id, inSynopsis.id]);
  });

  it("follows renames and deletions (the index is kept in sync by triggers)", async () => {
    const token = await admin();
    const before = unique("before");
    const after = unique("after");
    const movie = await newMovie({ title: before });
    await api("PATCH", `/api/movies/${movie.id}`, { token, body: { title: after } });
    expect((await search(`q=${before}`)).items).toEqual([]);
    expect((await search(`q=${after}`)).items.map((h) => h.id)).toEqual([movie.id]);
    await api("DELETE", `/api/movies/${movie.id}`, { token });
    expect((await search(`q=${after}`)).items).toEqual([]);
  });

  it("pages through results", async () => {
    const word = unique("page");
    for (let i = 0; i < 5; i++) await newMovie({ title: `${word} ${i}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await search(`q=${word}&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.items.map((h) => h.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(5);
  });

  it("treats FTS syntax as plain text and never fails", async () => {
    const word = unique("safe");
    const movie = await newMovie({ title: `${word} and or not near "quoted" (title)` });
    const nasty = [
      `"${word}`,
      `${word} AND`,
      `${word} OR NOT`,
      `${word}*`,
      `NEAR(${word})`,
      `title:${word}`,
      `-${word}`,
      `^${word}`,
      `${word} " ' ( ) { } [ ] : ; + - * ^ ~ \\ /`,
    ];
    for (const q of nasty) {
      const res = await search(`q=${encodeURIComponent(q)}`);
      expect(
        res.items.map((h) => h.id),
        q,
      ).toContain(movie.id);
    }
    for (const q of ['"', "***", "()", "\u0301", "🎬", "AND", "NEAR"]) {
      expect((await api("GET", `/api/search?q=${encodeURIComponent(q)}`)).status, q).toBe(200);
    }
  });

  it("rejects a missing or oversized query and bad cursors", async () => {
    expectProblem(await api("GET", "/api/search"), 400);
    expectProblem(await api("GET", "/api/search?q=%20%20"), 400);
    expectProblem(await api("GET", `/api/search?q=${"a".repeat(201)}`), 400);
    expectProblem(await api("GET", "/api/search?q=a&type=book"), 400);
    expectProblem(await api("GET", "/api/search?q=a&cursor=WyJ4Il0"), 400);
  });

  it("builds quoted prefix queries", () => {
    expect(ftsQuery("nebu ris")).toBe('"nebu"* "ris"*');
    expect(ftsQuery('a"b NEAR(c)')).toBe('"a"* "b"* "NEAR"* "c"*');
    expect(ftsQuery("¿?!")).toBeUndefined();
  });

  it("answers repeated searches from the cache, never stale after a catalog write", async () => {
    const token = await admin();
    const word = unique("lantern");
    const movie = await newMovie({ title: `${word} Harbor` });
    const path = `/api/search?q=${word}`;
    let first = await api("GET", path);
    for (let i = 0; i < 50 && first.headers.get("x-cache") !== "hit"; i++) first = await api("GET", path);
    expect(first.headers.get("x-cache")).toBe("hit");
    expect((await api("GET", `/api/search?q=${word.toUpperCase()}`)).headers.get("x-cache")).toBe("hit");

    await api("PATCH", `/api/movies/${movie.id}`, { token, body: { title: `${word} Lighthouse` } });
    expect((await search(`q=${word}`)).items.map((h) => h.title)).toEqual([`${word} Lighthouse`]);
    const person = await newPerson(`Ada ${word}`);
    expect((await search(`q=${word}`)).items.map((h) => h.id)).toContain(person.id);
    await api("DELETE", `/api/movies/${movie.id}`, { token });
    expect((await search(`q=${word}`)).items.map((h) => h.id)).toEqual([person.id]);
  });
});
