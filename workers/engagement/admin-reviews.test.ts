import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser, signInAdmin } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";
import { seedMovie, userWithRole } from "./test-fixtures";

async function review(movieId: string, rating: number) {
  const author = await registerUser();
  const created = await expectJson(await client(author.accessToken).reviews.$post({ json: { movieId, rating } }), 201);
  return { author, review: created };
}

const reportCount = async (id: string) =>
  (await env.DB.prepare("SELECT report_count AS n FROM reviews WHERE id = ?").bind(id).first<{ n: number }>())?.n;

describe("review reports and the admin review list", { timeout: 30_000 }, () => {
  it("counts one report per person, replays the first report and refuses your own review", async () => {
    const movie = await seedMovie();
    const { author, review: r } = await review(movie.id, 2);
    const [a, b] = await Promise.all([registerUser(), registerUser()]);
    const report = (token: string, reason: string) =>
      client(token).reviews[":id"].report.$post({ param: { id: r.id }, json: { reason } });

    const first = await expectJson(await report(a.accessToken, "spam"), 201);
    expect(first).toMatchObject({ id: r.id, reason: "spam" });
    expect(await expectJson(await report(a.accessToken, "again, louder"), 200)).toEqual(first);
    expect(await reportCount(r.id)).toBe(1);
    await expectJson(await report(b.accessToken, "rude"), 201);
    expect(await reportCount(r.id)).toBe(2);

    await expectProblemOf(await report(author.accessToken, "me"), 422);
    await expectProblemOf(await report(a.accessToken, "   "), 400);
    await expectProblemOf(
      await client(a.accessToken).reviews[":id"].report.$post({ param: { id: "missing" }, json: { reason: "x" } }),
      404,
    );
    await expectProblemOf(await client().reviews[":id"].report.$post({ param: { id: r.id }, json: { reason: "x" } }), 401);
  });

  it("lists every review for staff, filtered by movie, rating and reports; others get 403", async () => {
    const movie = await seedMovie();
    const other = await seedMovie();
    const { review: low, author } = await review(movie.id, 1);
    const { review: high } = await review(movie.id, 5);
    await review(other.id, 1);
    const reporter = await registerUser();
    await client(reporter.accessToken).reviews[":id"].report.$post({ param: { id: low.id }, json: { reason: "abuse" } });

    const moderator = await userWithRole("moderator");
    const list = (query: Record<string, string>) => client(moderator.accessToken).admin.reviews.$get({ query });
    const all = await expectJson(await list({ movieId: movie.id }), 200);
    expect(all.items.map((r) => r.id)).toEqual([high.id, low.id]);
    expect(all.items[1]).toMatchObject({
      author: { id: author.id, email: author.email },
      movieTitle: movie.title,
      reportCount: 1,
      rating: 1,
    });
    const reported = await expectJson(await list({ movieId: movie.id, reported: "true" }), 200);
    expect(reported.items.map((r) => r.id)).toEqual([low.id]);
    const unreported = await expectJson(await list({ movieId: movie.id, reported: "false" }), 200);
    expect(unreported.items.map((r) => r.id)).toEqual([high.id]);
    const fives = await expectJson(await list({ movieId: movie.id, rating: "5" }), 200);
    expect(fives.items.map((r) => r.id)).toEqual([high.id]);
    const paged = await expectJson(await list({ movieId: movie.id, limit: "1" }), 200);
    expect(paged.items.map((r) => r.id)).toEqual([high.id]);
    const next = await expectJson(await list({ movieId: movie.id, limit: "1", cursor: String(paged.nextCursor) }), 200);
    expect(next).toMatchObject({ items: [{ id: low.id }], nextCursor: null });

    await expectProblemOf(await list({ rating: "9" }), 400);
    await expectProblemOf(await client(reporter.accessToken).admin.reviews.$get({ query: {} }), 403);
    await expectProblemOf(await client().admin.reviews.$get({ query: {} }), 401);
  });

  it("removes a review for staff, audits it, and answers 404 after", async () => {
    const movie = await seedMovie();
    const { review: r } = await review(movie.id, 3);
    const bystander = await registerUser();
    const remove = (token: string) => client(token).admin.reviews[":id"].$delete({ param: { id: r.id } });
    await expectProblemOf(await remove(bystander.accessToken), 403);

    const admin = await signInAdmin();
    expect((await remove(admin.accessToken)).status).toBe(204);
    await expectProblemOf(await remove(admin.accessToken), 404);
    const row = await env.DB.prepare("SELECT actor_id, detail FROM audit_log WHERE action = 'review.removed' AND target_id = ?")
      .bind(r.id)
      .first<{ actor_id: string; detail: string }>();
    expect(row?.actor_id).toBe(admin.id);
    expect(JSON.parse(String(row?.detail))).toMatchObject({ movieId: movie.id, rating: 3 });
  });

  it("lists one user's reviews for admins; 404 for an unknown user, 403 for moderators", async () => {
    const [a, b] = await Promise.all([seedMovie(), seedMovie()]);
    const author = await registerUser();
    for (const movie of [a, b]) {
      await client(author.accessToken).reviews.$post({ json: { movieId: movie.id, rating: 4 } });
    }
    await review(a.id, 2);
    const admin = await signInAdmin();
    const reviewsOf = (token: string, id: string) => client(token).admin.users[":id"].reviews.$get({ param: { id }, query: {} });
    const list = await expectJson(await reviewsOf(admin.accessToken, author.id), 200);
    expect(list.items.map((r) => r.movieTitle)).toEqual([b.title, a.title]);
    await expectProblemOf(await reviewsOf(admin.accessToken, "missing"), 404);
    const moderator = await userWithRole("moderator");
    await expectProblemOf(await reviewsOf(moderator.accessToken, author.id), 403);
  });
});
