import { describe, expect, it } from "vitest";
import { api, expectProblem, registerUser } from "../../test/api";
import { seedMedia, seedMovie, seedSeries } from "./test-fixtures";

const view = (token: string, body: unknown) => api("POST", "/api/views", { token, body });

describe("views and history", { timeout: 30_000 }, () => {
  it("records progress, counts a view once past 10 s, and resumes per profile", async () => {
    const user = await registerUser();
    const movie = await seedMovie("Resume Me");
    const early = await view(user.accessToken, { movieId: movie.id, positionSeconds: 5, durationSeconds: 6000 });
    expect(early.status, JSON.stringify(early.body)).toBe(200);
    expect(early.body).toMatchObject({
      counted: false,
      positionSeconds: 5,
      completed: false,
      item: { type: "movie", id: movie.id, title: "Resume Me" },
    });
    expect((await view(user.accessToken, { movieId: movie.id, positionSeconds: 12, durationSeconds: 6000 })).body.counted).toBe(
      true,
    );
    expect((await view(user.accessToken, { movieId: movie.id, positionSeconds: 600, durationSeconds: 6000 })).body.counted).toBe(
      false,
    );

    const kids = await api("POST", "/api/me/profiles", { token: user.accessToken, body: { name: "Kids", kids: true } });
    const show = await seedSeries();
    await view(user.accessToken, {
      episodeId: show.episodeId,
      positionSeconds: 100,
      durationSeconds: 1200,
      profileId: kids.body.id,
    });

    const history = await api("GET", "/api/me/history", { token: user.accessToken });
    expect(history.status).toBe(200);
    expect(history.body.items).toHaveLength(1);
    expect(history.body.items[0]).toMatchObject({
      positionSeconds: 600,
      durationSeconds: 6000,
      progress: 0.1,
      item: { id: movie.id, posterUrl: expect.any(String) },
    });
    const kidsHistory = await api("GET", `/api/me/history?profileId=${kids.body.id}`, { token: user.accessToken });
    expect(kidsHistory.body.items.map((i: { item: { id: string; seriesId: string } }) => [i.item.id, i.item.seriesId])).toEqual([
      [show.episodeId, show.id],
    ]);
  });

  it("finishes at 90 % and leaves continue watching", async () => {
    const user = await registerUser();
    const [a, b] = await Promise.all([seedMovie(), seedMovie()]);
    await view(user.accessToken, { movieId: a.id, positionSeconds: 100, durationSeconds: 1000 });
    const done = await view(user.accessToken, { movieId: b.id, positionSeconds: 950, durationSeconds: 1000 });
    expect(done.body.completed).toBe(true);
    const all = await api("GET", "/api/me/history?limit=1", { token: user.accessToken });
    expect(all.body.items).toHaveLength(1);
    expect(all.body.nextCursor).toEqual(expect.any(String));
    const next = await api("GET", `/api/me/history?limit=1&cursor=${all.body.nextCursor}`, { token: user.accessToken });
    expect([all.body.items[0].item.id, next.body.items[0].item.id].sort()).toEqual([a.id, b.id].sort());
    const resume = await api("GET", "/api/me/history?filter=in_progress", { token: user.accessToken });
    expect(resume.body.items.map((i: { item: { id: string } }) => i.item.id)).toEqual([a.id]);
  });

  it("rejects bad input", async () => {
    const user = await registerUser();
    const movie = await seedMovie();
    expectProblem(await view(user.accessToken, { positionSeconds: 1, durationSeconds: 10 }), 400);
    expectProblem(
      await view(user.accessToken, { movieId: movie.id, mediaId: "x", positionSeconds: 1, durationSeconds: 10 }),
      400,
    );
    expectProblem(await view(user.accessToken, { movieId: movie.id, positionSeconds: 20, durationSeconds: 10 }), 400);
    expectProblem(await view(user.accessToken, { movieId: movie.id, positionSeconds: -1, durationSeconds: 10 }), 400);
    expectProblem(await view(user.accessToken, { movieId: "missing", positionSeconds: 1, durationSeconds: 10 }), 404);
    expectProblem(await api("GET", "/api/me/history?cursor=garbage", { token: user.accessToken }), 400);
  });

  it("keeps profiles and media private", async () => {
    const [user, other] = await Promise.all([registerUser(), registerUser()]);
    const movie = await seedMovie();
    const otherProfiles = await api("GET", "/api/me/profiles", { token: other.accessToken });
    const theirs = otherProfiles.body.items[0].id;
    expectProblem(
      await view(user.accessToken, { movieId: movie.id, positionSeconds: 1, durationSeconds: 10, profileId: theirs }),
      404,
    );
    expectProblem(await api("GET", `/api/me/history?profileId=${theirs}`, { token: user.accessToken }), 404);
    const media = await seedMedia(other.id);
    expectProblem(await view(user.accessToken, { mediaId: media.id, positionSeconds: 1, durationSeconds: 10 }), 404);
    expect((await view(other.accessToken, { mediaId: media.id, positionSeconds: 11, durationSeconds: 20 })).body.counted).toBe(
      true,
    );
    expectProblem(await view("", { movieId: movie.id, positionSeconds: 1, durationSeconds: 10 }), 401);
    expectProblem(await api("GET", "/api/me/history"), 401);
  });
});

describe("favorites", { timeout: 30_000 }, () => {
  it("adds, lists and removes favorites per profile", async () => {
    const user = await registerUser();
    const movie = await seedMovie("Fav");
    const show = await seedSeries();
    const added = await api("POST", "/api/me/favorites", { token: user.accessToken, body: { movieId: movie.id } });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ item: { type: "movie", id: movie.id, title: "Fav", available: true } });
    expect((await api("POST", "/api/me/favorites", { token: user.accessToken, body: { movieId: movie.id } })).status).toBe(200);
    await api("POST", "/api/me/favorites", { token: user.accessToken, body: { seriesId: show.id } });
    const list = await api("GET", "/api/me/favorites", { token: user.accessToken });
    expect(list.body.items.map((f: { item: { id: string } }) => f.item.id)).toEqual([show.id, movie.id]);

    const kids = await api("POST", "/api/me/profiles", { token: user.accessToken, body: { name: "Kids" } });
    expect((await api("GET", `/api/me/favorites?profileId=${kids.body.id}`, { token: user.accessToken })).body.items).toEqual([]);

    expect((await api("DELETE", `/api/me/favorites?movieId=${movie.id}`, { token: user.accessToken })).status).toBe(204);
    expectProblem(await api("DELETE", `/api/me/favorites?movieId=${movie.id}`, { token: user.accessToken }), 404);
  });

  it("validates, hides other accounts' profiles and needs a token", async () => {
    const [user, other] = await Promise.all([registerUser(), registerUser()]);
    const movie = await seedMovie();
    expectProblem(await api("POST", "/api/me/favorites", { token: user.accessToken, body: {} }), 400);
    expectProblem(await api("POST", "/api/me/favorites", { token: user.accessToken, body: { mediaId: "x" } }), 400);
    expectProblem(await api("POST", "/api/me/favorites", { token: user.accessToken, body: { movieId: "missing" } }), 404);
    expectProblem(await api("DELETE", "/api/me/favorites", { token: user.accessToken }), 400);
    const theirs = (await api("GET", "/api/me/profiles", { token: other.accessToken })).body.items[0].id;
    expectProblem(
      await api("POST", "/api/me/favorites", { token: user.accessToken, body: { movieId: movie.id, profileId: theirs } }),
      404,
    );
    expectProblem(await api("GET", "/api/me/favorites"), 401);
    expectProblem(await api("POST", "/api/me/favorites", { body: { movieId: movie.id } }), 401);
  });
});
