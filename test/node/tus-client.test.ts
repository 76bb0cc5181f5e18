import { createHash } from "node:crypto";
import { Upload } from "tus-js-client";
import { describe, expect, inject, it } from "vitest";
import { noiseMp3 } from "../media-files";

const base = inject("stackUrl");

async function json<T = unknown>(method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

async function register() {
  const name = `tus${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  const res = await json<{ accessToken: string }>("POST", "/api/auth/register", {
    email: `${name}@example.com`,
    password: "a-long-password",
    name: "Tus",
    username: name,
  });
  expect(res.status).toBe(201);
  return res.body.accessToken;
}

const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("tus with the real tus-js-client", () => {
  it("uploads a multi-part file, survives an interruption mid-PATCH and resumes", { timeout: 240_000 }, async () => {
    const token = await register();
    const file = await noiseMp3(12 * 1024 * 1024 + 12345);
    let interrupted = false;
    let resumedFrom = -1;
    const mediaId = await new Promise<string>((resolve, reject) => {
      const upload: Upload = new Upload(file, {
        endpoint: `${base}/api/uploads`,
        headers: { authorization: `Bearer ${token}` },
        metadata: { filename: "long-take.mp3", title: "Long take" },
        chunkSize: 3 * 1024 * 1024,
        retryDelays: [0, 200, 500],
        storeFingerprintForResuming: false,
        onProgress(sent) {
          // Cut the connection in the middle of a PATCH, then start again: the client asks HEAD for the offset.
          if (!interrupted && sent > 4 * 1024 * 1024) {
            interrupted = true;
            void upload.abort().then(() =>
              setTimeout(async () => {
                const head = await fetch(upload.url ?? "", {
                  method: "HEAD",
                  headers: { authorization: `Bearer ${token}`, "tus-resumable": "1.0.0" },
                });
                resumedFrom = Number(head.headers.get("upload-offset"));
                upload.start();
              }, 100),
            );
          }
        },
        onSuccess(payload) {
          resolve(payload.lastResponse.getHeader("media-id") ?? "");
        },
        onError: reject,
      });
      upload.start();
    });
    expect(interrupted).toBe(true);
    expect(resumedFrom).toBeGreaterThan(0);
    expect(resumedFrom).toBeLessThan(file.length);
    expect(mediaId).toMatch(/^[0-9A-Z]{26}$/);

    const media = await json("GET", `/api/media/${mediaId}`, undefined, token);
    expect(media.body).toMatchObject({
      filename: "long-take.mp3",
      title: "Long take",
      contentType: "audio/mpeg",
      kind: "audio",
      sizeBytes: file.length,
    });
    const playback = await json<{ url: string }>("GET", `/api/media/${mediaId}/playback`, undefined, token);
    const stored = new Uint8Array(await (await fetch(playback.body.url)).arrayBuffer());
    expect(stored.length).toBe(file.length);
    expect(sha(stored)).toBe(sha(file));
  });

  it("reports a refused file through onError", { timeout: 60_000 }, async () => {
    const token = await register();
    const error = await new Promise<Error>((resolve) => {
      new Upload(Buffer.from("definitely not a media file ".repeat(100)), {
        endpoint: `${base}/api/uploads`,
        headers: { authorization: `Bearer ${token}` },
        metadata: { filename: "notes.mp3" },
        retryDelays: [],
        onError: resolve,
        onSuccess: () => resolve(new Error("unexpected success")),
      }).start();
    });
    expect(String(error)).toMatch(/415/);
  });
});
