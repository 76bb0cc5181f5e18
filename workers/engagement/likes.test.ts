import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";
import { database } from "../lib/db";
import { likeSummary } from "./likes.queries";
import { seedMedia, seedMovie, seedSeries, shareMedia } from "./test-fixtures";

const movieLike = (token?: string) => client(token).movies[":id"].like;

describe("likes", { timeout: 30_000 }, () => {
  it("likes and unlikes a movie idempotently, counting each person once", async () => {
    const movie = await seedMovie();
    const [a, b] = await Promise.all([registerUser(), registerUser()]);
    const param = { id: movie.id };
    const like = async (token: string) => expectJson(await movieLike(token).$post({ param }), 200);
    const unlike = async (token: string) => expectJson(await movieLike(token).$delete({ param }), 200);
    expect(await like(a.accessToken)).toEqual({ liked: true, likeCount: 1 });
    expect(await like(a.accessToken)).toEqual({ liked: true, likeCount: 1 });
    expect(await like(b.accessToken)).toEqual({ liked: true, likeCount: 2 });
    const db = database(env.DB);
    expect(await likeSummary(db, "movie", movie.id, a.id)).toEqual({ likeCount: 2, likedByMe: true });
    expect(await likeSummary(db, "movie", movie.id)).toEqual({ likeCount: 2, likedByMe: false });
    expect(await unlike(a.accessToken)).toEqual({ liked: false, likeCount: 1 });
    expect(await unlike(a.accessToken)).toEqual({ liked: false, likeCount: 1 });
  });

  it("likes series and episodes", async () => {
    const show = await seedSeries();
    const api = client((await registerUser()).accessToken);
    const series = await api.series[":id"].like.$post({ param: { id: show.id } });
    expect(await expectJson(series, 200)).toEqual({ liked: true, likeCount: 1 });
    const episode = await api.episodes[":id"].like.$post({ param: { id: show.episodeId } });
    expect(await expectJson(episode, 200)).toEqual({ liked: true, likeCount: 1 });
  });

  it("answers 404 for something that does not exist", async () => {
    const api = client((await registerUser()).accessToken);
    await expectProblemOf(await api.movies[":id"].like.$post({ param: { id: "nope" } }), 404);
    await expectProblemOf(await api.comments[":id"].like.$post({ param: { id: "nope" } }), 404);
  });

  it("needs a token", async () => {
    const movie = await seedMovie();
    const param = { id: movie.id };
    await expectProblemOf(await movieLike().$post({ param }), 401);
    await expectProblemOf(await movieLike().$delete({ param }), 401);
  });

  it("lets only the owner and those it is shared with like media", async () => {
    const [owner, friend, stranger] = await Promise.all([registerUser(), registerUser(), registerUser()]);
    const media = await seedMedia(owner.id);
    await shareMedia(media.id, friend.id);
    const like = (token: string) => client(token).media[":id"].like.$post({ param: { id: media.id } });
    await expectProblemOf(await like(stranger.accessToken), 404);
    expect(await expectJson(await like(owner.accessToken), 200)).toEqual({ liked: true, likeCount: 1 });
    expect(await expectJson(await like(friend.accessToken), 200)).toEqual({ liked: true, likeCount: 2 });
  });

  it("shows likeCount and likedByMe in the liked thing's detail", async () => {
    const [fan, other] = await Promise.all([registerUser(), registerUser()]);
    const movie = await seedMovie();
    const show = await seedSeries();
    const media = await seedMedia(fan.id);
    // Each kind as [name, like, read its detail]; the detail of each carries the like summary.
    const kinds = (token?: string) => {
      const api = client(token);
      return [
        [
          "movie",
          () => api.movies[":id"].like.$post({ param: { id: movie.id } }),
          async () => expectJson(await api.movies[":id"].$get({ param: { id: movie.id } }), 200),
        ],
        [
          "series",
          () => api.series[":id"].like.$post({ param: { id: show.id } }),
          async () => expectJson(await api.series[":id"].$get({ param: { id: show.id } }), 200),
        ],
        [
          "episode",
          () => api.episodes[":id"].like.$post({ param: { id: show.episodeId } }),
          async () => expectJson(await api.episodes[":id"].$get({ param: { id: show.episodeId } }), 200),
        ],
        [
          "media",
          () => api.media[":id"].like.$post({ param: { id: media.id } }),
          async () => expectJson(await api.media[":id"].$get({ param: { id: media.id } }), 200),
        ],
      ] as const;
    };
    for (const [name, like, read] of kinds(fan.accessToken)) {
      expect((await like()).status, name).toBe(200);
      expect(await read(), name).toMatchObject({ id: expect.any(String), likeCount: 1, likedByMe: true });
    }
    const notMine = { likeCount: 1, likedByMe: false };
    for (const [name, , read] of kinds().slice(0, 3)) expect(await read(), name).toMatchObject(notMine);
    for (const [name, , read] of kinds(other.accessToken).slice(0, 3)) expect(await read(), name).toMatchObject(notMine);
  });
});
