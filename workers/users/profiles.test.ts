import { describe, expect, it } from "vitest";
import { registerUser } from "../../test/api";
import { checkedFetch, client, expectJson, expectProblemOf } from "../../test/client";

const profiles = (token?: string) => client(token).me.profiles;
type ProfileInput = Parameters<ReturnType<typeof profiles>["$post"]>[0]["json"];
const createProfile = (token: string, json: ProfileInput) => profiles(token).$post({ json });
const listProfiles = async (token: string) => expectJson(await profiles(token).$get({ query: {} }), 200);
const profile = (token: string | undefined, id: string) => {
  const one = profiles(token)[":id"];
  const param = { id };
  return {
    get: () => one.$get({ param }),
    patch: (json: Parameters<typeof one.$patch>[0]["json"]) => one.$patch({ param, json }),
    delete: () => one.$delete({ param }),
  };
};

describe("profiles", () => {
  it("starts every account with one profile named after the user", async () => {
    const user = await registerUser({ name: "Ada Lovelace" });
    expect(await listProfiles(user.accessToken)).toEqual({
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
    const kids = await expectJson(created, 201);
    expect(kids).toMatchObject({ name: "Kids", kids: true, language: "pt-BR", avatarUrl: "https://cdn.example/k.png" });
    expect(kids).not.toHaveProperty("userId");
    const one = profile(token, kids.id);

    const plain = await expectJson(await createProfile(token, { name: "Guest" }), 201);
    expect(plain).toMatchObject({ name: "Guest", kids: false, language: "en", avatarUrl: null });

    const list = await listProfiles(token);
    expect(list.items.map((p) => p.name)).toEqual(["Test User", "Kids", "Guest"]);

    expect(await expectJson(await one.get(), 200)).toEqual(kids);

    const patched = await expectJson(await one.patch({ kids: false, avatarUrl: null }), 200);
    expect(patched).toMatchObject({ id: kids.id, name: "Kids", kids: false, avatarUrl: null, language: "pt-BR" });

    const deleted = await one.delete();
    expect(deleted.status).toBe(204);
    await expectProblemOf(await one.get(), 404);
  });

  it("allows at most five profiles per account", async () => {
    const { accessToken: token } = await registerUser();
    for (let i = 2; i <= 5; i++) expect((await createProfile(token, { name: `Viewer ${i}` })).status).toBe(201);
    expect((await expectProblemOf(await createProfile(token, { name: "Viewer 6" }), 409)).detail).toContain("at most 5");
    expect((await listProfiles(token)).items).toHaveLength(5);
  });

  it("never exceeds five profiles under concurrent creates", async () => {
    const { accessToken: token } = await registerUser();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => createProfile(token, { name: `Racer ${i}` })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 201, 201, 409, 409, 409, 409]);
    expect((await listProfiles(token)).items).toHaveLength(5);
  });

  it("rejects a name the account already uses, on create and on rename", async () => {
    const { accessToken: token } = await registerUser();
    expect((await createProfile(token, { name: "Movie night" })).status).toBe(201);
    await expectProblemOf(await createProfile(token, { name: " Movie night " }), 409);
    const other = await expectJson(await createProfile(token, { name: "Other" }), 201);
    await expectProblemOf(await profile(token, other.id).patch({ name: "Movie night" }), 409);
  });

  it("lets different accounts use the same profile name", async () => {
    const [a, b] = await Promise.all([registerUser(), registerUser()]);
    expect((await createProfile(a.accessToken, { name: "Shared" })).status).toBe(201);
    expect((await createProfile(b.accessToken, { name: "Shared" })).status).toBe(201);
  });

  it("validates the body", async () => {
    const { accessToken: token } = await registerUser();
    // Some bodies are ill-typed on purpose: the server must refuse what the types would.
    const paths = async (body: object) =>
      (await expectProblemOf(await createProfile(token, body as ProfileInput), 400)).errors?.map((e) => e.path);
    expect(await paths({ name: "A", language: "english" })).toEqual(["language"]);
    expect(await paths({ name: "A", language: "pt-br" })).toEqual(["language"]);
    expect(await paths({ name: "   " })).toEqual(["name"]);
    expect(await paths({ name: "x".repeat(51) })).toEqual(["name"]);
    expect(await paths({ name: "A", kids: "yes" })).toEqual(["kids"]);
    expect(await paths({ name: "A", avatarUrl: "javascript:alert(1)" })).toEqual(["avatarUrl"]);

    const [first] = (await listProfiles(token)).items;
    await expectProblemOf(await profile(token, first.id).patch({}), 400);
    await expectProblemOf(await profile(token, first.id).patch({ language: "EN" }), 400);

    // Not JSON at all, which the typed client cannot send.
    const malformed = await checkedFetch("https://marquee.test/api/me/profiles", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: "{not json",
    });
    await expectProblemOf(malformed, 400);
  });

  it("requires an access token", async () => {
    await expectProblemOf(await profiles().$get({ query: {} }), 401);
    await expectProblemOf(await profiles().$post({ json: { name: "Nope" } }), 401);
    await expectProblemOf(await profile(undefined, "anything").delete(), 401);
  });

  it("hides other accounts' profiles behind 404", async () => {
    const [owner, stranger] = await Promise.all([registerUser(), registerUser()]);
    const created = await expectJson(await createProfile(owner.accessToken, { name: "Private" }), 201);
    const theirs = profile(stranger.accessToken, created.id);
    await expectProblemOf(await theirs.get(), 404);
    await expectProblemOf(await theirs.patch({ name: "Mine now" }), 404);
    await expectProblemOf(await theirs.delete(), 404);
    await expectProblemOf(await profile(stranger.accessToken, "unknown-id").get(), 404);

    const stillThere = await expectJson(await profile(owner.accessToken, created.id).get(), 200);
    expect(stillThere).toMatchObject({ name: "Private" });
  });

  it("keeps at least one profile per account", async () => {
    const { accessToken: token } = await registerUser();
    const [only] = (await listProfiles(token)).items;
    expect((await expectProblemOf(await profile(token, only.id).delete(), 409)).detail).toContain("at least one");

    const second = await expectJson(await createProfile(token, { name: "Second" }), 201);
    const deletes = await Promise.all([only.id, second.id].map((id) => profile(token, id).delete()));
    expect(deletes.map((r) => r.status).sort()).toEqual([204, 409]);
    expect((await listProfiles(token)).items).toHaveLength(1);
  });
});
