import { describe, expect, it } from "vitest";
import { type ApiResponse, api, expectProblem, registerUser, unique } from "../../test/api";
import { admin, newGenre, newMovie, newSeries } from "./catalog.fixtures";

describe("genres", () => {
  it("creates, reads, renames and deletes a genre", async () => {
    const token = await admin();
    const name = unique("Noir ");
    const res = await api("POST", "/api/genres", { token, body: { name: `  ${name} ` } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), name, createdAt: expect.any(String), updatedAt: expect.any(String) });
    expect((await api("GET", `/api/genres/${res.body.id}`)).body).toEqual(res.body);

    const renamed = await api("PATCH", `/api/genres/${res.body.id}`, { token, body: { name: `${name} II` } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe(`${name} II`);

    expect((await api("DELETE", `/api/genres/${res.body.id}`, { token })).status).toBe(204);
    expectProblem(await api("GET", `/api/genres/${res.body.id}`), 404);
    expectProblem(await api("DELETE", `/api/genres/${res.body.id}`, { token }), 404);
    expectProblem(await api("PATCH", `/api/genres/${res.body.id}`, { token, body: { name: "x" } }), 404);
  });

  it("lists genres by name across pages", async () => {
    const prefix = unique("Zz");
    for (const suffix of ["c", "a", "b"]) await newGenre(`${prefix} ${suffix}`);
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const res: ApiResponse = await api("GET", `/api/genres?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      names.push(...res.body.items.map((g: { name: string }) => g.name));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(names.filter((n) => n.startsWith(prefix))).toEqual([`${prefix} a`, `${prefix} b`, `${prefix} c`]);
    expect([...names].sort()).toEqual(names);
  });

  it("refuses a duplicate name, whatever its case", async () => {
    const token = await admin();
    const genre = await newGenre();
    const problem = expectProblem(await api("POST", "/api/genres", { token, body: { name: genre.name.toUpperCase() } }), 409);
    expect(problem.detail).toMatch(/already exists/);
    const other = await newGenre();
    expectProblem(await api("PATCH", `/api/genres/${other.id}`, { token, body: { name: genre.name } }), 409);
  });

  it("refuses to delete a genre in use, with the count", async () => {
    const token = await admin();
    const genre = await newGenre();
    const movie = await newMovie({ genres: [genre.id] });
    await newSeries({ genres: [genre.id] });
    const problem = expectProblem(await api("DELETE", `/api/genres/${genre.id}`, { token }), 409);
    expect(problem).toMatchObject({ count: 2 });
    expect((await api("GET", `/api/genres/${genre.id}`)).status).toBe(200);
    expect((await api("DELETE", `/api/movies/${movie.id}`, { token })).status).toBe(204);
    expect(expectProblem(await api("DELETE", `/api/genres/${genre.id}`, { token }), 409)).toMatchObject({ count: 1 });
  });

  it("validates input", async () => {
    const token = await admin();
    expect(expectProblem(await api("POST", "/api/genres", { token, body: { name: "  " } }), 400).errors?.[0].path).toBe("name");
    expectProblem(await api("POST", "/api/genres", { token, body: {} }), 400);
    expectProblem(await api("GET", "/api/genres?limit=500"), 400);
    expectProblem(await api("GET", "/api/genres?cursor=garbage"), 400);
  });

  it("lets only admins write", async () => {
    const genre = await newGenre();
    expectProblem(await api("POST", "/api/genres", { body: { name: unique("G") } }), 401);
    const user = await registerUser();
    expectProblem(await api("POST", "/api/genres", { token: user.accessToken, body: { name: unique("G") } }), 403);
    expectProblem(await api("PATCH", `/api/genres/${genre.id}`, { token: user.accessToken, body: { name: "x" } }), 403);
    expectProblem(await api("DELETE", `/api/genres/${genre.id}`, { token: user.accessToken }), 403);
    expect((await api("GET", `/api/genres/${genre.id}`, { token: user.accessToken })).status).toBe(200);
  });
});
