import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, expectProblem, registerUser, unique } from "../../test/api";
import { admin, newCharacter, newMovie, newPerson, newSeries } from "./catalog.fixtures";

describe("people", () => {
  it("creates, reads, changes and deletes a person", async () => {
    const token = await admin();
    const res = await api("POST", "/api/people", { token, body: { name: "Ana Torres", birthDate: "1980-02-29", bio: "Actor" } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: "Ana Torres",
      birthDate: "1980-02-29",
      bio: "Actor",
      photoUrl: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const detail = await api("GET", `/api/people/${res.body.id}`);
    expect(detail.body).toEqual({ ...res.body, credits: [] });

    const changed = await api("PATCH", `/api/people/${res.body.id}`, { token, body: { bio: null, birthDate: "1981-01-01" } });
    expect(changed.body).toMatchObject({ name: "Ana Torres", bio: null, birthDate: "1981-01-01" });

    expect((await api("DELETE", `/api/people/${res.body.id}`, { token })).status).toBe(204);
    expectProblem(await api("GET", `/api/people/${res.body.id}`), 404);
    expectProblem(await api("PATCH", `/api/people/${res.body.id}`, { token, body: { name: "x" } }), 404);
  });

  it("shows a person's credits and finds people by name", async () => {
    const marker = unique("Quill");
    const person = await newPerson(`Rosa ${marker}`);
    const hero = await newCharacter(person.id, "Hero");
    const movie = await newMovie({ releaseYear: 2001 });
    const show = await newSeries({ releaseYear: 2010 });
    const token = await admin();
    await api("PUT", `/api/movies/${movie.id}/cast`, { token, body: { cast: [hero.id] } });
    await api("PUT", `/api/series/${show.id}/cast`, { token, body: { cast: [hero.id] } });
    const detail = await api("GET", `/api/people/${person.id}`);
    expect(detail.body.credits).toEqual([
      { character: { id: hero.id, name: "Hero" }, title: { type: "series", id: show.id, title: show.title, releaseYear: 2010 } },
      { character: { id: hero.id, name: "Hero" }, title: { type: "movie", id: movie.id, title: movie.title, releaseYear: 2001 } },
    ]);
    const found = await api("GET", `/api/people?q=${marker.toLowerCase()}`);
    expect(found.body.items.map((p: { id: string }) => p.id)).toEqual([person.id]);
    const percent = await api("GET", "/api/people?q=%25");
    expect(percent.status).toBe(200);
    expect(percent.body.items).toEqual([]);
  });

  it("refuses to delete someone who still plays a character, with the count", async () => {
    const token = await admin();
    const person = await newPerson();
    const character = await newCharacter(person.id);
    await newCharacter(person.id);
    expect(expectProblem(await api("DELETE", `/api/people/${person.id}`, { token }), 409)).toMatchObject({ count: 2 });
    expect((await api("DELETE", `/api/characters/${character.id}`, { token })).status).toBe(204);
    expect(expectProblem(await api("DELETE", `/api/people/${person.id}`, { token }), 409)).toMatchObject({ count: 1 });
  });

  it("validates input", async () => {
    const token = await admin();
    const bad = expectProblem(await api("POST", "/api/people", { token, body: { name: "X", birthDate: "1980-13-40" } }), 400);
    expect(bad.errors?.map((e) => e.path)).toEqual(["birthDate"]);
    expectProblem(await api("PATCH", `/api/people/${(await newPerson()).id}`, { token, body: {} }), 400);
  });

  it("lets only admins write", async () => {
    const person = await newPerson();
    const user = await registerUser();
    expectProblem(await api("POST", "/api/people", { body: { name: "X" } }), 401);
    expectProblem(await api("POST", "/api/people", { token: user.accessToken, body: { name: "X" } }), 403);
    expectProblem(await api("PATCH", `/api/people/${person.id}`, { token: user.accessToken, body: { name: "X" } }), 403);
    expectProblem(await api("DELETE", `/api/people/${person.id}`, { token: user.accessToken }), 403);
  });
});

describe("characters", () => {
  it("creates, reads, recasts and deletes a character", async () => {
    const token = await admin();
    const first = await newPerson();
    const second = await newPerson();
    const res = await api("POST", "/api/characters", { token, body: { name: "Captain Voss", personId: first.id } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: "Captain Voss",
      personId: first.id,
      person: { id: first.id, name: first.name },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect((await api("GET", `/api/characters/${res.body.id}`)).body).toEqual(res.body);
    const recast = await api("PATCH", `/api/characters/${res.body.id}`, { token, body: { personId: second.id } });
    expect(recast.body).toMatchObject({ name: "Captain Voss", person: { id: second.id, name: second.name } });
    const listed = await api("GET", `/api/characters?person=${second.id}`);
    expect(listed.body.items.map((c: { id: string }) => c.id)).toEqual([res.body.id]);
    expect((await api("DELETE", `/api/characters/${res.body.id}`, { token })).status).toBe(204);
    expectProblem(await api("GET", `/api/characters/${res.body.id}`), 404);
    expectProblem(await api("DELETE", `/api/characters/${res.body.id}`, { token }), 404);
    expectProblem(await api("PATCH", `/api/characters/${res.body.id}`, { token, body: { name: "x" } }), 404);
  });

  it("names an unknown person in a 422 and writes nothing", async () => {
    const token = await admin();
    const name = unique("Ghost");
    const problem = expectProblem(
      await api("POST", "/api/characters", { token, body: { name, personId: "no-such-person" } }),
      422,
    );
    expect(problem.detail).toContain("no-such-person");
    expect(problem).toMatchObject({ missing: ["no-such-person"] });
    const rows = await env.DB.prepare("SELECT count(*) AS n FROM characters WHERE name = ?").bind(name).first<{ n: number }>();
    expect(rows?.n).toBe(0);
    const character = await newCharacter();
    expectProblem(await api("PATCH", `/api/characters/${character.id}`, { token, body: { personId: "nobody" } }), 422);
  });

  it("leaves every cast it was in when deleted", async () => {
    const token = await admin();
    const keep = await newCharacter();
    const gone = await newCharacter();
    const movie = await newMovie();
    await api("PUT", `/api/movies/${movie.id}/cast`, { token, body: { cast: [gone.id, keep.id] } });
    expect((await api("GET", `/api/movies/${movie.id}`)).body.cast).toHaveLength(2);
    await api("DELETE", `/api/characters/${gone.id}`, { token });
    const after = await api("GET", `/api/movies/${movie.id}`);
    expect(after.body.cast.map((c: { character: { id: string } }) => c.character.id)).toEqual([keep.id]);
  });

  it("lets only admins write", async () => {
    const character = await newCharacter();
    const user = await registerUser();
    expectProblem(await api("POST", "/api/characters", { body: { name: "X", personId: character.personId } }), 401);
    expectProblem(
      await api("POST", "/api/characters", { token: user.accessToken, body: { name: "X", personId: character.personId } }),
      403,
    );
    expectProblem(await api("PATCH", `/api/characters/${character.id}`, { token: user.accessToken, body: { name: "X" } }), 403);
    expectProblem(await api("DELETE", `/api/characters/${character.id}`, { token: user.accessToken }), 403);
  });
});
