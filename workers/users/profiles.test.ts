import { describe, expect, it } from "vitest";
import { api, expectProblem, registerUser } from "../../test/api";

const createProfile = (token: string, body: unknown) => api("POST", "/api/me/profiles", { token, body });

describe("profiles", () => {
  it("starts every account with one profile named after the user", async () => {
    const user = await registerUser({ name: "Ada Lovelace" });
    const res = await api("GET", "/api/me/profiles", { token: user.accessToken });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [
        {
          id: expect.any(String),
          name: "Ada Lovelace",
          avatarUrl: null,
          kids: false,
          language: "en",
          createdAt: expect.any(String),
          updatedAt: expect.any(String),
        },
      ],
      nextCursor: null,
    });
  });

  it("creates, reads, changes and deletes a profile", async () => {
    const { accessToken: token } = await registerUser();
    const created = await createProfile(token, {
      name: "  Kids  ",
      kids: true,
      language: "pt-BR",
      avatarUrl: "https://cdn.example/k.png",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Kids", kids: true, language: "pt-BR", avatarUrl: "https://cdn.example/k.png" });
    expect(created.body).not.toHaveProperty("userId");
    const path = `/api/me/profiles/${created.body.id}`;

    const plain = await createProfile(token, { name: "Guest" });
    expect(plain.body).toMatchObject({ name: "Guest", kids: false, language: "en", avatarUrl: null });

    const list = await api("GET", "/api/me/profiles", { token });
    expect(list.body.items.map((p: { name: string }) => p.name)).toEqual(["Test User", "Kids", "Guest"]);

    const fetched = await api("GET", path, { token });
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(created.body);

    const patched = await api("PATCH", path, { token, body: { kids: false, avatarUrl: null } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: created.body.id, name: "Kids", kids: false, avatarUrl: null, language: "pt-BR" });

    const deleted = await api("DELETE", path, { token });
    expect(deleted.status).toBe(204);
    expectProblem(await api("GET", path, { token }), 404);
  });

  it("allows at most five profiles per account", async () => {
    const { accessToken: token } = await registerUser();
    for (let i = 2; i <= 5; i++) expect((await createProfile(token, { name: `Viewer ${i}` })).status).toBe(201);
    expect(expectProblem(await createProfile(token, { name: "Viewer 6" }), 409).detail).toContain("at most 5");
    expect((await api("GET", "/api/me/profiles", { token })).body.items).toHaveLength(5);
  });

  it("never exceeds five profiles under concurrent creates", async () => {
    const { accessToken: token } = await registerUser();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => createProfile(token, { name: `Racer ${i}` })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 201, 201, 409, 409, 409, 409]);
    expect((await api("GET", "/api/me/profiles", { token })).body.items).toHaveLength(5);
  });

  it("rejects a name the account already uses, on create and on rename", async () => {
    const { accessToken: token } = await registerUser();
    expect((await createProfile(token, { name: "Movie night" })).status).toBe(201);
    expectProblem(await createProfile(token, { name: " Movie night " }), 409);
    const other = await createProfile(token, { name: "Other" });
    expectProblem(await api("PATCH", `/api/me/profiles/${other.body.id}`, { token, body: { name: "Movie night" } }), 409);
  });

  it("lets different accounts use the same profile name", async () => {
    const [a, b] = await Promise.all([registerUser(), registerUser()]);
    expect((await createProfile(a.accessToken, { name: "Shared" })).status).toBe(201);
    expect((await createProfile(b.accessToken, { name: "Shared" })).status).toBe(201);
  });

  it("validates the body", async () => {
    const { accessToken: token } = await registerUser();
    const paths = async (body: unknown) => expectProblem(await createProfile(token, body), 400).errors?.map((e) => e.path);
    expect(await paths({ name: "A", language: "english" })).toEqual(["language"]);
    expect(await paths({ name: "A", language: "pt-br" })).toEqual(["language"]);
    expect(await paths({ name: "   " })).toEqual(["name"]);
    expect(await paths({ name: "x".repeat(51) })).toEqual(["name"]);
    expect(await paths({ name: "A", kids: "yes" })).toEqual(["kids"]);
    expect(await paths({ name: "A", avatarUrl: "javascript:alert(1)" })).toEqual(["avatarUrl"]);

    const [profile] = (await api("GET", "/api/me/profiles", { token })).body.items;
    expectProblem(await api("PATCH", `/api/me/profiles/${profile.id}`, { token, body: {} }), 400);
    expectProblem(await api("PATCH", `/api/me/profiles/${profile.id}`, { token, body: { language: "EN" } }), 400);

    const malformed = await api("POST", "/api/me/profiles", {
      token,
      raw: "{not json",
      headers: { "content-type": "application/json" },
    });
    expectProblem(malformed, 400);
  });

  it("requires an access token", async () => {
    expectProblem(await api("GET", "/api/me/profiles"), 401);
    expectProblem(await api("POST", "/api/me/profiles", { body: { name: "Nope" } }), 401);
    expectProblem(await api("DELETE", "/api/me/profiles/anything"), 401);
  });

  it("hides other accounts' profiles behind 404", async () => {
    const [owner, stranger] = await Promise.all([registerUser(), registerUser()]);
    const created = await createProfile(owner.accessToken, { name: "Private" });
    const path = `/api/me/profiles/${created.body.id}`;
    const token = stranger.accessToken;
    expectProblem(await api("GET", path, { token }), 404);
    expectProblem(await api("PATCH", path, { token, body: { name: "Mine now" } }), 404);
    expectProblem(await api("DELETE", path, { token }), 404);
    expectProblem(await api("GET", "/api/me/profiles/unknown-id", { token }), 404);

    const stillThere = await api("GET", path, { token: owner.accessToken });
    expect(stillThere.body).toMatchObject({ name: "Private" });
  });

  it("keeps at least one profile per account", async () => {
    const { accessToken: token } = await registerUser();
    const [only] = (await api("GET", "/api/me/profiles", { token })).body.items;
    expect(expectProblem(await api("DELETE", `/api/me/profiles/${only.id}`, { token }), 409).detail).toContain("at least one");

    const second = await createProfile(token, { name: "Second" });
    const deletes = await Promise.all([only.id, second.body.id].map((id) => api("DELETE", `/api/me/profiles/${id}`, { token })));
    expect(deletes.map((r) => r.status).sort()).toEqual([204, 409]);
    expect((await api("GET", "/api/me/profiles", { token })).body.items).toHaveLength(1);
  });
});
