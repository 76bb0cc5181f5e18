import { describe, expect, it } from "vitest";
import { registerUser } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";
import { seedMedia, seedMovie, seedSeries } from "./test-fixtures";

type ViewInput = Parameters<ReturnType<typeof client>["views"]["$post"]>[0]["json"];
const view = (token: string, json: ViewInput) => client(token).views.$post({ json });
const viewed = async (token: string, json: ViewInput) => expectJson(await view(token, json), 200);
const me = (token?: string) => client(token).me;
const firstProfileId = async (token: string) => (await expectJson(await me(token).profiles.$get({ query: {} }), 200)).items[0].id;

describe("views and history", { timeout: 30_000 }, () => {
  it("records progress, counts a view once past 10 s, and resumes per profile", async () => {
    const user = await registerUser();
    const token = user.accessToken;
    const movie = await seedMovie("Resume Me");
    const early = await viewed(token, { movieId: movie.id, positionSeconds: 5, durationSeconds: 6000 });
    expect(early).toMatchObject({
      counted: false,
      positionSeconds: 5,
      completed: false,
      item: { type: "movie", id: movie.id, title: "Resume Me" },
    });
    expect((await viewed(token, { movieId: movie.id, positionSeconds: 12, durationSeconds: 6000 })).counted).toBe(true);
    expect((await viewed(token, { movieId: movie.id, positionSeconds: 600, durationSeconds: 6000 })).counted).toBe(false);

    const kids = await expectJson(await me(token).profiles.$post({ json: { name: "Kids", kids: true } }), 201);
    const show = await seedSeries();
    await view(token, { episodeId: show.episodeId, positionSeconds: 100, durationSeconds: 1200, profileId: kids.id });

    const history = await expectJson(await me(token).history.$get({ query: {} }), 200);
    expect(history.items).toHaveLength(1);
    expect(history.items[0]).toMatchObject({
      positionSeconds: 600,
      durationSeconds: 6000,
      progress: 0.1,
      item: { id: movie.id, posterUrl: expect.any(String) },
    });
    const kidsHistory = await expectJson(await me(token).history.$get({ query: { profileId: kids.id } }), 200);
    expect(kidsHistory.items.map((i) => [i.item.id, i.item.seriesId])).toEqual([[show.episodeId, show.id]]);
  });

  it("finishes at 90 % and leaves continue watching", async () => {
    const user = await registerUser();
    const token = user.accessToken;
    const [a, b] = await Promise.all([seedMovie(), seedMovie()]);
    await view(token, { movieId: a.id, positionSeconds: 100, durationSeconds: 1000 });
    const done = await viewed(token, { movieId: b.id, positionSeconds: 950, durationSeconds: 1000 });
    expect(done.completed).toBe(true);
    const all = await expectJson(await me(token).history.$get({ query: { limit: "1" } }), 200);
    expect(all.items).toHaveLength(1);
    expect(all.nextCursor).toEqual(expect.any(String));
    const next = await expectJson(await me(token).history.$get({ query: { limit: "1", cursor: String(all.nextCursor) } }), 200);
    expect([all.items[0].item.id, next.items[0].item.id].sort()).toEqual([a.id, b.id].sort());
    const resume = await expectJson(await me(token).history.$get({ query: { filter: "in_progress" } }), 200);
    expect(resume.items.map((i) => i.item.id)).toEqual([a.id]);
  });

  it("rejects bad input", async () => {
    const user = await registerUser();
    const token = user.accessToken;
    const movie = await seedMovie();
    await expectProblemOf(await view(token, { positionSeconds: 1, durationSeconds: 10 }), 400);
    await expectProblemOf(await view(token, { movieId: movie.id, mediaId: "x", positionSeconds: 1, durationSeconds: 10 }), 400);
    await expectProblemOf(await view(token, { movieId: movie.id, positionSeconds: 20, durationSeconds: 10 }), 400);
    await expectProblemOf(await view(token, { movieId: movie.id, positionSeconds: -1, durationSeconds: 10 }), 400);
    await expectProblemOf(await view(token, { movieId: "missing", positionSeconds: 1, durationSeconds: 10 }), 404);
    await expectProblemOf(await me(token).history.$get({ query: { cursor: "garbage" } }), 400);
  });

  it("keeps profiles and media private", async () => {
    const [user, other] = await Promise.all([registerUser(), registerUser()]);
    const token = user.accessToken;
    const movie = await seedMovie();
    const theirs = await firstProfileId(other.accessToken);
    await expectProblemOf(
      await view(token, { movieId: movie.id, positionSeconds: 1, durationSeconds: 10, profileId: theirs }),
      404,
    );
    await expectProblemOf(await me(token).history.$get({ query: { profileId: theirs } }), 404);
    const media = await seedMedia(other.id);
    await expectProblemOf(await view(token, { mediaId: media.id, positionSeconds: 1, durationSeconds: 10 }), 404);
    expect((await viewed(other.accessToken, { mediaId: media.id, positionSeconds: 11, durationSeconds: 20 })).counted).toBe(true);
    await expectProblemOf(
      await client().views.$post({ json: { movieId: movie.id, positionSeconds: 1, durationSeconds: 10 } }),
      401,
    );
    await expectProblemOf(await me().history.$get({ query: {} }), 401);
  });
});

describe("favorites", { timeout: 30_000 }, () => {
  it("adds, lists and removes favorites per profile", async () => {
    const user = await registerUser();
    const favorites = me(user.accessToken).favorites;
    const movie = await seedMovie("Fav");
    const show = await seedSeries();
    const added = await expectJson(await favorites.$post({ json: { movieId: movie.id } }), 201);
    expect(added).toMatchObject({ item: { type: "movie", id: movie.id, title: "Fav", available: true } });
    expect((await favorites.$post({ json: { movieId: movie.id } })).status).toBe(200);
    await favorites.$post({ json: { seriesId: show.id } });
    const list = await expectJson(await favorites.$get({ query: {} }), 200);
    expect(list.items.map((f) => f.item.id)).toEqual([show.id, movie.id]);

    const kids = await expectJson(await me(user.accessToken).profiles.$post({ json: { name: "Kids" } }), 201);
    expect((await expectJson(await favorites.$get({ query: { profileId: kids.id } }), 200)).items).toEqual([]);

    expect((await favorites.$delete({ query: { movieId: movie.id } })).status).toBe(204);
    await expectProblemOf(await favorites.$delete({ query: { movieId: movie.id } }), 404);
  });

  it("validates, hides other accounts' profiles and needs a token", async () => {
    const [user, other] = await Promise.all([registerUser(), registerUser()]);
    const favorites = me(user.accessToken).favorites;
    const movie = await seedMovie();
    await expectProblemOf(await favorites.$post({ json: {} }), 400);
    // @ts-expect-error media cannot be a favorite, on purpose
    await expectProblemOf(await favorites.$post({ json: { mediaId: "x" } }), 400);
    await expectProblemOf(await favorites.$post({ json: { movieId: "missing" } }), 404);
    await expectProblemOf(await favorites.$delete({ query: {} }), 400);
    const theirs = await firstProfileId(other.accessToken);
    await expectProblemOf(await favorites.$post({ json: { movieId: movie.id, profileId: theirs } }), 404);
    await expectProblemOf(await me().favorites.$get({ query: {} }), 401);
    await expectProblemOf(await me().favorites.$post({ json: { movieId: movie.id } }), 401);
  });
});
