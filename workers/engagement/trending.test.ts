import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser, signInAdmin } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";
import worker from "../index";
import { seedMovie, seedSeries } from "./test-fixtures";
import { trendingKey } from "./trending";

async function oldViews(userId: string, movieId: string, count: number, hoursAgo: number) {
  const profile = await env.DB.prepare("SELECT id FROM profiles WHERE user_id = ?").bind(userId).first<{ id: string }>();
  const at = new Date(Date.now() - hoursAgo * 3600_000).toISOString();
  for (let i = 0; i < count; i++) {
    await env.DB.prepare(
      "INSERT INTO views (profile_id, user_id, target_type, target_id, movie_id, title_type, title_id, created_at) VALUES (?, ?, 'movie', ?, ?, 'movie', ?, ?)",
    )
      .bind(profile?.id, userId, movieId, movieId, movieId, at)
      .run();
  }
}

const watch = (token: string, body: { movieId: string } | { episodeId: string }) =>
  client(token).views.$post({ json: { positionSeconds: 30, durationSeconds: 3000, ...body } });

const trending = async (query: { window?: "24h" | "7d"; type?: "movie" | "series" | "all"; refresh?: "1" }, token?: string) =>
  expectJson(await client(token).trending.$get({ query }), 200);

const rankOf = (body: { items: { item: { id: string } }[] }, id: string) => body.items.findIndex((i) => i.item.id === id);

describe("trending", { timeout: 30_000 }, () => {
  it("ranks recent views above older ones, per window and type, and serves from KV", async () => {
    const admin = await signInAdmin();
    const [a, b, c] = await Promise.all([registerUser(), registerUser(), registerUser()]);
    const [fresh, stale, popular] = await Promise.all([seedMovie("Fresh"), seedMovie("Stale"), seedMovie("Popular")]);
    const show = await seedSeries("Show");
    await watch(a.accessToken, { movieId: fresh.id });
    await oldViews(b.id, stale.id, 2, 6 * 24);
    for (const user of [a, b, c]) await watch(user.accessToken, { movieId: popular.id });
    await watch(c.accessToken, { episodeId: show.episodeId });

    const week = await trending({ window: "7d", refresh: "1" }, admin.accessToken);
    expect(rankOf(week, popular.id)).toBeLessThan(rankOf(week, fresh.id));
    expect(rankOf(week, fresh.id)).toBeLessThan(rankOf(week, stale.id));
    expect(week.items[rankOf(week, stale.id)]).toMatchObject({ views: 2, item: { title: "Stale", type: "movie" } });

    const day = await trending({ window: "24h" });
    expect(rankOf(day, stale.id)).toBe(-1);
    expect(rankOf(day, show.id)).toBeGreaterThanOrEqual(0);
    const moviesOnly = await trending({ type: "movie" });
    expect(moviesOnly.items.every((i) => i.item.type === "movie")).toBe(true);
    const seriesOnly = await trending({ type: "series" });
    expect(seriesOnly.items.map((i) => i.item.id)).toContain(show.id);
    expect(await env.CACHE.get(trendingKey("24h", "all"))).toEqual(expect.any(String));
  });

  it("is refreshed into KV by the cron trigger", async () => {
    const user = await registerUser();
    const movie = await seedMovie("Cron pick");
    await watch(user.accessToken, { movieId: movie.id });
    const controller = createScheduledController({ scheduledTime: new Date(), cron: "*/5 * * * *" });
    const ctx = createExecutionContext();
    await worker.scheduled(controller, env, ctx);
    await waitOnExecutionContext(ctx);
    const stored = JSON.parse((await env.CACHE.get(trendingKey("24h", "movie"))) ?? "{}");
    expect(stored.items.map((i: { item: { id: string } }) => i.item.id)).toContain(movie.id);
  });

  it("lets only admins refresh, and validates", async () => {
    const user = await registerUser();
    await expectProblemOf(await client().trending.$get({ query: { refresh: "1" } }), 401);
    await expectProblemOf(await client(user.accessToken).trending.$get({ query: { refresh: "1" } }), 403);
    // @ts-expect-error an unknown window, on purpose
    await expectProblemOf(await client().trending.$get({ query: { window: "1y" } }), 400);
    // @ts-expect-error an unknown type, on purpose
    await expectProblemOf(await client().trending.$get({ query: { type: "podcast" } }), 400);
  });
});
