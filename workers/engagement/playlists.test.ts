import { describe, expect, it } from "vitest";
import { registerUser, type TestUser } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";
import { seedMedia, seedMovie, seedSeries } from "./test-fixtures";

const playlists = (token?: string) => client(token).playlists;
const playlist = (token: string | undefined, id: string) => {
  const one = playlists(token)[":id"];
  const param = { id };
  return {
    get: () => one.$get({ param }),
    patch: (json: Parameters<typeof one.$patch>[0]["json"]) => one.$patch({ param, json }),
    delete: () => one.$delete({ param }),
    items: () => one.items.$get({ param, query: {} }),
    add: (json: Parameters<typeof one.items.$post>[0]["json"]) => one.items.$post({ param, json }),
    reorder: (json: Parameters<typeof one.items.$patch>[0]["json"]) => one.items.$patch({ param, json }),
    remove: (itemId: string) => one.items[":itemId"].$delete({ param: { id, itemId } }),
  };
};
type Visibility = NonNullable<Parameters<ReturnType<typeof playlists>["$post"]>[0]["json"]["visibility"]>;

async function playlistWith(user: TestUser, count: number, visibility: Visibility = "private") {
  const list = await expectJson(await playlists(user.accessToken).$post({ json: { name: " Mix ", visibility } }), 201);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const movie = await seedMovie(`Track ${i}`);
    const added = await expectJson(await playlist(user.accessToken, list.id).add({ movieId: movie.id }), 201);
    ids.push(added.id);
  }
  return { id: list.id, items: ids };
}

const order = async (token: string, id: string) =>
  (await expectJson(await playlist(token, id).items(), 200)).items.map((i) => [i.id, i.position] as [string, number]);

describe("playlists", { timeout: 30_000 }, () => {
  it("creates, reads, renames and deletes a playlist", async () => {
    const user = await registerUser();
    const token = user.accessToken;
    const created = await expectJson(await playlists(token).$post({ json: { name: "  Weekend  ", description: "Films" } }), 201);
    expect(created).toMatchObject({
      name: "Weekend",
      description: "Films",
      visibility: "private",
      itemCount: 0,
      owner: { id: user.id },
    });
    const one = playlist(token, created.id);
    expect((await expectJson(await one.get(), 200)).name).toBe("Weekend");
    const patched = await one.patch({ name: "Weeknight", visibility: "unlisted" });
    expect(await patched.json()).toMatchObject({ name: "Weeknight", visibility: "unlisted" });
    const mine = await expectJson(await playlists(token).$get({ query: {} }), 200);
    expect(mine.items.map((p) => p.id)).toEqual([created.id]);
    expect((await one.delete()).status).toBe(204);
    await expectProblemOf(await one.get(), 404);
  });

  it("embeds summaries of movies, series, episodes and media", async () => {
    const user = await registerUser();
    const { id } = await playlistWith(user, 0);
    const one = playlist(user.accessToken, id);
    const movie = await seedMovie("Heat");
    const show = await seedSeries("Lost");
    const media = await seedMedia(user.id, "Holiday");
    for (const body of [{ movieId: movie.id }, { seriesId: show.id }, { episodeId: show.episodeId }, { mediaId: media.id }]) {
      expect((await one.add(body)).status).toBe(201);
    }
    const items = await expectJson(await one.items(), 200);
    expect(items.items.map((i) => [i.position, i.item.type, i.item.title])).toEqual([
      [0, "movie", "Heat"],
      [1, "series", "Lost"],
      [2, "episode", "Pilot"],
      [3, "media", "Holiday"],
    ]);
    expect(items.items[0].item.posterUrl).toEqual(expect.stringContaining("/api/artwork/"));
    await expectProblemOf(await one.add({ movieId: movie.id }), 409);
    await expectProblemOf(await one.add({ movieId: "missing" }), 404);
    await expectProblemOf(await one.add({}), 400);
    expect((await expectJson(await one.get(), 200)).itemCount).toBe(4);
  });

  it("reorders by moving one item or sending the whole order, keeping positions dense", async () => {
    const user = await registerUser();
    const {
      id,
      items: [a, b, c, d],
    } = await playlistWith(user, 4);
    const one = playlist(user.accessToken, id);
    const moved = await expectJson(await one.reorder({ itemId: d, position: 0 }), 200);
    expect(moved.items.map((i) => i.id)).toEqual([d, a, b, c]);
    await one.reorder({ itemId: d, position: 99 });
    expect(await order(user.accessToken, id)).toEqual([
      [a, 0],
      [b, 1],
      [c, 2],
      [d, 3],
    ]);
    await one.reorder({ itemId: a, position: 2 });
    expect(await order(user.accessToken, id)).toEqual([
      [b, 0],
      [c, 1],
      [a, 2],
      [d, 3],
    ]);

    const full = await expectJson(await one.reorder({ order: [d, c, b, a] }), 200);
    expect(full.items.map((i) => i.id)).toEqual([d, c, b, a]);
    await expectProblemOf(await one.reorder({ order: [d, c, b] }), 409);
    await expectProblemOf(await one.reorder({ order: [a, a, b, c] }), 400);
    await expectProblemOf(await one.reorder({ itemId: "nope", position: 1 }), 404);

    expect((await one.remove(c)).status).toBe(204);
    expect(await order(user.accessToken, id)).toEqual([
      [d, 0],
      [b, 1],
      [a, 2],
    ]);
    await expectProblemOf(await one.remove(c), 404);
  });

  it("stays dense and duplicate-free under concurrent edits", async () => {
    const user = await registerUser();
    const { id, items } = await playlistWith(user, 6);
    const one = playlist(user.accessToken, id);
    const movies = await Promise.all([seedMovie(), seedMovie(), seedMovie()]);
    await Promise.all([
      one.reorder({ itemId: items[5], position: 0 }),
      one.reorder({ itemId: items[0], position: 4 }),
      one.remove(items[2]),
      ...movies.map((m, i) => one.add({ movieId: m.id, position: i })),
      one.reorder({ itemId: items[3], position: 2 }),
    ]);
    const final = await order(user.accessToken, id);
    expect(final).toHaveLength(8);
    expect(final.map(([, p]) => p)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(new Set(final.map(([i]) => i)).size).toBe(8);
  });

  it("hides private playlists from others, shows unlisted by link and public in listings", async () => {
    const [owner, other] = await Promise.all([registerUser(), registerUser()]);
    const secret = await playlistWith(owner, 1, "private");
    const link = await playlistWith(owner, 1, "unlisted");
    const open = await playlistWith(owner, 1, "public");
    await expectProblemOf(await playlist(other.accessToken, secret.id).get(), 404);
    await expectProblemOf(await playlist(undefined, secret.id).items(), 404);
    expect((await playlist(undefined, link.id).get()).status).toBe(200);
    expect((await expectJson(await playlist(other.accessToken, open.id).items(), 200)).items).toHaveLength(1);
    const theirs = await expectJson(await playlists(other.accessToken).$get({ query: { userId: owner.id } }), 200);
    expect(theirs.items.map((p) => p.id)).toEqual([open.id]);

    const notMine = playlist(other.accessToken, open.id);
    await expectProblemOf(await notMine.patch({ name: "mine" }), 404);
    await expectProblemOf(await notMine.delete(), 404);
    await expectProblemOf(await notMine.add({ movieId: "x" }), 404);
    await expectProblemOf(await notMine.remove(open.items[0]), 404);
    await expectProblemOf(await notMine.reorder({ order: open.items }), 404);
  });

  it("shows media only to those who may see it, and validates", async () => {
    const [owner, other] = await Promise.all([registerUser(), registerUser()]);
    const { id } = await playlistWith(owner, 0, "public");
    const media = await seedMedia(owner.id, "Private clip");
    await playlist(owner.accessToken, id).add({ mediaId: media.id });
    const seen = await expectJson(await playlist(other.accessToken, id).items(), 200);
    expect(seen.items[0].item).toMatchObject({ type: "media", id: media.id, title: null, available: false });
    const othersMedia = await seedMedia(other.id);
    await expectProblemOf(await playlist(owner.accessToken, id).add({ mediaId: othersMedia.id }), 404);
    await expectProblemOf(await playlists(owner.accessToken).$post({ json: { name: "" } }), 400);
    // @ts-expect-error an unknown visibility, on purpose
    await expectProblemOf(await playlists(owner.accessToken).$post({ json: { name: "x", visibility: "friends" } }), 400);
    await expectProblemOf(await playlist(owner.accessToken, id).patch({}), 400);
    await expectProblemOf(await playlists().$post({ json: { name: "anon" } }), 401);
    await expectProblemOf(await playlists().$get({ query: {} }), 401);
  });
});
