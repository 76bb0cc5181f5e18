import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser, unique } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";
import { admin, newCharacter, newMovie, newPerson, newSeries } from "./catalog.fixtures";

const people = (token?: string) => client(token).people;
const characters = (token?: string) => client(token).characters;

describe("people", () => {
  it("creates, reads, changes and deletes a person", async () => {
    const token = await admin();
    const json = { name: "Ana Torres", birthDate: "1980-02-29", bio: "Actor" };
    const person = await expectJson(await people(token).$post({ json }), 201);
    expect(person).toEqual({
      id: expect.any(String),
      name: "Ana Torres",
      birthDate: "1980-02-29",
      bio: "Actor",
      photoUrl: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const param = { id: person.id };
    expect(await expectJson(await people()[":id"].$get({ param }), 200)).toEqual({ ...person, credits: [] });

    const changed = await people(token)[":id"].$patch({ param, json: { bio: null, birthDate: "1981-01-01" } });
    expect(await expectJson(changed, 200)).toMatchObject({ name: "Ana Torres", bio: null, birthDate: "1981-01-01" });

    expect((await people(token)[":id"].$delete({ param })).status).toBe(204);
    await expectProblemOf(await people()[":id"].$get({ param }), 404);
    await expectProblemOf(await people(token)[":id"].$patch({ param, json: { name: "x" } }), 404);
  });

  it("shows a person's credits and finds people by name", async () => {
    const marker = unique("Quill");
    const person = await newPerson(`Rosa ${marker}`);
    const hero = await newCharacter(person.id, "Hero");
    const movie = await newMovie({ releaseYear: 2001 });
    const show = await newSeries({ releaseYear: 2010 });
    const catalog = client(await admin());
    const cast = { cast: [hero.id] };
    await expectJson(await catalog.movies[":id"].cast.$put({ param: { id: movie.id }, json: cast }), 200);
    await expectJson(await catalog.series[":id"].cast.$put({ param: { id: show.id }, json: cast }), 200);
    const detail = await expectJson(await people()[":id"].$get({ param: { id: person.id } }), 200);
    expect(detail.credits).toEqual([
      { character: { id: hero.id, name: "Hero" }, title: { type: "series", id: show.id, title: show.title, releaseYear: 2010 } },
      { character: { id: hero.id, name: "Hero" }, title: { type: "movie", id: movie.id, title: movie.title, releaseYear: 2001 } },
    ]);
    const found = await expectJson(await people().$get({ query: { q: marker.toLowerCase() } }), 200);
    expect(found.items.map((p) => p.id)).toEqual([person.id]);
    // A literal % must not act as a LIKE wildcard (the client sends it as %25).
    const percent = await expectJson(await people().$get({ query: { q: "%" } }), 200);
    expect(percent.items).toEqual([]);
  });

  it("refuses to delete someone who still plays a character, with the count", async () => {
    const token = await admin();
    const person = await newPerson();
    const character = await newCharacter(person.id);
    await newCharacter(person.id);
    const param = { id: person.id };
    expect(await expectProblemOf(await people(token)[":id"].$delete({ param }), 409)).toMatchObject({ count: 2 });
    expect((await characters(token)[":id"].$delete({ param: { id: character.id } })).status).toBe(204);
    expect(await expectProblemOf(await people(token)[":id"].$delete({ param }), 409)).toMatchObject({ count: 1 });
  });

  it("validates input", async () => {
    const token = await admin();
    const bad = await expectProblemOf(await people(token).$post({ json: { name: "X", birthDate: "1980-13-40" } }), 400);
    expect(bad.errors?.map((e) => e.path)).toEqual(["birthDate"]);
    await expectProblemOf(await people(token)[":id"].$patch({ param: { id: (await newPerson()).id }, json: {} }), 400);
  });

  it("lets only admins write", async () => {
    const person = await newPerson();
    const user = await registerUser();
    const param = { id: person.id };
    await expectProblemOf(await people().$post({ json: { name: "X" } }), 401);
    await expectProblemOf(await people(user.accessToken).$post({ json: { name: "X" } }), 403);
    await expectProblemOf(await people(user.accessToken)[":id"].$patch({ param, json: { name: "X" } }), 403);
    await expectProblemOf(await people(user.accessToken)[":id"].$delete({ param }), 403);
  });
});

describe("characters", () => {
  it("creates, reads, recasts and deletes a character", async () => {
    const token = await admin();
    const first = await newPerson();
    const second = await newPerson();
    const character = await expectJson(
      await characters(token).$post({ json: { name: "Captain Voss", personId: first.id } }),
      201,
    );
    expect(character).toEqual({
      id: expect.any(String),
      name: "Captain Voss",
      personId: first.id,
      person: { id: first.id, name: first.name },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const param = { id: character.id };
    expect(await expectJson(await characters()[":id"].$get({ param }), 200)).toEqual(character);
    const recast = await characters(token)[":id"].$patch({ param, json: { personId: second.id } });
    expect(await expectJson(recast, 200)).toMatchObject({ name: "Captain Voss", person: { id: second.id, name: second.name } });
    const listed = await expectJson(await characters().$get({ query: { person: second.id } }), 200);
    expect(listed.items.map((c) => c.id)).toEqual([character.id]);
    expect((await characters(token)[":id"].$delete({ param })).status).toBe(204);
    await expectProblemOf(await characters()[":id"].$get({ param }), 404);
    await expectProblemOf(await characters(token)[":id"].$delete({ param }), 404);
    await expectProblemOf(await characters(token)[":id"].$patch({ param, json: { name: "x" } }), 404);
  });

  it("names an unknown person in a 422 and writes nothing", async () => {
    const token = await admin();
    const name = unique("Ghost");
    const problem = await expectProblemOf(await characters(token).$post({ json: { name, personId: "no-such-person" } }), 422);
    expect(problem.detail).toContain("no-such-person");
    expect(problem).toMatchObject({ missing: ["no-such-person"] });
    const rows = await env.DB.prepare("SELECT count(*) AS n FROM characters WHERE name = ?").bind(name).first<{ n: number }>();
    expect(rows?.n).toBe(0);
    const character = await newCharacter();
    const param = { id: character.id };
    await expectProblemOf(await characters(token)[":id"].$patch({ param, json: { personId: "nobody" } }), 422);
  });

  it("leaves every cast it was in when deleted", async () => {
    const token = await admin();
    const keep = await newCharacter();
    const gone = await newCharacter();
    const movie = await newMovie();
    const param = { id: movie.id };
    await expectJson(await client(token).movies[":id"].cast.$put({ param, json: { cast: [gone.id, keep.id] } }), 200);
    expect((await expectJson(await client().movies[":id"].$get({ param }), 200)).cast).toHaveLength(2);
    expect((await characters(token)[":id"].$delete({ param: { id: gone.id } })).status).toBe(204);
    const after = await expectJson(await client().movies[":id"].$get({ param }), 200);
    expect(after.cast.map((c) => c.character.id)).toEqual([keep.id]);
  });

  it("lets only admins write", async () => {
    const character = await newCharacter();
    const user = await registerUser();
    const json = { name: "X", personId: character.personId };
    const param = { id: character.id };
    await expectProblemOf(await characters().$post({ json }), 401);
    await expectProblemOf(await characters(user.accessToken).$post({ json }), 403);
    await expectProblemOf(await characters(user.accessToken)[":id"].$patch({ param, json: { name: "X" } }), 403);
    await expectProblemOf(await characters(user.accessToken)[":id"].$delete({ param }), 403);
  });
});
