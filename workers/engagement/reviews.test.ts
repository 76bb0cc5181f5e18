import { env } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { registerUser } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";
import { gatedMovie, playMovie } from "../billing/entitlements.test-helpers";
import { seedMovie, seedTicket, userWithRole } from "./test-fixtures";

const reviews = (token?: string) => client(token).reviews;
const movieReviews = () => client().movies[":id"].reviews;

/** The playback route records its `play_started` event in the background (waitUntil): wait until it is stored. */
async function playRecorded(userId: string, movieId: string) {
  await vi.waitFor(
    async () => {
      const row = await env.DB.prepare(
        "SELECT 1 FROM analytics_events WHERE user_id = ? AND target_id = ? AND type = 'play_started' AND source = 'server'",
      )
        .bind(userId, movieId)
        .first();
      expect(row).not.toBeNull();
    },
    { timeout: 5_000, interval: 50 },
  );
}

describe("reviews", { timeout: 30_000 }, () => {
  it("takes one review per person per movie, changes it with PATCH and escapes HTML", async () => {
    const movie = await seedMovie();
    const user = await registerUser();
    const token = user.accessToken;
    const created = await expectJson(
      await reviews(token).$post({ json: { movieId: movie.id, rating: 4, body: " <b>Good</b> " } }),
      201,
    );
    expect(created).toMatchObject({
      movieId: movie.id,
      rating: 4,
      body: "&lt;b&gt;Good&lt;/b&gt;",
      verified: false,
      author: { id: user.id },
    });
    await expectProblemOf(await reviews(token).$post({ json: { movieId: movie.id, rating: 5 } }), 409);
    const param = { id: created.id };
    const patched = await reviews(token)[":id"].$patch({ param, json: { rating: 5, body: null } });
    expect(await patched.json()).toMatchObject({ rating: 5, body: null });
    expect((await reviews(token)[":id"].$delete({ param })).status).toBe(204);
    expect((await reviews(token).$post({ json: { movieId: movie.id, rating: 3 } })).status).toBe(201);
  });

  it("lists reviews, computes stats and marks buyers and viewers as verified", async () => {
    const movie = await gatedMovie([], "free");
    const [buyer, viewer, talker] = await Promise.all([registerUser(), registerUser(), registerUser()]);
    await seedTicket(buyer.id, movie.id);
    await expectJson(await playMovie(viewer.accessToken, movie.id), 200);
    await playRecorded(viewer.id, movie.id);
    for (const [user, rating] of [
      [buyer, 5],
      [viewer, 4],
      [talker, 1],
    ] as const) {
      await reviews(user.accessToken).$post({ json: { movieId: movie.id, rating } });
    }
    const param = { id: movie.id };
    const list = await expectJson(await movieReviews().$get({ param, query: { sort: "rating_desc", limit: "2" } }), 200);
    expect(list.items.map((r) => [r.rating, r.verified])).toEqual([
      [5, true],
      [4, true],
    ]);
    const query = { sort: "rating_desc", limit: "2", cursor: String(list.nextCursor) } as const;
    const rest = await expectJson(await movieReviews().$get({ param, query }), 200);
    expect(rest.items.map((r) => [r.rating, r.verified])).toEqual([[1, false]]);
    const stats = await expectJson(await movieReviews().stats.$get({ param }), 200);
    expect(stats).toEqual({ average: 3.33, count: 3, histogram: { 1: 1, 2: 0, 3: 0, 4: 1, 5: 1 } });
    const empty = await seedMovie();
    expect(await expectJson(await movieReviews().stats.$get({ param: { id: empty.id } }), 200)).toEqual({
      average: null,
      count: 0,
      histogram: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 },
    });
  });

  it("validates input and answers 404 for unknown movies", async () => {
    const movie = await seedMovie();
    const user = await registerUser();
    const post = reviews(user.accessToken).$post;
    for (const rating of [0, 6, 3.5]) {
      await expectProblemOf(await post({ json: { movieId: movie.id, rating } }), 400);
    }
    // @ts-expect-error a rating as a string, on purpose
    await expectProblemOf(await post({ json: { movieId: movie.id, rating: "5" } }), 400);
    await expectProblemOf(await post({ json: { movieId: "missing", rating: 3 } }), 404);
    await expectProblemOf(await movieReviews().$get({ param: { id: "missing" }, query: {} }), 404);
    await expectProblemOf(await movieReviews().stats.$get({ param: { id: "missing" } }), 404);
    await expectProblemOf(await movieReviews().$get({ param: { id: movie.id }, query: { sort: "new", cursor: "bad" } }), 400);
  });

  it("keeps reviews to their authors, except moderators may delete", async () => {
    const movie = await seedMovie();
    const [author, other] = await Promise.all([registerUser(), registerUser()]);
    const review = await expectJson(await reviews(author.accessToken).$post({ json: { movieId: movie.id, rating: 2 } }), 201);
    const param = { id: review.id };
    await expectProblemOf(await reviews(other.accessToken)[":id"].$patch({ param, json: { rating: 5 } }), 404);
    await expectProblemOf(await reviews(other.accessToken)[":id"].$delete({ param }), 404);
    await expectProblemOf(await reviews().$post({ json: { movieId: movie.id, rating: 2 } }), 401);
    await expectProblemOf(await reviews()[":id"].$patch({ param, json: { rating: 1 } }), 401);
    const mod = await userWithRole("moderator");
    expect((await reviews(mod.accessToken)[":id"].$delete({ param })).status).toBe(204);
  });

  it("verifies a review from a playback the server started, never from self-reported views or events", async () => {
    const movie = await gatedMovie([], "free");
    const [claimer, player] = await Promise.all([registerUser(), registerUser()]);
    // The claimer only says they watched: watch progress to the end and client analytics events.
    const views = client(claimer.accessToken).views;
    for (const positionSeconds of [30, 3000, 6000]) {
      await views.$post({ json: { movieId: movie.id, positionSeconds, durationSeconds: 6000 } });
    }
    const events = client(claimer.accessToken).events;
    await expectJson(
      await events.$post({ json: { events: [{ type: "title_view", targetType: "movie", targetId: movie.id }] } }),
      202,
    );
    const forged = [{ type: "play_started", targetType: "movie", targetId: movie.id }];
    // @ts-expect-error plays are recorded by the API itself, never accepted from the browser
    await expectProblemOf(await events.$post({ json: { events: forged } }), 400);
    // The player pressed Play in the web app: the playback route handed out a signed stream.
    await expectJson(await playMovie(player.accessToken, movie.id), 200);
    await playRecorded(player.id, movie.id);
    const claimed = await expectJson(await reviews(claimer.accessToken).$post({ json: { movieId: movie.id, rating: 1 } }), 201);
    const played = await expectJson(await reviews(player.accessToken).$post({ json: { movieId: movie.id, rating: 5 } }), 201);
    expect([claimed.verified, played.verified]).toEqual([false, true]);
    const list = await expectJson(await movieReviews().$get({ param: { id: movie.id }, query: { sort: "rating_desc" } }), 200);
    expect(list.items.map((r) => [r.author.id, r.verified])).toEqual([
      [player.id, true],
      [claimer.id, false],
    ]);
  });
});
