import { describe, expect, it } from "vitest";
import { api, expectProblem, registerUser } from "../../test/api";
import { seedMovie, seedTicket, userWithRole } from "./test-fixtures";

describe("reviews", { timeout: 30_000 }, () => {
  it("takes one review per person per movie, changes it with PATCH and escapes HTML", async () => {
    const movie = await seedMovie();
    const user = await registerUser();
    const created = await api("POST", "/api/reviews", {
      token: user.accessToken,
      body: { movieId: movie.id, rating: 4, body: " <b>Good</b> " },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      movieId: movie.id,
      rating: 4,
      body: "&lt;b&gt;Good&lt;/b&gt;",
      verified: false,
      author: { id: user.id },
    });
    expectProblem(await api("POST", "/api/reviews", { token: user.accessToken, body: { movieId: movie.id, rating: 5 } }), 409);
    const patched = await api("PATCH", `/api/reviews/${created.body.id}`, {
      token: user.accessToken,
      body: { rating: 5, body: null },
    });
    expect(patched.body).toMatchObject({ rating: 5, body: null });
    expect((await api("DELETE", `/api/reviews/${created.body.id}`, { token: user.accessToken })).status).toBe(204);
    expect((await api("POST", "/api/reviews", { token: user.accessToken, body: { movieId: movie.id, rating: 3 } })).status).toBe(
      201,
    );
  });

  it("lists reviews, computes stats and marks buyers and viewers as verified", async () => {
    const movie = await seedMovie();
    const [buyer, viewer, talker] = await Promise.all([registerUser(), registerUser(), registerUser()]);
    await seedTicket(buyer.id, movie.id);
    await api("POST", "/api/views", {
      token: viewer.accessToken,
      body: { movieId: movie.id, positionSeconds: 30, durationSeconds: 6000 },
    });
    for (const [user, rating] of [
      [buyer, 5],
      [viewer, 4],
      [talker, 1],
    ] as const) {
      await api("POST", "/api/reviews", { token: user.accessToken, body: { movieId: movie.id, rating } });
    }
    const list = await api("GET", `/api/movies/${movie.id}/reviews?sort=rating_desc&limit=2`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((r: { rating: number; verified: boolean }) => [r.rating, r.verified])).toEqual([
      [5, true],
      [4, true],
    ]);
    const rest = await api("GET", `/api/movies/${movie.id}/reviews?sort=rating_desc&limit=2&cursor=${list.body.nextCursor}`);
    expect(rest.body.items.map((r: { rating: number; verified: boolean }) => [r.rating, r.verified])).toEqual([[1, false]]);
    const stats = await api("GET", `/api/movies/${movie.id}/reviews/stats`);
    expect(stats.body).toEqual({ average: 3.33, count: 3, histogram: { 1: 1, 2: 0, 3: 0, 4: 1, 5: 1 } });
    const empty = await seedMovie();
    expect((await api("GET", `/api/movies/${empty.id}/reviews/stats`)).body).toEqual({
      average: null,
      count: 0,
      histogram: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 },
    });
  });

  it("validates input and answers 404 for unknown movies", async () => {
    const movie = await seedMovie();
    const user = await registerUser();
    for (const rating of [0, 6, 3.5, "5"]) {
      expectProblem(await api("POST", "/api/reviews", { token: user.accessToken, body: { movieId: movie.id, rating } }), 400);
    }
    expectProblem(await api("POST", "/api/reviews", { token: user.accessToken, body: { movieId: "missing", rating: 3 } }), 404);
    expectProblem(await api("GET", "/api/movies/missing/reviews"), 404);
    expectProblem(await api("GET", "/api/movies/missing/reviews/stats"), 404);
    expectProblem(await api("GET", `/api/movies/${movie.id}/reviews?sort=new&cursor=bad`), 400);
  });

  it("keeps reviews to their authors, except moderators may delete", async () => {
    const movie = await seedMovie();
    const [author, other] = await Promise.all([registerUser(), registerUser()]);
    const review = await api("POST", "/api/reviews", { token: author.accessToken, body: { movieId: movie.id, rating: 2 } });
    expectProblem(await api("PATCH", `/api/reviews/${review.body.id}`, { token: other.accessToken, body: { rating: 5 } }), 404);
    expectProblem(await api("DELETE", `/api/reviews/${review.body.id}`, { token: other.accessToken }), 404);
    expectProblem(await api("POST", "/api/reviews", { body: { movieId: movie.id, rating: 2 } }), 401);
    expectProblem(await api("PATCH", `/api/reviews/${review.body.id}`, { body: { rating: 1 } }), 401);
    const mod = await userWithRole("moderator");
    expect((await api("DELETE", `/api/reviews/${review.body.id}`, { token: mod.accessToken })).status).toBe(204);
  });
});
