import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, expectProblem, registerUser, signInAdmin } from "../../test/api";
import { clip, corruptMp4, form, upload, uploaded } from "./media.test-helpers";

describe("form uploads", { timeout: 30_000 }, () => {
  it("stores a video with its sniffed type and lists it", async () => {
    const user = await registerUser();
    const bytes = clip.video();
    const res = await upload(user.accessToken, bytes, "holiday.txt", { title: "Holiday" });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      ownerId: user.id,
      filename: "holiday.txt",
      contentType: "video/mp4",
      sizeBytes: bytes.length,
      kind: "video",
      status: "uploaded",
      title: "Holiday",
      createdAt: expect.any(String),
    });
    const stored = await env.MEDIA.get(`media/${res.body.id}/source`);
    expect(stored?.size).toBe(bytes.length);
    expect(stored?.httpMetadata?.contentType).toBe("video/mp4");
    await stored?.body.cancel();
    const list = await api("GET", "/api/media", { token: user.accessToken });
    expect(list.body).toEqual({ items: [res.body], nextCursor: null });
    // The detail also carries the engagement module's likeCount / likedByMe.
    expect((await api("GET", `/api/media/${res.body.id}`, { token: user.accessToken })).body).toMatchObject(res.body);
  });

  it("sniffs audio formats and reads a WAV's duration from its header", async () => {
    const user = await registerUser();
    const mp3 = await uploaded(user.accessToken, clip.audio(), "song.mp4");
    expect(mp3).toMatchObject({ contentType: "audio/mpeg", kind: "audio", title: "song" });
    const wav = await uploaded(user.accessToken, clip.wav(), "tone.wav");
    expect(wav).toMatchObject({ contentType: "audio/wav", kind: "audio", durationSeconds: 1.5 });
    const flac = new Uint8Array(64);
    flac.set(new TextEncoder().encode("fLaC"));
    expect(await uploaded(user.accessToken, flac, "x.flac")).toMatchObject({ contentType: "audio/flac", kind: "audio" });
    const webm = new Uint8Array(64);
    webm.set([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84, ...new TextEncoder().encode("webm")]);
    expect(await uploaded(user.accessToken, webm, "x.webm")).toMatchObject({ contentType: "video/webm", kind: "video" });
  });

  it("refuses what is not audio or video with 415 and stores nothing", async () => {
    const user = await registerUser();
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const res = await api("POST", "/api/media", { token: user.accessToken, raw: form(png, "clip.mp4", {}, "video/mp4") });
    expectProblem(res, 415);
    expectProblem(await upload(user.accessToken, new TextEncoder().encode("<html>not a video at all</html>"), "a.mp3"), 415);
    expectProblem(await upload(user.accessToken, new Uint8Array(0), "empty.mp3"), 415);
    expect((await api("GET", "/api/media", { token: user.accessToken })).body.items).toEqual([]);
    const row = await env.DB.prepare("SELECT count(*) AS n FROM media_items WHERE owner_id = ?")
      .bind(user.id)
      .first<{ n: number }>();
    expect(row?.n).toBe(0);
  });

  it("needs a file field and a multipart body", async () => {
    const user = await registerUser();
    const noFile = new FormData();
    noFile.append("title", "x");
    expect(
      (expectProblem(await api("POST", "/api/media", { token: user.accessToken, raw: noFile }), 400).errors ?? []).map(
        (e) => e.path,
      ),
    ).toContain("file");
    expectProblem(await api("POST", "/api/media", { token: user.accessToken, body: { file: "x" } }), 415);
  });

  it("enforces the upload size limit and the storage quota with 413", async () => {
    const user = await registerUser();
    const big = new Uint8Array(3 * 1024 * 1024 + 1);
    big.set(new TextEncoder().encode("ID3"));
    big[3] = 4;
    const tooBig = expectProblem(await upload(user.accessToken, big, "big.mp3"), 413);
    expect(tooBig.detail).toMatch(/limited/);
    const chunk = big.subarray(0, 2.5 * 1024 * 1024);
    await uploaded(user.accessToken, chunk, "one.mp3");
    const overQuota = expectProblem(await upload(user.accessToken, chunk, "two.mp3"), 413);
    expect(overQuota).toMatchObject({ quotaBytes: 4 * 1024 * 1024, usedBytes: chunk.length });
    expect((await api("GET", "/api/media", { token: user.accessToken })).body.items).toHaveLength(1);
  });

  it("pages through my media newest first", async () => {
    const user = await registerUser();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await uploaded(user.accessToken, clip.wav(), `t${i}.wav`)).id);
    const first = await api("GET", "/api/media?limit=2", { token: user.accessToken });
    expect(first.body.items.map((m: { id: string }) => m.id)).toEqual([ids[2], ids[1]]);
    const second = await api("GET", `/api/media?limit=2&cursor=${first.body.nextCursor}`, { token: user.accessToken });
    expect(second.body).toMatchObject({ items: [{ id: ids[0] }], nextCursor: null });
    expectProblem(await api("GET", "/api/media?cursor=bogus!", { token: user.accessToken }), 400);
    expectProblem(await api("GET", "/api/media?limit=0", { token: user.accessToken }), 400);
  });
});

describe("media items", { timeout: 30_000 }, () => {
  it("changes the title and description, and validates the change", async () => {
    const user = await registerUser();
    const item = await uploaded(user.accessToken, clip.wav(), "a.wav");
    const res = await api("PATCH", `/api/media/${item.id}`, {
      token: user.accessToken,
      body: { title: "  New title ", description: "Notes" },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ title: "New title", description: "Notes" });
    expectProblem(await api("PATCH", `/api/media/${item.id}`, { token: user.accessToken, body: {} }), 400);
    expectProblem(await api("PATCH", `/api/media/${item.id}`, { token: user.accessToken, body: { title: "" } }), 400);
    expectProblem(await api("PATCH", `/api/media/${item.id}`, { token: user.accessToken, body: { ownerId: "x" } }), 400);
  });

  it("deletes the item, every stored object and its jobs", async () => {
    const user = await registerUser();
    const item = await uploaded(user.accessToken, clip.audio(), "a.mp3");
    await env.MEDIA.put(`media/${item.id}/JOB/audio.mp3`, "x");
    await env.DB.prepare(
      "INSERT INTO media_jobs (id, media_id, target, status, progress, outputs, created_at, updated_at) VALUES (?, ?, 'mp3', 'done', 100, '[]', 'now', 'now')",
    )
      .bind(`job-${item.id}`, item.id)
      .run();
    expect((await api("DELETE", `/api/media/${item.id}`, { token: user.accessToken })).status).toBe(204);
    expect((await env.MEDIA.list({ prefix: `media/${item.id}/` })).objects).toEqual([]);
    const jobs = await env.DB.prepare("SELECT count(*) AS n FROM media_jobs WHERE media_id = ?")
      .bind(item.id)
      .first<{ n: number }>();
    expect(jobs?.n).toBe(0);
    expectProblem(await api("GET", `/api/media/${item.id}`, { token: user.accessToken }), 404);
    expectProblem(await api("DELETE", `/api/media/${item.id}`, { token: user.accessToken }), 404);
  });

  it("needs a signed-in caller everywhere", async () => {
    expectProblem(await api("POST", "/api/media", { raw: form(clip.wav(), "a.wav") }), 401);
    for (const [method, path] of [
      ["GET", "/api/media"],
      ["GET", "/api/media/shared-with-me"],
      ["GET", "/api/media/x"],
      ["PATCH", "/api/media/x"],
      ["DELETE", "/api/media/x"],
      ["POST", "/api/media/x/convert"],
      ["GET", "/api/media/x/jobs"],
      ["GET", "/api/jobs/x"],
      ["GET", "/api/media/x/playback"],
      ["POST", "/api/media/x/shares"],
      ["GET", "/api/media/x/shares"],
      ["DELETE", "/api/media/x/shares/y"],
    ])
      expectProblem(await api(method, path, { body: method === "GET" || method === "DELETE" ? undefined : {} }), 401);
  });
});

describe("sharing", { timeout: 30_000 }, () => {
  it("shares read access by username or email, lists it, and revokes it", async () => {
    const owner = await registerUser();
    const friend = await registerUser();
    const item = await uploaded(owner.accessToken, clip.audio(), "song.mp3");
    const friendName = friend.email.split("@")[0];

    expectProblem(await api("GET", `/api/media/${item.id}`, { token: friend.accessToken }), 404);
    const shared = await api("POST", `/api/media/${item.id}/shares`, {
      token: owner.accessToken,
      body: { username: friendName },
    });
    expect(shared.status).toBe(201);
    expect(shared.body).toMatchObject({ mediaId: item.id, userId: friend.id, username: friendName });
    const again = await api("POST", `/api/media/${item.id}/shares`, {
      token: owner.accessToken,
      body: { email: friend.email.toUpperCase() },
    });
    expect(again.status).toBe(200);
    expect((await api("GET", `/api/media/${item.id}/shares`, { token: owner.accessToken })).body.items).toEqual([shared.body]);

    const inbox = await env.DB.prepare("SELECT kind, payload FROM notifications WHERE user_id = ?")
      .bind(friend.id)
      .all<{ kind: string; payload: string }>();
    expect(inbox.results.filter((n) => n.kind === "media_shared")).toHaveLength(1);

    expect((await api("GET", `/api/media/${item.id}`, { token: friend.accessToken })).status).toBe(200);
    const mine = await api("GET", "/api/media/shared-with-me", { token: friend.accessToken });
    expect(mine.body.items.map((m: { id: string }) => m.id)).toEqual([item.id]);
    expect((await api("GET", "/api/media", { token: friend.accessToken })).body.items).toEqual([]);
    const playback = await api("GET", `/api/media/${item.id}/playback`, { token: friend.accessToken });
    expect(playback.status).toBe(200);

    // Read access is not management.
    expectProblem(await api("PATCH", `/api/media/${item.id}`, { token: friend.accessToken, body: { title: "mine now" } }), 403);
    expectProblem(await api("DELETE", `/api/media/${item.id}`, { token: friend.accessToken }), 403);
    expectProblem(
      await api("POST", `/api/media/${item.id}/convert`, { token: friend.accessToken, body: { target: "mp3" } }),
      403,
    );
    expectProblem(
      await api("POST", `/api/media/${item.id}/shares`, { token: friend.accessToken, body: { email: owner.email } }),
      403,
    );

    expect((await api("DELETE", `/api/media/${item.id}/shares/${friend.id}`, { token: owner.accessToken })).status).toBe(204);
    expectProblem(await api("GET", `/api/media/${item.id}`, { token: friend.accessToken }), 404);
    expectProblem(await api("GET", `/api/media/${item.id}/playback`, { token: friend.accessToken }), 404);
    expect((await api("GET", "/api/media/shared-with-me", { token: friend.accessToken })).body.items).toEqual([]);
    expectProblem(await api("DELETE", `/api/media/${item.id}/shares/${friend.id}`, { token: owner.accessToken }), 404);
  });

  it("lets a recipient drop a share from their own list", async () => {
    const owner = await registerUser();
    const friend = await registerUser();
    const item = await uploaded(owner.accessToken, clip.wav(), "a.wav");
    await api("POST", `/api/media/${item.id}/shares`, { token: owner.accessToken, body: { email: friend.email } });
    expect((await api("DELETE", `/api/media/${item.id}/shares/${friend.id}`, { token: friend.accessToken })).status).toBe(204);
    expectProblem(await api("GET", `/api/media/${item.id}`, { token: friend.accessToken }), 404);
  });

  it("validates the recipient", async () => {
    const owner = await registerUser();
    const item = await uploaded(owner.accessToken, clip.wav(), "a.wav");
    const path = `/api/media/${item.id}/shares`;
    expectProblem(await api("POST", path, { token: owner.accessToken, body: {} }), 400);
    expectProblem(await api("POST", path, { token: owner.accessToken, body: { email: "a@b.co", username: "abc" } }), 400);
    expectProblem(await api("POST", path, { token: owner.accessToken, body: { email: "not-an-email" } }), 400);
    expectProblem(await api("POST", path, { token: owner.accessToken, body: { email: "nobody-here@example.com" } }), 404);
    expectProblem(await api("POST", path, { token: owner.accessToken, body: { email: owner.email } }), 422);
  });

  it("hides other people's media everywhere, except from admins", async () => {
    const owner = await registerUser();
    const stranger = await registerUser();
    const item = await uploaded(owner.accessToken, clip.video(), "v.mp4");
    const token = stranger.accessToken;
    expectProblem(await api("GET", `/api/media/${item.id}`, { token }), 404);
    expectProblem(await api("PATCH", `/api/media/${item.id}`, { token, body: { title: "x" } }), 404);
    expectProblem(await api("DELETE", `/api/media/${item.id}`, { token }), 404);
    expectProblem(await api("POST", `/api/media/${item.id}/convert`, { token, body: { target: "mp3" } }), 404);
    expectProblem(await api("GET", `/api/media/${item.id}/jobs`, { token }), 404);
    expectProblem(await api("GET", `/api/media/${item.id}/playback`, { token }), 404);
    expectProblem(await api("POST", `/api/media/${item.id}/shares`, { token, body: { email: stranger.email } }), 404);
    expectProblem(await api("GET", `/api/media/${item.id}/shares`, { token }), 404);
    expectProblem(await api("DELETE", `/api/media/${item.id}/shares/${owner.id}`, { token }), 404);
    const admin = await signInAdmin();
    expect((await api("GET", `/api/media/${item.id}`, { token: admin.accessToken })).status).toBe(200);
    expect((await api("GET", `/api/media/${item.id}/playback`, { token: admin.accessToken })).status).toBe(200);
  });

  it("refuses MP4 and HLS from audio with 422 and validates the target", async () => {
    const user = await registerUser();
    const item = await uploaded(user.accessToken, clip.audio(), "a.mp3");
    for (const target of ["mp4", "hls"])
      expectProblem(await api("POST", `/api/media/${item.id}/convert`, { token: user.accessToken, body: { target } }), 422);
    expectProblem(await api("POST", `/api/media/${item.id}/convert`, { token: user.accessToken, body: { target: "avi" } }), 400);
    const corrupt = await uploaded(user.accessToken, corruptMp4(), "broken.mp4");
    expect(corrupt.kind).toBe("video");
  });

  it("is in the served OpenAPI document", async () => {
    const doc = await api("GET", "/api/openapi.json");
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        "/media",
        "/media/{id}",
        "/media/{id}/convert",
        "/jobs/{id}",
        "/media/{id}/playback",
        "/media/{id}/shares",
        "/media/shared-with-me",
      ]),
    );
    expect(doc.body.paths["/media"].post.requestBody.content["multipart/form-data"]).toBeDefined();
  });
});
