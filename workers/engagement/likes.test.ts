import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, expectProblem, registerUser } from "../../test/api";
import { database } from "../lib/db";
import { likeSummary } from "./likes.queries";
import { seedMedia, seedMovie, seedSeries, shareMedia } from "./test-fixtures";

describe("likes", { timeout: 30_000 }, () => {
  it("likes and unlikes a movie idempotently, counting each person once", async () => {
    const movie = await seedMovie();
    const [a, b] = await Promise.all([registerUser(), registerUser()]);
    const path = `/api/movies/${movie.id}/like`;
    expect((await api("POST", path, { token: a.accessToken })).body).toEqual({ liked: true, likeCount: 1 });
    expect((await api("POST", path, { token: a.accessToken })).body).toEqual({ liked: true, likeCount: 1 });
    expect((await api("POST", path, { token: b.accessToken })).body).toEqual({ liked: true, likeCount: 2 });
    const db = database(env.DB);
    expect(await likeSummary(db, "movie", movie.id, a.id)).toEqual({ likeCount: 2, likedByMe: true });
    expect(await likeSummary(db, "movie", movie.id)).toEqual({ likeCount: 2, likedByMe: false });
    const undo = await api("DELETE", path, { token: a.accessToken });
    expect(undo.status).toBe(200);
    expect(undo.body).toEqual({ liked: false, likeCount: 1 });
    expect((await api("DELETE", path, { token: a.accessToken })).body).toEqual({ liked: false, likeCount: 1 });
  });

  it("likes series and episodes", async () => {
    const show = await seedSeries();
    const user = await registerUser();
    expect((await api("POST", `/api/series/${show.id}/like`, { token: user.accessToken })).body).toEqual({
      liked: true,
      likeCount: 1,
    });
    expect((await api("POST", `/api/episodes/${show.episodeId}/like`, { token: user.accessToken })).body).toEqual({
      liked: true,
      likeCount: 1,
    });
  });

  it("answers 404 for something that does not exist", async () => {
    const user = await registerUser();
    expectProblem(await api("POST", "/api/movies/nope/like", { token: user.accessToken }), 404);
    expectProblem(await api("POST", "/api/comments/nope/like", { token: user.accessToken }), 404);
  });

  it("needs a token", async () => {
    const movie = await seedMovie();
    expectProblem(await api("POST", `/api/movies/${movie.id}/like`), 401);
    expectProblem(await api("DELETE", `/api/movies/${movie.id}/like`), 401);
  });

  it("lets only the owner and those it is shared with like media", async () => {
    const [owner, friend, stranger] = await Promise.all([registerUser(), registerUser(), registerUser()]);
    const media = await seedMedia(owner.id);
    await shareMedia(media.id, friend.id);
    const path = `/api/media/${media.id}/like`;
    expectProblem(await api("POST", path, { token: stranger.accessToken }), 404);
    expect((await api("POST", path, { token: owner.accessToken })).body).toEqual({ liked: true, likeCount: 1 });
    expect((await api("POST", path, { token: friend.accessToken })).body).toEqual({ liked: true, likeCount: 2 });
  });

  it("shows likeCount and likedByMe in the liked thing's detail", async () => {
    const [fan, other] = await Promise.all([registerUser(), registerUser()]);
    const movie = await seedMovie();
    const show = await seedSeries();
    const media = await seedMedia(fan.id);
    for (const path of [
      `/api/movies/${movie.id}`,
      `/api/series/${show.id}`,
      `/api/episodes/${show.episodeId}`,
      `/api/media/${media.id}`,
    ]) {
      expect((await api("POST", `${path}/like`, { token: fan.accessToken })).status).toBe(200);
      const mine = await api("GET", path, { token: fan.accessToken });
      expect(mine.status, path).toBe(200);
      expect(mine.body, path).toMatchObject({ id: expect.any(String), likeCount: 1, likedByMe: true });
    }
    for (const path of [`/api/movies/${movie.id}`, `/api/series/${show.id}`, `/api/episodes/${show.episodeId}`]) {
      expect((await api("GET", path)).body).toMatchObject({ likeCount: 1, likedByMe: false });
      expect((await api("GET", path, { token: other.accessToken })).body).toMatchObject({ likeCount: 1, likedByMe: false });
    }
  });
});
