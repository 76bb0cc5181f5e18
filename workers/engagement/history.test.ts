import { describe, expect, it } from "vitest";
import { registerUser } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";
import { seedMedia, seedMovie, seedSeries } from "./test-fixtures";

type ViewInput = Parameters<ReturnType<typeof client>["views"]["$post"]>[0]["json"];
const view = async (token: string, json: ViewInput) => expectJson(await client(token).views.$post({ json }), 200);
const history = (token?: string) => client(token).me.history;
const ids = async (token: string, profileId?: string) =>
  (await expectJson(await history(token).$get({ query: profileId ? { profileId } : {} }), 200)).items.map((i) => i.item.id);

describe("DELETE /api/me/history", { timeout: 30_000 }, () => {
  it("removes a movie, an episode or a media item from one profile's history", async () => {
    const user = await registerUser();
    const token = user.accessToken;
    const [movie, show, media] = await Promise.all([seedMovie(), seedSeries(), seedMedia(user.id)]);
    await view(token, { movieId: movie.id, positionSeconds: 30, durationSeconds: 600 });
    await view(token, { episodeId: show.episodeId, positionSeconds: 30, durationSeconds: 600 });
    await view(token, { mediaId: media.id, positionSeconds: 30, durationSeconds: 600 });
    const kids = await expectJson(await client(token).me.profiles.$post({ json: { name: "Kids" } }), 201);
    await view(token, { movieId: movie.id, positionSeconds: 30, durationSeconds: 600, profileId: kids.id });

    expect((await history(token).$delete({ query: { movieId: movie.id } })).status).toBe(204);
    expect(await ids(token)).toEqual([media.id, show.episodeId]);
    // The other profile's history is its own.
    expect(await ids(token, kids.id)).toEqual([movie.id]);
    expect((await history(token).$delete({ query: { episodeId: show.episodeId } })).status).toBe(204);
    expect((await history(token).$delete({ query: { mediaId: media.id } })).status).toBe(204);
    expect(await ids(token)).toEqual([]);
    expect((await history(token).$delete({ query: { movieId: movie.id, profileId: kids.id } })).status).toBe(204);
    expect(await ids(token, kids.id)).toEqual([]);
  });

  it("answers 404 when there is nothing to remove, and 400 without exactly one item", async () => {
    const user = await registerUser();
    const movie = await seedMovie();
    const problem = await expectProblemOf(await history(user.accessToken).$delete({ query: { movieId: movie.id } }), 404);
    expect(problem.detail).toMatch(/history/);
    await expectProblemOf(await history(user.accessToken).$delete({ query: {} }), 400);
    await expectProblemOf(await history(user.accessToken).$delete({ query: { movieId: movie.id, mediaId: "x" } }), 400);
  });

  it("needs a token and never reaches another account's profile", async () => {
    const [user, other] = await Promise.all([registerUser(), registerUser()]);
    const movie = await seedMovie();
    await view(other.accessToken, { movieId: movie.id, positionSeconds: 30, durationSeconds: 600 });
    const theirs = (await expectJson(await client(other.accessToken).me.profiles.$get({ query: {} }), 200)).items[0].id;
    await expectProblemOf(await history(user.accessToken).$delete({ query: { movieId: movie.id, profileId: theirs } }), 404);
    await expectProblemOf(await history().$delete({ query: { movieId: movie.id } }), 401);
    expect(await ids(other.accessToken)).toEqual([movie.id]);
  });
});
