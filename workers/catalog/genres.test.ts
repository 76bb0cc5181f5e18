import { describe, expect, it } from "vitest";
import { registerUser, unique } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";
import { admin, newGenre, newMovie, newSeries } from "./catalog.fixtures";

const genres = (token?: string) => client(token).genres;

describe("genres", () => {
  it("creates, reads, renames and deletes a genre", async () => {
    const token = await admin();
    const name = unique("Noir ");
    const genre = await expectJson(await genres(token).$post({ json: { name: `  ${name} ` } }), 201);
    expect(genre).toEqual({ id: expect.any(String), name, createdAt: expect.any(String), updatedAt: expect.any(String) });
    const param = { id: genre.id };
    expect(await expectJson(await genres()[":id"].$get({ param }), 200)).toEqual(genre);

    const renamed = await expectJson(await genres(token)[":id"].$patch({ param, json: { name: `${name} II` } }), 200);
    expect(renamed.name).toBe(`${name} II`);

    expect((await genres(token)[":id"].$delete({ param })).status).toBe(204);
    await expectProblemOf(await genres()[":id"].$get({ param }), 404);
    await expectProblemOf(await genres(token)[":id"].$delete({ param }), 404);
    await expectProblemOf(await genres(token)[":id"].$patch({ param, json: { name: "x" } }), 404);
  });

  it("lists genres by name across pages", async () => {
    const prefix = unique("Zz");
    for (const suffix of ["c", "a", "b"]) await newGenre(`${prefix} ${suffix}`);
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const query: { limit: string; cursor?: string } = cursor ? { limit: "2", cursor } : { limit: "2" };
      const page = await expectJson(await genres().$get({ query }), 200);
      expect(page.items.length).toBeLessThanOrEqual(2);
      names.push(...page.items.map((g) => g.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(names.filter((n) => n.startsWith(prefix))).toEqual([`${prefix} a`, `${prefix} b`, `${prefix} c`]);
    expect([...names].sort()).toEqual(names);
  });

  it("refuses a duplicate name, whatever its case", async () => {
    const token = await admin();
    const genre = await newGenre();
    const problem = await expectProblemOf(await genres(token).$post({ json: { name: genre.name.toUpperCase() } }), 409);
    expect(problem.detail).toMatch(/already exists/);
    const other = await newGenre();
    await expectProblemOf(await genres(token)[":id"].$patch({ param: { id: other.id }, json: { name: genre.name } }), 409);
  });

  it("refuses to delete a genre in use, with the count", async () => {
    const token = await admin();
    const genre = await newGenre();
    const param = { id: genre.id };
    const movie = await newMovie({ genres: [genre.id] });
    await newSeries({ genres: [genre.id] });
    const problem = await expectProblemOf(await genres(token)[":id"].$delete({ param }), 409);
    expect(problem).toMatchObject({ count: 2 });
    expect((await genres()[":id"].$get({ param })).status).toBe(200);
    expect((await client(token).movies[":id"].$delete({ param: { id: movie.id } })).status).toBe(204);
    expect(await expectProblemOf(await genres(token)[":id"].$delete({ param }), 409)).toMatchObject({ count: 1 });
  });

  it("validates input", async () => {
    const token = await admin();
    const blank = await expectProblemOf(await genres(token).$post({ json: { name: "  " } }), 400);
    expect(blank.errors?.[0].path).toBe("name");
    // @ts-expect-error the name is missing on purpose
    await expectProblemOf(await genres(token).$post({ json: {} }), 400);
    await expectProblemOf(await genres().$get({ query: { limit: "500" } }), 400);
    await expectProblemOf(await genres().$get({ query: { cursor: "garbage" } }), 400);
  });

  it("lets only admins write", async () => {
    const genre = await newGenre();
    const param = { id: genre.id };
    await expectProblemOf(await genres().$post({ json: { name: unique("G") } }), 401);
    const { accessToken } = await registerUser();
    await expectProblemOf(await genres(accessToken).$post({ json: { name: unique("G") } }), 403);
    await expectProblemOf(await genres(accessToken)[":id"].$patch({ param, json: { name: "x" } }), 403);
    await expectProblemOf(await genres(accessToken)[":id"].$delete({ param }), 403);
    expect((await genres(accessToken)[":id"].$get({ param })).status).toBe(200);
  });
});
