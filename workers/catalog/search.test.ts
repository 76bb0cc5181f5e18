import { describe, expect, it } from "vitest";
import { unique } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";
import { admin, newEpisode, newMovie, newPerson, newSeason, newSeries } from "./catalog.fixtures";
import { ftsQuery } from "./search.queries";

type SearchQuery = Parameters<ReturnType<typeof client>["search"]["$get"]>[0]["query"];
const find = (query: SearchQuery) => client().search.$get({ query });
const search = async (query: SearchQuery) => expectJson(await find(query), 200);

describe("search", () => {
  it("matches every word as a prefix, as you type", async () => {
    const word = unique("nebula");
    const movie = await newMovie({ title: `${word} Rising` });
    await newMovie({ title: `${word} Falling` });
    const hits = await search({ q: `${word.slice(0, -2)} ris` });
    expect(hits.items.map((h) => h.id)).toEqual([movie.id]);
    expect(hits.items[0]).toMatchObject({ type: "movie", title: `${word} Rising`, releaseYear: 2020, imageUrl: null });
  });

  it("folds diacritics both ways", async () => {
    const word = unique("zq");
    const movie = await newMovie({ title: `La película ${word}`, synopsis: "Un drama en Bogotá" });
    expect((await search({ q: `pelicula ${word}` })).items.map((h) => h.id)).toEqual([movie.id]);
    expect((await search({ q: `PELÍCULA ${word}` })).items.map((h) => h.id)).toEqual([movie.id]);
    expect((await search({ q: `bogota ${word}` })).items.map((h) => h.id)).toEqual([movie.id]);
  });

  it("ranks title matches above synopsis matches, and filters by type", async () => {
    const word = unique("orbit");
    const inSynopsis = await newMovie({ title: unique("Quiet "), synopsis: `A story about ${word} and more ${word}` });
    const inTitle = await newMovie({ title: `${word}` });
    const show = await newSeries({ title: `${word} Station` });
    const season = await newSeason(show.id, { number: 1 });
    const episode = await newEpisode(season.id, { number: 3, title: `Return to ${word}` });
    const person = await newPerson(`Dana ${word}`);

    const all = await search({ q: word });
    expect(all.items).toHaveLength(5);
    expect(all.items.at(-1)?.id).toBe(inSynopsis.id);
    expect((await search({ q: word, type: "series" })).items.map((h) => h.id)).toEqual([show.id]);
    expect((await search({ q: word, type: "person" })).items.map((h) => h.id)).toEqual([person.id]);
    const episodes = await search({ q: word, type: "episode" });
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
    const movies = await search({ q: word, type: "movie" });
    expect(movies.items.map((h) => h.id)).toEqual([inTitle.id, inSynopsis.id]);
  });

  it("follows renames and deletions (the index is kept in sync by triggers)", async () => {
    const token = await admin();
    const before = unique("before");
    const after = unique("after");
    const movie = await newMovie({ title: before });
    const param = { id: movie.id };
    await expectJson(await client(token).movies[":id"].$patch({ param, json: { title: after } }), 200);
    expect((await search({ q: before })).items).toEqual([]);
    expect((await search({ q: after })).items.map((h) => h.id)).toEqual([movie.id]);
    expect((await client(token).movies[":id"].$delete({ param })).status).toBe(204);
    expect((await search({ q: after })).items).toEqual([]);
  });

  it("pages through results", async () => {
    const word = unique("page");
    for (let i = 0; i < 5; i++) await newMovie({ title: `${word} ${i}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await search(cursor ? { q: word, limit: "2", cursor } : { q: word, limit: "2" });
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
      const res = await search({ q });
      expect(
        res.items.map((h) => h.id),
        q,
      ).toContain(movie.id);
    }
    for (const q of ['"', "***", "()", "\u0301", "🎬", "AND", "NEAR"]) {
      expect((await find({ q })).status, q).toBe(200);
    }
  });

  it("rejects a missing or oversized query and bad cursors", async () => {
    // @ts-expect-error the query is missing on purpose
    await expectProblemOf(await find({}), 400);
    await expectProblemOf(await find({ q: "  " }), 400);
    await expectProblemOf(await find({ q: "a".repeat(201) }), 400);
    // @ts-expect-error an unknown type on purpose
    await expectProblemOf(await find({ q: "a", type: "book" }), 400);
    await expectProblemOf(await find({ q: "a", cursor: "WyJ4Il0" }), 400);
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
    let first = await find({ q: word });
    for (let i = 0; i < 50 && first.headers.get("x-cache") !== "hit"; i++) first = await find({ q: word });
    expect(first.headers.get("x-cache")).toBe("hit");
    expect((await find({ q: word.toUpperCase() })).headers.get("x-cache")).toBe("hit");

    const param = { id: movie.id };
    const json = { title: `${word} Lighthouse` };
    await expectJson(await client(token).movies[":id"].$patch({ param, json }), 200);
    expect((await search({ q: word })).items.map((h) => h.title)).toEqual([`${word} Lighthouse`]);
    const person = await newPerson(`Ada ${word}`);
    expect((await search({ q: word })).items.map((h) => h.id)).toContain(person.id);
    expect((await client(token).movies[":id"].$delete({ param })).status).toBe(204);
    expect((await search({ q: word })).items.map((h) => h.id)).toEqual([person.id]);
  });
});
