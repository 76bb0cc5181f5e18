import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser, type TestUser } from "../../test/api";
import { checkedFetch, client, expectJson, expectProblemOf } from "../../test/client";
import type { CommentOut } from "./comments.schemas";
import { seedMedia, seedMovie, seedSeries, userWithRole } from "./test-fixtures";

type NewComment = Parameters<ReturnType<typeof client>["comments"]["$post"]>[0]["json"];
const post = (user: TestUser, json: NewComment) => client(user.accessToken).comments.$post({ json });
const posted = async (user: TestUser, json: NewComment) => expectJson(await post(user, json), 201);
const comment = (token?: string) => client(token).comments[":id"];
// hc's JSON typing flattens the recursive `replies` to a JSON value; CommentOut is the schema's own type.
const repliesOf = (c: { replies: unknown }) => c.replies as CommentOut[];
type ThreadQuery = { sort?: "top" | "new"; limit?: string; cursor?: string };
const movieThreads = (id: string, query: ThreadQuery = {}, token?: string) =>
  client(token).movies[":id"].comments.$get({ param: { id }, query });
const episodeThreads = (id: string, token?: string) => client(token).episodes[":id"].comments.$get({ param: { id }, query: {} });
const mediaThreads = (id: string, token?: string) => client(token).media[":id"].comments.$get({ param: { id }, query: {} });
const queue = (token: string, status?: "pending" | "hidden" | "reported") =>
  client(token).moderation.comments.$get({ query: status ? { status } : {} });

describe("comments", { timeout: 30_000 }, () => {
  it("threads replies several levels deep, escapes HTML and tells the parent's author", async () => {
    const movie = await seedMovie();
    const [alice, bob] = await Promise.all([registerUser(), registerUser()]);
    const root = await posted(alice, { movieId: movie.id, body: "  <script>alert(1)</script> great  " });
    expect(root).toMatchObject({
      depth: 0,
      parentId: null,
      body: "&lt;script&gt;alert(1)&lt;/script&gt; great",
      status: "visible",
      likeCount: 0,
    });
    let parent = root.id;
    for (let depth = 1; depth <= 5; depth++) {
      const reply = await posted(depth % 2 ? bob : alice, { movieId: movie.id, parentId: parent, body: `level ${depth}` });
      expect(reply.depth).toBe(Math.min(depth, 4));
      parent = reply.id;
    }
    const list = await expectJson(await movieThreads(movie.id), 200);
    expect(list.policy).toBe("enabled");
    const thread = list.items[0];
    const [level1] = repliesOf(thread);
    expect(level1.body).toBe("level 1");
    expect(level1.replies[0].replies[0].body).toBe("level 3");
    const deepest = level1.replies[0].replies[0].replies[0];
    expect(deepest.replies.map((r) => r.body)).toEqual([]);
    expect(level1.replies[0].replies[0].replies.map((r) => r.body)).toEqual(["level 4", "level 5"]);

    const inbox = await expectJson(await client(alice.accessToken).notifications.$get({ query: {} }), 200);
    expect(inbox.items.some((n) => n.kind === "comment_reply")).toBe(true);

    const one = await expectJson(await comment().$get({ param: { id: level1.id } }), 200);
    expect(repliesOf(one)[0].body).toBe("level 2");
  });

  it("sorts by top or new, with cursors", async () => {
    const movie = await seedMovie();
    const [a, b] = await Promise.all([registerUser(), registerUser()]);
    const first = await posted(a, { movieId: movie.id, body: "first" });
    const second = await posted(a, { movieId: movie.id, body: "second" });
    await comment(b.accessToken).like.$post({ param: { id: first.id } });
    const top = await expectJson(await movieThreads(movie.id, { sort: "top" }, b.accessToken), 200);
    expect(top.items.map((c) => c.body)).toEqual(["first", "second"]);
    expect(top.items[0]).toMatchObject({ likeCount: 1, likedByMe: true });
    const newest = await expectJson(await movieThreads(movie.id, { sort: "new", limit: "1" }), 200);
    expect(newest.items.map((c) => c.id)).toEqual([second.id]);
    const cursor = String(newest.nextCursor);
    const more = await expectJson(await movieThreads(movie.id, { sort: "new", limit: "1", cursor }), 200);
    expect(more.items.map((c) => c.id)).toEqual([first.id]);
    expect(more.nextCursor).toBeNull();
    await expectProblemOf(await movieThreads(movie.id, { sort: "top", cursor }), 400);
  });

  it("edits within 15 minutes and deletes softly, keeping the thread", async () => {
    const movie = await seedMovie();
    const [author, other] = await Promise.all([registerUser(), registerUser()]);
    const root = await posted(author, { movieId: movie.id, body: "typo" });
    const reply = await posted(other, { movieId: movie.id, parentId: root.id, body: "reply" });
    const param = { id: root.id };
    const edited = await expectJson(await comment(author.accessToken).$patch({ param, json: { body: "fixed" } }), 200);
    expect(edited).toMatchObject({ body: "fixed", editedAt: expect.any(String) });
    await expectProblemOf(await comment(other.accessToken).$patch({ param, json: { body: "mine now" } }), 404);
    await env.DB.prepare("UPDATE comments SET created_at = ? WHERE id = ?")
      .bind(new Date(Date.now() - 16 * 60_000).toISOString(), root.id)
      .run();
    await expectProblemOf(await comment(author.accessToken).$patch({ param, json: { body: "late" } }), 409);

    await expectProblemOf(await comment(other.accessToken).$delete({ param }), 404);
    expect((await comment(author.accessToken).$delete({ param })).status).toBe(204);
    const list = await expectJson(await movieThreads(movie.id), 200);
    expect(list.items[0]).toMatchObject({ id: root.id, body: "[deleted]", author: null, status: "deleted" });
    expect(repliesOf(list.items[0])[0].id).toBe(reply.id);
    await expectProblemOf(await post(other, { movieId: movie.id, parentId: root.id, body: "too late" }), 409);
  });

  it("validates bodies and targets", async () => {
    const movie = await seedMovie();
    const other = await seedMovie();
    const user = await registerUser();
    await expectProblemOf(await post(user, { movieId: movie.id, body: "   " }), 400);
    await expectProblemOf(await post(user, { movieId: movie.id, body: "x".repeat(5001) }), 400);
    expect((await post(user, { movieId: movie.id, body: "x".repeat(5000) })).status).toBe(201);
    await expectProblemOf(await post(user, { body: "no target" }), 400);
    await expectProblemOf(await post(user, { movieId: movie.id, seriesId: "s", body: "two targets" }), 400);
    await expectProblemOf(await post(user, { movieId: "missing", body: "hi" }), 404);
    const root = await posted(user, { movieId: movie.id, body: "root" });
    await expectProblemOf(await post(user, { movieId: other.id, parentId: root.id, body: "wrong title" }), 404);
    // @ts-expect-error a comment without a body, on purpose
    await expectProblemOf(await post(user, { movieId: movie.id }), 400);
    await expectProblemOf(await client().comments.$post({ json: { movieId: movie.id, body: "anon" } }), 401);
  });

  it("lets moderators hide, restore and remove; hidden comments vanish for readers only", async () => {
    const show = await seedSeries();
    const [author, reader, reporter] = await Promise.all([registerUser(), registerUser(), registerUser()]);
    const mod = await userWithRole("moderator");
    const c = await posted(author, { episodeId: show.episodeId, body: "spoiler!" });
    const param = { id: c.id };
    const report = (token: string) => comment(token).report;

    expect((await report(reporter.accessToken).$post({ param, json: { reason: "spoiler" } })).status).toBe(201);
    expect((await report(reporter.accessToken).$post({ param, json: {} })).status).toBe(200);
    // @ts-expect-error no body at all (the body is optional in the route, not in the client's types), on purpose
    await expectProblemOf(await report(author.accessToken).$post({ param }), 422);
    const reported = await expectJson(await queue(mod.accessToken, "reported"), 200);
    expect(reported.items.find((i) => i.id === c.id)).toMatchObject({ reportCount: 1 });
    await expectProblemOf(await queue(reader.accessToken), 403);

    await expectProblemOf(await comment(reader.accessToken).hide.$post({ param }), 403);
    await expectProblemOf(await comment().hide.$post({ param }), 401);
    await expectProblemOf(await comment(mod.accessToken).hide.$post({ param: { id: "missing" } }), 404);
    const hidden = await expectJson(await comment(mod.accessToken).hide.$post({ param }), 200);
    expect(hidden.status).toBe("hidden");
    const threads = async (token?: string) => expectJson(await episodeThreads(show.episodeId, token), 200);
    expect((await threads(reader.accessToken)).items).toEqual([]);
    expect((await threads()).items).toEqual([]);
    expect((await threads(mod.accessToken)).items[0]).toMatchObject({
      id: c.id,
      status: "hidden",
      body: "spoiler!",
    });
    await expectProblemOf(await comment(reader.accessToken).$get({ param }), 404);
    await expectProblemOf(await comment(reader.accessToken).like.$post({ param }), 404);

    const restored = await comment(mod.accessToken).restore.$post({ param });
    expect((await expectJson(restored, 200)).status).toBe("visible");
    expect((await threads(reader.accessToken)).items).toHaveLength(1);
    const removed = await expectJson(await comment(mod.accessToken).remove.$post({ param }), 200);
    expect(removed).toMatchObject({ status: "removed", body: "[removed]", author: null });
    await expectProblemOf(await comment(mod.accessToken).restore.$post({ param }), 409);
    expect((await threads(reader.accessToken)).items[0]).toMatchObject({ body: "[removed]" });
  });

  it("follows each title's policy", async () => {
    const movie = await seedMovie();
    const [user, author] = await Promise.all([registerUser(), registerUser()]);
    const mod = await userWithRole("moderator");
    const policy = (policy: "enabled" | "disabled" | "requires_approval", token = mod.accessToken) =>
      client(token).movies[":id"]["comment-policy"].$put({ param: { id: movie.id }, json: { policy } });
    await expectProblemOf(await policy("disabled", user.accessToken), 403);
    // @ts-expect-error an unknown policy, on purpose
    await expectProblemOf(await policy("sometimes"), 400);
    expect(await expectJson(await policy("disabled"), 200)).toEqual({ policy: "disabled" });
    await expectProblemOf(await post(user, { movieId: movie.id, body: "hello?" }), 403);
    expect((await expectJson(await movieThreads(movie.id), 200)).policy).toBe("disabled");

    await policy("requires_approval");
    const pending = await posted(author, { movieId: movie.id, body: "please approve" });
    expect(pending.status).toBe("pending");
    const threads = async (token: string) => expectJson(await movieThreads(movie.id, {}, token), 200);
    expect((await threads(user.accessToken)).items).toEqual([]);
    expect((await threads(author.accessToken)).items[0].status).toBe("pending");
    const pendingQueue = await expectJson(await queue(mod.accessToken, "pending"), 200);
    expect(pendingQueue.items.some((i) => i.id === pending.id)).toBe(true);
    await comment(mod.accessToken).restore.$post({ param: { id: pending.id } });
    expect((await threads(user.accessToken)).items[0]).toMatchObject({ id: pending.id, status: "visible" });
  });

  it("keeps comments on private media to those who can see it", async () => {
    const [owner, stranger] = await Promise.all([registerUser(), registerUser()]);
    const media = await seedMedia(owner.id);
    expect((await post(owner, { mediaId: media.id, body: "my clip" })).status).toBe(201);
    await expectProblemOf(await post(stranger, { mediaId: media.id, body: "let me in" }), 404);
    await expectProblemOf(await mediaThreads(media.id, stranger.accessToken), 404);
    await expectProblemOf(await mediaThreads(media.id), 404);
    expect((await expectJson(await mediaThreads(media.id, owner.accessToken), 200)).items).toHaveLength(1);
    const policy = (token: string, policy: "enabled" | "disabled") =>
      client(token).media[":id"]["comment-policy"].$put({ param: { id: media.id }, json: { policy } });
    expect((await policy(owner.accessToken, "disabled")).status).toBe(200);
    await expectProblemOf(await policy(stranger.accessToken, "enabled"), 404);
    await expectProblemOf(await movieThreads("missing"), 404);
    await expectProblemOf(await movieThreads("x", {}, "not-a-token"), 401);
  });
});

describe("openapi", { timeout: 30_000 }, () => {
  it("documents the engagement routes, including the recursive comment", async () => {
    // /openapi.json is not a typed route (it is not part of AppType), so it is fetched by path.
    const res = await checkedFetch("https://marquee.test/api/openapi.json");
    expect(res.status).toBe(200);
    const doc: { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } } = await res.json();
    expect(doc.paths).toHaveProperty("/comments");
    expect(doc.paths).toHaveProperty("/movies/{id}/comments");
    expect(doc.components.schemas).toHaveProperty("Comment");
  });
});
