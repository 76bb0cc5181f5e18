import { describe, expect, it } from "vitest";
import { api, expectProblem, registerUser, type TestUser } from "../../test/api";
import { seedMedia, seedMovie, seedSeries } from "./test-fixtures";

async function playlistWith(user: TestUser, count: number, visibility = "private") {
  const list = await api("POST", "/api/playlists", { token: user.accessToken, body: { name: " Mix ", visibility } });
  expect(list.status).toBe(201);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const movie = await seedMovie(`Track ${i}`);
    const added = await api("POST", `/api/playlists/${list.body.id}/items`, {
      token: user.accessToken,
      body: { movieId: movie.id },
    });
    expect(added.status).toBe(201);
    ids.push(added.body.id);
  }
  return { id: list.body.id as string, items: ids };
}

const order = async (token: string, id: string) =>
  (await api("GET", `/api/playlists/${id}/items`, { token })).body.items.map((i: { id: string; position: number }) => [
    i.id,
    i.position,
  ]);

describe("playlists", { timeout: 30_000 }, () => {
  it("creates, reads, renames and deletes a playlist", async () => {
    const user = await registerUser();
    const created = await api("POST", "/api/playlists", {
      token: user.accessToken,
      body: { name: "  Weekend  ", description: "Films" },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: "Weekend",
      description: "Films",
      visibility: "private",
      itemCount: 0,
      owner: { id: user.id },
    });
    const path = `/api/playlists/${created.body.id}`;
    expect((await api("GET", path, { token: user.accessToken })).body.name).toBe("Weekend");
    const patched = await api("PATCH", path, { token: user.accessToken, body: { name: "Weeknight", visibility: "unlisted" } });
    expect(patched.body).toMatchObject({ name: "Weeknight", visibility: "unlisted" });
    const mine = await api("GET", "/api/playlists", { token: user.accessToken });
    expect(mine.body.items.map((p: { id: string }) => p.id)).toEqual([created.body.id]);
    expect((await api("DELETE", path, { token: user.accessToken })).status).toBe(204);
    expectProblem(await api("GET", path, { token: user.accessToken }), 404);
  });

  it("embeds summaries of movies, series, episodes and media", async () => {
    const user = await registerUser();
    const { id } = await playlistWith(user, 0);
    const movie = await seedMovie("Heat");
    const show = await seedSeries("Lost");
    const media = await seedMedia(user.id, "Holiday");
    for (const body of [{ movieId: movie.id }, { seriesId: show.id }, { episodeId: show.episodeId }, { mediaId: media.id }]) {
      expect((await api("POST", `/api/playlists/${id}/items`, { token: user.accessToken, body })).status).toBe(201);
    }
    const items = await api("GET", `/api/playlists/${id}/items`, { token: user.accessToken });
    expect(
      items.body.items.map((i: { position: number; item: { type: string; title: string } }) => [
        i.position,
        i.item.type,
        i.item.title,
      ]),
    ).toEqual([
      [0, "movie", "Heat"],
      [1, "series", "Lost"],
      [2, "episode", "Pilot"],
      [3, "media", "Holiday"],
    ]);
    expect(items.body.items[0].item.posterUrl).toEqual(expect.stringContaining("/api/artwork/"));
    expectProblem(await api("POST", `/api/playlists/${id}/items`, { token: user.accessToken, body: { movieId: movie.id } }), 409);
    expectProblem(
      await api("POST", `/api/playlists/${id}/items`, { token: user.accessToken, body: { movieId: "missing" } }),
      404,
    );
    expectProblem(await api("POST", `/api/playlists/${id}/items`, { token: user.accessToken, body: {} }), 400);
    expect((await api("GET", `/api/playlists/${id}`, { token: user.accessToken })).body.itemCount).toBe(4);
  });

  it("reorders by moving one item or sending the whole order, keeping positions dense", async () => {
    const user = await registerUser();
    const {
      id,
      items: [a, b, c, d],
    } = await playlistWith(user, 4);
    const moved = await api("PATCH", `/api/playlists/${id}/items`, { token: user.accessToken, body: { itemId: d, position: 0 } });
    expect(moved.status).toBe(200);
    expect(moved.body.items.map((i: { id: string }) => i.id)).toEqual([d, a, b, c]);
    await api("PATCH", `/api/playlists/${id}/items`, { token: user.accessToken, body: { itemId: d, position: 99 } });
    expect(await order(user.accessToken, id)).toEqual([
      [a, 0],
      [b, 1],
      [c, 2],
      [d, 3],
    ]);
    await api("PATCH", `/api/playlists/${id}/items`, { token: user.accessToken, body: { itemId: a, position: 2 } });
    expect(await order(user.accessToken, id)).toEqual([
      [b, 0],
      [c, 1],
      [a, 2],
      [d, 3],
    ]);

    const full = await api("PATCH", `/api/playlists/${id}/items`, { token: user.accessToken, body: { order: [d, c, b, a] } });
    expect(full.body.items.map((i: { id: string }) => i.id)).toEqual([d, c, b, a]);
    expectProblem(await api("PATCH", `/api/playlists/${id}/items`, { token: user.accessToken, body: { order: [d, c, b] } }), 409);
    expectProblem(
      await api("PATCH", `/api/playlists/${id}/items`, { token: user.accessToken, body: { order: [a, a, b, c] } }),
      400,
    );
    expectProblem(
      await api("PATCH", `/api/playlists/${id}/items`, { token: user.accessToken, body: { itemId: "nope", position: 1 } }),
      404,
    );

    expect((await api("DELETE", `/api/playlists/${id}/items/${c}`, { token: user.accessToken })).status).toBe(204);
    expect(await order(user.accessToken, id)).toEqual([
      [d, 0],
      [b, 1],
      [a, 2],
    ]);
    expectProblem(await api("DELETE", `/api/playlists/${id}/items/${c}`, { token: user.accessToken }), 404);
  });

  it("stays dense and duplicate-free under concurrent edits", async () => {
    const user = await registerUser();
    const { id, items } = await playlistWith(user, 6);
    const movies = await Promise.all([seedMovie(), seedMovie(), seedMovie()]);
    await Promise.all([
      api("PATCH", `/api/playlists/${id}/items`, { token: user.accessToken, body: { itemId: items[5], position: 0 } }),
      api("PATCH", `/api/playlists/${id}/items`, { token: user.accessToken, body: { itemId: items[0], position: 4 } }),
      api("DELETE", `/api/playlists/${id}/items/${items[2]}`, { token: user.accessToken }),
      ...movies.map((m, i) =>
        api("POST", `/api/playlists/${id}/items`, { token: user.accessToken, body: { movieId: m.id, position: i } }),
      ),
      api("PATCH", `/api/playlists/${id}/items`, { token: user.accessToken, body: { itemId: items[3], position: 2 } }),
    ]);
    const final = await order(user.accessToken, id);
    expect(final).toHaveLength(8);
    expect(final.map(([, p]: [string, number]) => p)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(new Set(final.map(([i]: [string]) => i)).size).toBe(8);
  });

  it("hides private playlists from others, shows unlisted by link and public in listings", async () => {
    const [owner, other] = await Promise.all([registerUser(), registerUser()]);
    const secret = await playlistWith(owner, 1, "private");
    const link = await playlistWith(owner, 1, "unlisted");
    const open = await playlistWith(owner, 1, "public");
    expectProblem(await api("GET", `/api/playlists/${secret.id}`, { token: other.accessToken }), 404);
    expectProblem(await api("GET", `/api/playlists/${secret.id}/items`), 404);
    expect((await api("GET", `/api/playlists/${link.id}`)).status).toBe(200);
    expect((await api("GET", `/api/playlists/${open.id}/items`, { token: other.accessToken })).body.items).toHaveLength(1);
    const theirs = await api("GET", `/api/playlists?userId=${owner.id}`, { token: other.accessToken });
    expect(theirs.body.items.map((p: { id: string }) => p.id)).toEqual([open.id]);

    expectProblem(await api("PATCH", `/api/playlists/${open.id}`, { token: other.accessToken, body: { name: "mine" } }), 404);
    expectProblem(await api("DELETE", `/api/playlists/${open.id}`, { token: other.accessToken }), 404);
    expectProblem(
      await api("POST", `/api/playlists/${open.id}/items`, { token: other.accessToken, body: { movieId: "x" } }),
      404,
    );
    expectProblem(await api("DELETE", `/api/playlists/${open.id}/items/${open.items[0]}`, { token: other.accessToken }), 404);
    expectProblem(
      await api("PATCH", `/api/playlists/${open.id}/items`, { token: other.accessToken, body: { order: open.items } }),
      404,
    );
  });

  it("shows media only to those who may see it, and validates", async () => {
    const [owner, other] = await Promise.all([registerUser(), registerUser()]);
    const { id } = await playlistWith(owner, 0, "public");
    const media = await seedMedia(owner.id, "Private clip");
    await api("POST", `/api/playlists/${id}/items`, { token: owner.accessToken, body: { mediaId: media.id } });
    const seen = await api("GET", `/api/playlists/${id}/items`, { token: other.accessToken });
    expect(seen.body.items[0].item).toMatchObject({ type: "media", id: media.id, title: null, available: false });
    const othersMedia = await seedMedia(other.id);
    expectProblem(
      await api("POST", `/api/playlists/${id}/items`, { token: owner.accessToken, body: { mediaId: othersMedia.id } }),
      404,
    );
    expectProblem(await api("POST", "/api/playlists", { token: owner.accessToken, body: { name: "" } }), 400);
    expectProblem(
      await api("POST", "/api/playlists", { token: owner.accessToken, body: { name: "x", visibility: "friends" } }),
      400,
    );
    expectProblem(await api("PATCH", `/api/playlists/${id}`, { token: owner.accessToken, body: {} }), 400);
    expectProblem(await api("POST", "/api/playlists", { body: { name: "anon" } }), 401);
    expectProblem(await api("GET", "/api/playlists"), 401);
  });
});
