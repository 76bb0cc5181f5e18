import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, expectProblem, registerUser, type TestUser } from "../../test/api";
import { seedMedia, seedMovie, seedSeries, userWithRole } from "./test-fixtures";

const post = (user: TestUser, body: unknown) => api("POST", "/api/comments", { token: user.accessToken, body });
const threads = (path: string, token?: string) => api("GET", path, { token });

describe("comments", { timeout: 30_000 }, () => {
  it("threads replies several levels deep, escapes HTML and tells the parent's author", async () => {
    const movie = await seedMovie();
    const [alice, bob] = await Promise.all([registerUser(), registerUser()]);
    const root = await post(alice, { movieId: movie.id, body: "  <script>alert(1)</script> great  " });
    expect(root.status).toBe(201);
    expect(root.body).toMatchObject({
      depth: 0,
      parentId: null,
      body: "&lt;script&gt;alert(1)&lt;/script&gt; great",
      status: "visible",
      likeCount: 0,
    });
    let parent = root.body.id;
    for (let depth = 1; depth <= 5; depth++) {
      const reply = await post(depth % 2 ? bob : alice, { movieId: movie.id, parentId: parent, body: `level ${depth}` });
      expect(reply.status).toBe(201);
      expect(reply.body.depth).toBe(Math.min(depth, 4));
      parent = reply.body.id;
    }
    const list = await threads(`/api/movies/${movie.id}/comments`);
    expect(list.status).toBe(200);
    expect(list.body.policy).toBe("enabled");
    const thread = list.body.items[0];
    expect(thread.replies[0].body).toBe("level 1");
    expect(thread.replies[0].replies[0].replies[0].body).toBe("level 3");
    const deepest = thread.replies[0].replies[0].replies[0].replies[0];
    expect(deepest.replies.map((r: { body: string }) => r.body)).toEqual([]);
    expect(thread.replies[0].replies[0].replies[0].replies.map((r: { body: string }) => r.body)).toEqual(["level 4", "level 5"]);

    const inbox = await api("GET", "/api/notifications", { token: alice.accessToken });
    expect(inbox.body.items.some((n: { kind: string }) => n.kind === "comment_reply")).toBe(true);

    const one = await api("GET", `/api/comments/${thread.replies[0].id}`);
    expect(one.status).toBe(200);
    expect(one.body.replies[0].body).toBe("level 2");
  });

  it("sorts by top or new, with cursors", async () => {
    const movie = await seedMovie();
    const [a, b] = await Promise.all([registerUser(), registerUser()]);
    const first = await post(a, { movieId: movie.id, body: "first" });
    const second = await post(a, { movieId: movie.id, body: "second" });
    await api("POST", `/api/comments/${first.body.id}/like`, { token: b.accessToken });
    const top = await threads(`/api/movies/${movie.id}/comments?sort=top`, b.accessToken);
    expect(top.body.items.map((c: { body: string }) => c.body)).toEqual(["first", "second"]);
    expect(top.body.items[0]).toMatchObject({ likeCount: 1, likedByMe: true });
    const newest = await threads(`/api/movies/${movie.id}/comments?sort=new&limit=1`);
    expect(newest.body.items.map((c: { id: string }) => c.id)).toEqual([second.body.id]);
    const more = await threads(`/api/movies/${movie.id}/comments?sort=new&limit=1&cursor=${newest.body.nextCursor}`);
    expect(more.body.items.map((c: { id: string }) => c.id)).toEqual([first.body.id]);
    expect(more.body.nextCursor).toBeNull();
    expectProblem(await threads(`/api/movies/${movie.id}/comments?sort=top&cursor=${newest.body.nextCursor}`), 400);
  });

  it("edits within 15 minutes and deletes softly, keeping the thread", async () => {
    const movie = await seedMovie();
    const [author, other] = await Promise.all([registerUser(), registerUser()]);
    const root = await post(author, { movieId: movie.id, body: "typo" });
    const reply = await post(other, { movieId: movie.id, parentId: root.body.id, body: "reply" });
    const edited = await api("PATCH", `/api/comments/${root.body.id}`, { token: author.accessToken, body: { body: "fixed" } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ body: "fixed", editedAt: expect.any(String) });
    expectProblem(
      await api("PATCH", `/api/comments/${root.body.id}`, { token: other.accessToken, body: { body: "mine now" } }),
      404,
    );
    await env.DB.prepare("UPDATE comments SET created_at = ? WHERE id = ?")
      .bind(new Date(Date.now() - 16 * 60_000).toISOString(), root.body.id)
      .run();
    expectProblem(
      await api("PATCH", `/api/comments/${root.body.id}`, { token: author.accessToken, body: { body: "late" } }),
      409,
    );

    expectProblem(await api("DELETE", `/api/comments/${root.body.id}`, { token: other.accessToken }), 404);
    expect((await api("DELETE", `/api/comments/${root.body.id}`, { token: author.accessToken })).status).toBe(204);
    const list = await threads(`/api/movies/${movie.id}/comments`);
    expect(list.body.items[0]).toMatchObject({ id: root.body.id, body: "[deleted]", author: null, status: "deleted" });
    expect(list.body.items[0].replies[0].id).toBe(reply.body.id);
    expectProblem(await post(other, { movieId: movie.id, parentId: root.body.id, body: "too late" }), 409);
  });

  it("validates bodies and targets", async () => {
    const movie = await seedMovie();
    const other = await seedMovie();
    const user = await registerUser();
    expectProblem(await post(user, { movieId: movie.id, body: "   " }), 400);
    expectProblem(await post(user, { movieId: movie.id, body: "x".repeat(5001) }), 400);
    expect((await post(user, { movieId: movie.id, body: "x".repeat(5000) })).status).toBe(201);
    expectProblem(await post(user, { body: "no target" }), 400);
    expectProblem(await post(user, { movieId: movie.id, seriesId: "s", body: "two targets" }), 400);
    expectProblem(await post(user, { movieId: "missing", body: "hi" }), 404);
    const root = await post(user, { movieId: movie.id, body: "root" });
    expectProblem(await post(user, { movieId: other.id, parentId: root.body.id, body: "wrong title" }), 404);
    expectProblem(await post(user, { movieId: movie.id }), 400);
    expectProblem(await api("POST", "/api/comments", { body: { movieId: movie.id, body: "anon" } }), 401);
  });

  it("lets moderators hide, restore and remove; hidden comments vanish for readers only", async () => {
    const show = await seedSeries();
    const [author, reader, reporter] = await Promise.all([registerUser(), registerUser(), registerUser()]);
    const mod = await userWithRole("moderator");
    const c = await post(author, { episodeId: show.episodeId, body: "spoiler!" });
    const path = `/api/episodes/${show.episodeId}/comments`;

    expect(
      (await api("POST", `/api/comments/${c.body.id}/report`, { token: reporter.accessToken, body: { reason: "spoiler" } }))
        .status,
    ).toBe(201);
    expect((await api("POST", `/api/comments/${c.body.id}/report`, { token: reporter.accessToken, body: {} })).status).toBe(200);
    expectProblem(await api("POST", `/api/comments/${c.body.id}/report`, { token: author.accessToken }), 422);
    const queue = await api("GET", "/api/moderation/comments?status=reported", { token: mod.accessToken });
    expect(queue.body.items.find((i: { id: string }) => i.id === c.body.id)).toMatchObject({ reportCount: 1 });
    expectProblem(await api("GET", "/api/moderation/comments", { token: reader.accessToken }), 403);

    expectProblem(await api("POST", `/api/comments/${c.body.id}/hide`, { token: reader.accessToken }), 403);
    expectProblem(await api("POST", `/api/comments/${c.body.id}/hide`), 401);
    expectProblem(await api("POST", "/api/comments/missing/hide", { token: mod.accessToken }), 404);
    const hidden = await api("POST", `/api/comments/${c.body.id}/hide`, { token: mod.accessToken });
    expect(hidden.status).toBe(200);
    expect(hidden.body.status).toBe("hidden");
    expect((await threads(path, reader.accessToken)).body.items).toEqual([]);
    expect((await threads(path)).body.items).toEqual([]);
    expect((await threads(path, mod.accessToken)).body.items[0]).toMatchObject({
      id: c.body.id,
      status: "hidden",
      body: "spoiler!",
    });
    expectProblem(await api("GET", `/api/comments/${c.body.id}`, { token: reader.accessToken }), 404);
    expectProblem(await api("POST", `/api/comments/${c.body.id}/like`, { token: reader.accessToken }), 404);

    expect((await api("POST", `/api/comments/${c.body.id}/restore`, { token: mod.accessToken })).body.status).toBe("visible");
    expect((await threads(path, reader.accessToken)).body.items).toHaveLength(1);
    const removed = await api("POST", `/api/comments/${c.body.id}/remove`, { token: mod.accessToken });
    expect(removed.body).toMatchObject({ status: "removed", body: "[removed]", author: null });
    expectProblem(await api("POST", `/api/comments/${c.body.id}/restore`, { token: mod.accessToken }), 409);
    expect((await threads(path, reader.accessToken)).body.items[0]).toMatchObject({ body: "[removed]" });
  });

  it("follows each title's policy", async () => {
    const movie = await seedMovie();
    const [user, author] = await Promise.all([registerUser(), registerUser()]);
    const mod = await userWithRole("moderator");
    const policy = (p: string, token = mod.accessToken) =>
      api("PUT", `/api/movies/${movie.id}/comment-policy`, { token, body: { policy: p } });
    expectProblem(await policy("disabled", user.accessToken), 403);
    expectProblem(await policy("sometimes"), 400);
    expect((await policy("disabled")).body).toEqual({ policy: "disabled" });
    expectProblem(await post(user, { movieId: movie.id, body: "hello?" }), 403);
    expect((await threads(`/api/movies/${movie.id}/comments`)).body.policy).toBe("disabled");

    await policy("requires_approval");
    const pending = await post(author, { movieId: movie.id, body: "please approve" });
    expect(pending.status).toBe(201);
    expect(pending.body.status).toBe("pending");
    const path = `/api/movies/${movie.id}/comments`;
    expect((await threads(path, user.accessToken)).body.items).toEqual([]);
    expect((await threads(path, author.accessToken)).body.items[0].status).toBe("pending");
    const pendingQueue = await api("GET", "/api/moderation/comments?status=pending", { token: mod.accessToken });
    expect(pendingQueue.body.items.some((i: { id: string }) => i.id === pending.body.id)).toBe(true);
    await api("POST", `/api/comments/${pending.body.id}/restore`, { token: mod.accessToken });
    expect((await threads(path, user.accessToken)).body.items[0]).toMatchObject({ id: pending.body.id, status: "visible" });
  });

  it("keeps comments on private media to those who can see it", async () => {
    const [owner, stranger] = await Promise.all([registerUser(), registerUser()]);
    const media = await seedMedia(owner.id);
    expect((await post(owner, { mediaId: media.id, body: "my clip" })).status).toBe(201);
    expectProblem(await post(stranger, { mediaId: media.id, body: "let me in" }), 404);
    expectProblem(await threads(`/api/media/${media.id}/comments`, stranger.accessToken), 404);
    expectProblem(await threads(`/api/media/${media.id}/comments`), 404);
    expect((await threads(`/api/media/${media.id}/comments`, owner.accessToken)).body.items).toHaveLength(1);
    expect(
      (await api("PUT", `/api/media/${media.id}/comment-policy`, { token: owner.accessToken, body: { policy: "disabled" } }))
        .status,
    ).toBe(200);
    expectProblem(
      await api("PUT", `/api/media/${media.id}/comment-policy`, { token: stranger.accessToken, body: { policy: "enabled" } }),
      404,
    );
    expectProblem(await threads("/api/movies/missing/comments"), 404);
    expectProblem(await threads("/api/movies/x/comments", "not-a-token"), 401);
  });
});

describe("openapi", { timeout: 30_000 }, () => {
  it("documents the engagement routes, including the recursive comment", async () => {
    const doc = await api("GET", "/api/openapi.json");
    expect(doc.status).toBe(200);
    expect(doc.body.paths).toHaveProperty("/comments");
    expect(doc.body.paths).toHaveProperty("/movies/{id}/comments");
    expect(doc.body.components.schemas).toHaveProperty("Comment");
  });
});
