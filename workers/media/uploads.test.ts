import { env, runDurableObjectAlarm, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";
import { clip, htmlWithFtyp, truncatedWav } from "./media.test-helpers";

const b64 = (text: string) => btoa(text);

// The tus protocol itself (HEAD, PATCH with raw bytes, its status codes and headers) stays on SELF.fetch:
// the typed client has no HEAD and no input for a binary body.
function tus(method: string, path: string, token: string | undefined, headers: Record<string, string> = {}, body?: Uint8Array) {
  const all: Record<string, string> = { "tus-resumable": "1.0.0", ...headers };
  if (token) all.authorization = `Bearer ${token}`;
  return SELF.fetch(`https://marquee.test${path}`, { method, headers: all, body });
}

async function create(token: string, length: number, metadata = `filename ${b64("clip.mp4")},title ${b64("My clip")}`) {
  const res = await tus("POST", "/api/uploads", token, { "upload-length": String(length), "upload-metadata": metadata });
  expect(res.status, await res.clone().text()).toBe(201);
  expect(res.headers.get("tus-resumable")).toBe("1.0.0");
  expect(res.headers.get("upload-expires")).toBeTruthy();
  return new URL(res.headers.get("location") ?? "").pathname;
}

const patch = (path: string, token: string, offset: number, bytes: Uint8Array) =>
  tus("PATCH", path, token, { "upload-offset": String(offset), "content-type": "application/offset+octet-stream" }, bytes);

describe("tus uploads", { timeout: 30_000 }, () => {
  it("creates, resumes after HEAD and completes into a media item", { timeout: 30_000 }, async () => {
    const user = await registerUser();
    const bytes = clip.video();
    const path = await create(user.accessToken, bytes.length);
    expect(path).toMatch(/^\/api\/uploads\/[0-9A-Z]{26}$/);

    const head0 = await tus("HEAD", path, user.accessToken);
    expect(head0.status).toBe(200);
    expect(head0.headers.get("upload-offset")).toBe("0");
    expect(head0.headers.get("upload-length")).toBe(String(bytes.length));
    expect(head0.headers.get("cache-control")).toBe("no-store");

    const cut = Math.floor(bytes.length / 3);
    const first = await patch(path, user.accessToken, 0, bytes.subarray(0, cut));
    expect(first.status).toBe(204);
    expect(first.headers.get("upload-offset")).toBe(String(cut));

    // A retried PATCH at a stale offset is refused with the real offset.
    const stale = await patch(path, user.accessToken, 0, bytes.subarray(0, cut));
    expect(stale.status).toBe(409);
    expect(stale.headers.get("upload-offset")).toBe(String(cut));

    const head = await tus("HEAD", path, user.accessToken);
    const offset = Number(head.headers.get("upload-offset"));
    expect(offset).toBe(cut);
    const second = await patch(path, user.accessToken, offset, bytes.subarray(offset, 2 * cut));
    expect(second.headers.get("upload-offset")).toBe(String(2 * cut));
    const last = await patch(path, user.accessToken, 2 * cut, bytes.subarray(2 * cut));
    expect(last.status).toBe(204);
    expect(last.headers.get("upload-offset")).toBe(String(bytes.length));
    const mediaId = last.headers.get("media-id");
    expect(mediaId).toBeTruthy();

    const media = await client(user.accessToken).media[":id"].$get({ param: { id: String(mediaId) } });
    expect(await expectJson(media, 200)).toMatchObject({
      id: mediaId,
      filename: "clip.mp4",
      title: "My clip",
      kind: "video",
      contentType: "video/mp4",
      sizeBytes: bytes.length,
    });
    const stored = await env.MEDIA.get(`media/${mediaId}/source`);
    expect(new Uint8Array(await (stored as R2ObjectBody).arrayBuffer())).toEqual(bytes);
    expect((await env.MEDIA.list({ prefix: `uploads/${path.split("/").pop()}/` })).objects).toEqual([]);
  });

  it("refuses a file that is not audio or video with 415 and keeps nothing", async () => {
    const user = await registerUser();
    const bytes = new TextEncoder().encode("just some text that is not a media file, padded out ".repeat(4));
    const path = await create(user.accessToken, bytes.length);
    const res = await patch(path, user.accessToken, 0, bytes);
    expect(res.status).toBe(415);
    expect((await tus("HEAD", path, user.accessToken)).status).toBe(404);
    expect((await expectJson(await client(user.accessToken).media.$get({ query: {} }), 200)).items).toEqual([]);
  });

  it("refuses with 422 a completed file ffprobe cannot read, keeping nothing; reads a WAV's real length", async () => {
    const user = await registerUser();
    const bytes = htmlWithFtyp();
    const path = await create(user.accessToken, bytes.length);
    const res = await patch(path, user.accessToken, 0, bytes);
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toMatch(/problem\+json/);
    expect((await res.json<{ detail: string }>()).detail).toMatch(/could not be read as audio or video/);
    expect((await tus("HEAD", path, user.accessToken)).status).toBe(404);
    expect((await expectJson(await client(user.accessToken).media.$get({ query: {} }), 200)).items).toEqual([]);
    expect((await env.MEDIA.list({ prefix: `uploads/${path.split("/").pop()}/` })).objects).toEqual([]);

    const wav = truncatedWav();
    const wavPath = await create(user.accessToken, wav.length);
    const done = await patch(wavPath, user.accessToken, 0, wav);
    expect(done.status).toBe(204);
    const mediaId = String(done.headers.get("media-id"));
    const item = await expectJson(await client(user.accessToken).media[":id"].$get({ param: { id: mediaId } }), 200);
    expect(item).toMatchObject({ status: "ready", contentType: "audio/wav" });
    expect(item.durationSeconds).toBeLessThan(1.1);
  });

  it("validates tus headers, sizes and quota", async () => {
    const user = await registerUser();
    const token = user.accessToken;
    const noVersion = await SELF.fetch("https://marquee.test/api/uploads", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "upload-length": "10" },
    });
    expect(noVersion.status).toBe(412);
    expect(noVersion.headers.get("tus-version")).toBe("1.0.0");
    expect((await tus("POST", "/api/uploads", token, {})).status).toBe(400);
    expect((await tus("POST", "/api/uploads", token, { "upload-length": "-1" })).status).toBe(400);
    expect(
      (await tus("POST", "/api/uploads", token, { "upload-length": "10", "upload-metadata": "bad value here" })).status,
    ).toBe(400);
    expect((await tus("POST", "/api/uploads", token, { "upload-length": String(3 * 1024 * 1024 + 1) })).status).toBe(413);

    const path = await create(token, 100);
    const wrongType = await tus(
      "PATCH",
      path,
      token,
      { "upload-offset": "0", "content-type": "application/octet-stream" },
      new Uint8Array(10),
    );
    expect(wrongType.status).toBe(415);
    const tooMuch = await patch(path, token, 0, new Uint8Array(101));
    expect(tooMuch.status).toBe(413);
    expect(
      (await tus("PATCH", path, token, { "content-type": "application/offset+octet-stream" }, new Uint8Array(1))).status,
    ).toBe(400);

    const created = await tus("POST", "/api/uploads", token, { "upload-length": "10" });
    expect(created.headers.get("tus-extension")).toBe("creation,termination,expiration");
    expect(created.headers.get("tus-max-size")).toBe(String(3 * 1024 * 1024));
  });

  it("terminates an upload on DELETE", async () => {
    const user = await registerUser();
    const bytes = clip.audio();
    const path = await create(user.accessToken, bytes.length);
    await patch(path, user.accessToken, 0, bytes.subarray(0, 100));
    expect((await env.MEDIA.list({ prefix: `uploads/${path.split("/").pop()}/` })).objects).toHaveLength(1);
    expect((await tus("DELETE", path, user.accessToken)).status).toBe(204);
    expect((await tus("HEAD", path, user.accessToken)).status).toBe(404);
    expect((await patch(path, user.accessToken, 100, bytes.subarray(100))).status).toBe(404);
    expect((await env.MEDIA.list({ prefix: `uploads/${path.split("/").pop()}/` })).objects).toEqual([]);
    expect((await tus("DELETE", path, user.accessToken)).status).toBe(404);
  });

  it("expires unfinished uploads and removes their bytes", async () => {
    const user = await registerUser();
    const bytes = clip.audio();
    const path = await create(user.accessToken, bytes.length);
    const id = path.split("/").pop() ?? "";
    await patch(path, user.accessToken, 0, bytes.subarray(0, 500));
    const stub = env.UPLOAD_SESSIONS.get(env.UPLOAD_SESSIONS.idFromName(id));
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await tus("HEAD", path, user.accessToken)).status).toBe(404);
    expect((await env.MEDIA.list({ prefix: `uploads/${id}/` })).objects).toEqual([]);
  });

  it("hides uploads from other users and needs a token", async () => {
    const owner = await registerUser();
    const stranger = await registerUser();
    const path = await create(owner.accessToken, 1000);
    expect((await tus("HEAD", path, stranger.accessToken)).status).toBe(404);
    expect((await patch(path, stranger.accessToken, 0, new Uint8Array(10))).status).toBe(404);
    expect((await tus("DELETE", path, stranger.accessToken)).status).toBe(404);
    const anonymous = await client().uploads.$post({ header: { "tus-resumable": "1.0.0", "upload-length": "10" } });
    await expectProblemOf(anonymous, 401);
    expect((await tus("HEAD", path, undefined)).status).toBe(401);
    expect((await tus("HEAD", "/api/uploads/not-an-id", owner.accessToken)).status).toBe(400);
  });
});
