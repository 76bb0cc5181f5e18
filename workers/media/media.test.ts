import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser, signInAdmin } from "../../test/api";
import { checkedFetch, client, expectJson, expectProblemOf } from "../../test/client";
import {
  clip,
  corruptMp4,
  file,
  htmlWithFtyp,
  silentWav,
  truncatedWav,
  unverifiedMedia,
  upload,
  uploaded,
} from "./media.test-helpers";

const media = (token?: string) => client(token).media;

describe("form uploads", { timeout: 30_000 }, () => {
  it("stores a video with what ffprobe read and lists it", async () => {
    const user = await registerUser();
    const bytes = clip.video();
    const item = await expectJson(await upload(user.accessToken, bytes, "holiday.txt", { title: "Holiday" }), 201);
    expect(item).toMatchObject({
      id: expect.any(String),
      ownerId: user.id,
      filename: "holiday.txt",
      contentType: "video/mp4",
      sizeBytes: bytes.length,
      kind: "video",
      status: "ready",
      container: expect.stringContaining("mp4"),
      codecs: ["h264", "aac"],
      width: 854,
      height: 480,
      title: "Holiday",
      createdAt: expect.any(String),
    });
    expect(item.durationSeconds).toBeCloseTo(3, 0);
    const stored = await env.MEDIA.get(`media/${item.id}/source`);
    expect(stored?.size).toBe(bytes.length);
    expect(stored?.httpMetadata?.contentType).toBe("video/mp4");
    await stored?.body.cancel();
    const list = await expectJson(await media(user.accessToken).$get({ query: {} }), 200);
    expect(list).toEqual({ items: [item], nextCursor: null });
    // The detail also carries the engagement module's likeCount / likedByMe.
    const detail = await media(user.accessToken)[":id"].$get({ param: { id: item.id } });
    expect(await expectJson(detail, 200)).toMatchObject(item);
  });

  it("takes audio types and durations from ffprobe, never from a header's claim", async () => {
    const user = await registerUser();
    const mp3 = await uploaded(user.accessToken, clip.audio(), "song.mp4");
    expect(mp3).toMatchObject({ contentType: "audio/mpeg", kind: "audio", title: "song", status: "ready", codecs: ["mp3"] });
    expect(mp3.durationSeconds).toBeCloseTo(2, 0);
    const wav = await uploaded(user.accessToken, clip.wav(), "tone.wav");
    expect(wav).toMatchObject({ contentType: "audio/wav", kind: "audio", durationSeconds: 1.5, codecs: ["pcm_s16le"] });
    // 16 KB of a real WAV whose header claims 16,000 s: the duration is what the bytes hold.
    const cut = await uploaded(user.accessToken, truncatedWav(), "long.wav");
    expect(cut).toMatchObject({ contentType: "audio/wav", kind: "audio", status: "ready" });
    expect(cut.durationSeconds).toBeGreaterThan(0.9);
    expect(cut.durationSeconds).toBeLessThan(1.1);
  });

  it("refuses with 422 a file whose header looks like media but ffprobe cannot read, and keeps nothing", async () => {
    const user = await registerUser();
    const storedSources = async () => (await env.MEDIA.list({ prefix: "media/" })).objects.map((o) => o.key).sort();
    const before = await storedSources();
    const flac = new Uint8Array(64);
    flac.set(new TextEncoder().encode("fLaC"));
    const webm = new Uint8Array(64);
    webm.set([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84, ...new TextEncoder().encode("webm")]);
    for (const [bytes, name] of [
      [htmlWithFtyp(), "page.mp4"],
      [corruptMp4(), "broken.mp4"],
      [flac, "x.flac"],
      [webm, "x.webm"],
    ] as const) {
      const problem = await expectProblemOf(await upload(user.accessToken, bytes, name), 422);
      expect(problem.detail).toMatch(/could not be read as audio or video/);
      // ffprobe's reason names no path on the transcoder's machine.
      expect(problem.detail).not.toMatch(/\/tmp|input:/);
    }
    expect((await expectJson(await media(user.accessToken).$get({ query: {} }), 200)).items).toEqual([]);
    const rows = await env.DB.prepare("SELECT id FROM media_items WHERE owner_id = ?").bind(user.id).all();
    expect(rows.results).toEqual([]);
    // Nothing is stored either: the refused files' objects are gone.
    expect(await storedSources()).toEqual(before);
  });

  it("reads an item stored unverified when it is first played: rejected, its file removed", async () => {
    const user = await registerUser();
    const id = await unverifiedMedia(user.id, htmlWithFtyp());
    const item = media(user.accessToken)[":id"];
    expect(await expectJson(await item.$get({ param: { id } }), 200)).toMatchObject({ status: "uploaded", kind: "video" });
    const refused = await expectProblemOf(await item.playback.$get({ param: { id }, query: {} }), 422);
    expect(refused.detail).toMatch(/could not be read as audio or video/);
    expect(await expectJson(await item.$get({ param: { id } }), 200)).toMatchObject({
      status: "rejected",
      statusReason: expect.stringMatching(/could not be read as audio or video/),
    });
    expect(await env.MEDIA.head(`media/${id}/source`)).toBeNull();
    await expectProblemOf(await item.convert.$post({ param: { id }, json: { target: "mp4" } }), 422);
    // A real file stored unverified becomes ready (with ffprobe's facts) the same way.
    const real = await unverifiedMedia(user.id, clip.audio(), "audio/mpeg", "audio");
    expect((await item.playback.$get({ param: { id: real }, query: {} })).status).toBe(200);
    expect(await expectJson(await item.$get({ param: { id: real } }), 200)).toMatchObject({ status: "ready", codecs: ["mp3"] });
  });

  it("refuses what is not audio or video with 415 and stores nothing", async () => {
    const user = await registerUser();
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const res = await media(user.accessToken).$post({ form: { file: file(png, "clip.mp4", "video/mp4") } });
    await expectProblemOf(res, 415);
    const html = new TextEncoder().encode("<html>not a video at all</html>");
    await expectProblemOf(await upload(user.accessToken, html, "a.mp3"), 415);
    await expectProblemOf(await upload(user.accessToken, new Uint8Array(0), "empty.mp3"), 415);
    expect((await expectJson(await media(user.accessToken).$get({ query: {} }), 200)).items).toEqual([]);
    const row = await env.DB.prepare("SELECT count(*) AS n FROM media_items WHERE owner_id = ?")
      .bind(user.id)
      .first<{ n: number }>();
    expect(row?.n).toBe(0);
  });

  it("needs a file field and a multipart body", async () => {
    const user = await registerUser();
    const as = media(user.accessToken);
    // @ts-expect-error the file is missing on purpose
    const noFile = await as.$post({ form: { title: "x" } });
    expect(((await expectProblemOf(noFile, 400)).errors ?? []).map((e) => e.path)).toContain("file");
    // @ts-expect-error a JSON body instead of a multipart form, on purpose
    await expectProblemOf(await as.$post({ json: { file: "x" } }), 415);
  });

  it("enforces the upload size limit and the storage quota with 413", async () => {
    const user = await registerUser();
    const big = new Uint8Array(3 * 1024 * 1024 + 1);
    big.set(new TextEncoder().encode("ID3"));
    big[3] = 4;
    const tooBig = await expectProblemOf(await upload(user.accessToken, big, "big.mp3"), 413);
    expect(tooBig.detail).toMatch(/limited/);
    const chunk = silentWav(2.5 * 1024 * 1024);
    await uploaded(user.accessToken, chunk, "one.mp3");
    const overQuota = await expectProblemOf(await upload(user.accessToken, chunk, "two.mp3"), 413);
    expect(overQuota).toMatchObject({ quotaBytes: 4 * 1024 * 1024, usedBytes: chunk.length });
    expect((await expectJson(await media(user.accessToken).$get({ query: {} }), 200)).items).toHaveLength(1);
  });

  it("pages through my media newest first", async () => {
    const user = await registerUser();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await uploaded(user.accessToken, clip.wav(), `t${i}.wav`)).id);
    const mine = media(user.accessToken);
    const first = await expectJson(await mine.$get({ query: { limit: "2" } }), 200);
    expect(first.items.map((m) => m.id)).toEqual([ids[2], ids[1]]);
    const second = await expectJson(await mine.$get({ query: { limit: "2", cursor: String(first.nextCursor) } }), 200);
    expect(second).toMatchObject({ items: [{ id: ids[0] }], nextCursor: null });
    await expectProblemOf(await mine.$get({ query: { cursor: "bogus!" } }), 400);
    await expectProblemOf(await mine.$get({ query: { limit: "0" } }), 400);
  });
});

describe("media items", { timeout: 30_000 }, () => {
  it("changes the title and description, and validates the change", async () => {
    const user = await registerUser();
    const item = await uploaded(user.accessToken, clip.wav(), "a.wav");
    const one = media(user.accessToken)[":id"];
    const param = { id: item.id };
    const changed = await expectJson(await one.$patch({ param, json: { title: "  New title ", description: "Notes" } }), 200);
    expect(changed).toMatchObject({ title: "New title", description: "Notes" });
    await expectProblemOf(await one.$patch({ param, json: {} }), 400);
    await expectProblemOf(await one.$patch({ param, json: { title: "" } }), 400);
    // @ts-expect-error not a field that can be changed, on purpose
    await expectProblemOf(await one.$patch({ param, json: { ownerId: "x" } }), 400);
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
    const one = media(user.accessToken)[":id"];
    const param = { id: item.id };
    expect((await one.$delete({ param })).status).toBe(204);
    expect((await env.MEDIA.list({ prefix: `media/${item.id}/` })).objects).toEqual([]);
    const jobs = await env.DB.prepare("SELECT count(*) AS n FROM media_jobs WHERE media_id = ?")
      .bind(item.id)
      .first<{ n: number }>();
    expect(jobs?.n).toBe(0);
    await expectProblemOf(await one.$get({ param }), 404);
    await expectProblemOf(await one.$delete({ param }), 404);
  });

  it("needs a signed-in caller everywhere", async () => {
    const anon = client();
    const param = { id: "x" };
    const calls = [
      () => anon.media.$post({ form: { file: file(clip.wav(), "a.wav") } }),
      () => anon.media.$get({ query: {} }),
      () => anon.media["shared-with-me"].$get({ query: {} }),
      () => anon.media[":id"].$get({ param }),
      () => anon.media[":id"].$patch({ param, json: {} }),
      () => anon.media[":id"].$delete({ param }),
      () => anon.media[":id"].convert.$post({ param, json: { target: "mp3" } }),
      () => anon.media[":id"].jobs.$get({ param }),
      () => anon.jobs[":id"].$get({ param }),
      () => anon.media[":id"].playback.$get({ param, query: {} }),
      () => anon.media[":id"].shares.$post({ param, json: {} }),
      () => anon.media[":id"].shares.$get({ param }),
      () => anon.media[":id"].shares[":userId"].$delete({ param: { id: "x", userId: "y" } }),
    ];
    for (const call of calls) await expectProblemOf(await call(), 401);
  });
});

describe("sharing", { timeout: 30_000 }, () => {
  it("shares read access by username or email, lists it, and revokes it", async () => {
    const owner = await registerUser();
    const friend = await registerUser();
    const item = await uploaded(owner.accessToken, clip.audio(), "song.mp3");
    const friendName = friend.email.split("@")[0];
    const asOwner = media(owner.accessToken);
    const asFriend = media(friend.accessToken);
    const param = { id: item.id };

    await expectProblemOf(await asFriend[":id"].$get({ param }), 404);
    const shared = await expectJson(await asOwner[":id"].shares.$post({ param, json: { username: friendName } }), 201);
    expect(shared).toMatchObject({ mediaId: item.id, userId: friend.id, username: friendName });
    const again = await asOwner[":id"].shares.$post({ param, json: { email: friend.email.toUpperCase() } });
    expect(again.status).toBe(200);
    expect((await expectJson(await asOwner[":id"].shares.$get({ param }), 200)).items).toEqual([shared]);

    const inbox = await env.DB.prepare("SELECT kind, payload FROM notifications WHERE user_id = ?")
      .bind(friend.id)
      .all<{ kind: string; payload: string }>();
    expect(inbox.results.filter((n) => n.kind === "media_shared")).toHaveLength(1);

    expect((await asFriend[":id"].$get({ param })).status).toBe(200);
    const mine = await expectJson(await asFriend["shared-with-me"].$get({ query: {} }), 200);
    expect(mine.items.map((m) => m.id)).toEqual([item.id]);
    expect((await expectJson(await asFriend.$get({ query: {} }), 200)).items).toEqual([]);
    const playback = await asFriend[":id"].playback.$get({ param, query: {} });
    expect(playback.status).toBe(200);

    // Read access is not management.
    await expectProblemOf(await asFriend[":id"].$patch({ param, json: { title: "mine now" } }), 403);
    await expectProblemOf(await asFriend[":id"].$delete({ param }), 403);
    await expectProblemOf(await asFriend[":id"].convert.$post({ param, json: { target: "mp3" } }), 403);
    await expectProblemOf(await asFriend[":id"].shares.$post({ param, json: { email: owner.email } }), 403);

    const share = { param: { id: item.id, userId: friend.id } };
    expect((await asOwner[":id"].shares[":userId"].$delete(share)).status).toBe(204);
    await expectProblemOf(await asFriend[":id"].$get({ param }), 404);
    await expectProblemOf(await asFriend[":id"].playback.$get({ param, query: {} }), 404);
    expect((await expectJson(await asFriend["shared-with-me"].$get({ query: {} }), 200)).items).toEqual([]);
    await expectProblemOf(await asOwner[":id"].shares[":userId"].$delete(share), 404);
  });

  it("lets a recipient drop a share from their own list", async () => {
    const owner = await registerUser();
    const friend = await registerUser();
    const item = await uploaded(owner.accessToken, clip.wav(), "a.wav");
    const param = { id: item.id };
    await media(owner.accessToken)[":id"].shares.$post({ param, json: { email: friend.email } });
    const asFriend = media(friend.accessToken)[":id"];
    expect((await asFriend.shares[":userId"].$delete({ param: { id: item.id, userId: friend.id } })).status).toBe(204);
    await expectProblemOf(await asFriend.$get({ param }), 404);
  });

  it("validates the recipient", async () => {
    const owner = await registerUser();
    const item = await uploaded(owner.accessToken, clip.wav(), "a.wav");
    const shares = media(owner.accessToken)[":id"].shares;
    const param = { id: item.id };
    await expectProblemOf(await shares.$post({ param, json: {} }), 400);
    await expectProblemOf(await shares.$post({ param, json: { email: "a@b.co", username: "abc" } }), 400);
    await expectProblemOf(await shares.$post({ param, json: { email: "not-an-email" } }), 400);
    await expectProblemOf(await shares.$post({ param, json: { email: "nobody-here@example.com" } }), 404);
    await expectProblemOf(await shares.$post({ param, json: { email: owner.email } }), 422);
  });

  it("hides other people's media everywhere, except from admins", async () => {
    const owner = await registerUser();
    const stranger = await registerUser();
    const item = await uploaded(owner.accessToken, clip.video(), "v.mp4");
    const one = media(stranger.accessToken)[":id"];
    const param = { id: item.id };
    await expectProblemOf(await one.$get({ param }), 404);
    await expectProblemOf(await one.$patch({ param, json: { title: "x" } }), 404);
    await expectProblemOf(await one.$delete({ param }), 404);
    await expectProblemOf(await one.convert.$post({ param, json: { target: "mp3" } }), 404);
    await expectProblemOf(await one.jobs.$get({ param }), 404);
    await expectProblemOf(await one.playback.$get({ param, query: {} }), 404);
    await expectProblemOf(await one.shares.$post({ param, json: { email: stranger.email } }), 404);
    await expectProblemOf(await one.shares.$get({ param }), 404);
    await expectProblemOf(await one.shares[":userId"].$delete({ param: { id: item.id, userId: owner.id } }), 404);
    const admin = media((await signInAdmin()).accessToken)[":id"];
    expect((await admin.$get({ param })).status).toBe(200);
    expect((await admin.playback.$get({ param, query: {} })).status).toBe(200);
  });

  it("refuses MP4 and HLS from audio with 422 and validates the target", async () => {
    const user = await registerUser();
    const item = await uploaded(user.accessToken, clip.audio(), "a.mp3");
    const convert = media(user.accessToken)[":id"].convert;
    const param = { id: item.id };
    for (const target of ["mp4", "hls"] as const) await expectProblemOf(await convert.$post({ param, json: { target } }), 422);
    // @ts-expect-error not a conversion target, on purpose
    await expectProblemOf(await convert.$post({ param, json: { target: "avi" } }), 400);
    // The kind is ffprobe's: an MP3 named .mp4 is audio, so it converts to MP3 only.
    const named = await uploaded(user.accessToken, clip.audio(), "video.mp4");
    expect(named.kind).toBe("audio");
  });

  it("is in the served OpenAPI document", async () => {
    // /openapi.json is not a typed route (it is not part of AppType), so it is fetched by path.
    const res = await checkedFetch("https://marquee.test/api/openapi.json");
    expect(res.status).toBe(200);
    const doc: { paths: Record<string, { post?: { requestBody: { content: Record<string, unknown> } } }> } = await res.json();
    expect(Object.keys(doc.paths)).toEqual(
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
    expect(doc.paths["/media"].post?.requestBody.content["multipart/form-data"]).toBeDefined();
  });
});
