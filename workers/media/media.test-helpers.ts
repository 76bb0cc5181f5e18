import { env } from "cloudflare:test";
import { expect, inject } from "vitest";
import { client, expectJson } from "../../test/client";
import { fromBase64url } from "../lib/ids";

const clips = inject("mediaClips");
const decode = (b64: string) => fromBase64url(b64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""));

/** Clips made by FFmpeg's lavfi sources in the global setup: 3 s 854x480 H.264/AAC MP4, 2 s MP3, 1.5 s WAV. */
export const clip = {
  video: () => decode(clips.video),
  audio: () => decode(clips.audio),
  wav: () => decode(clips.wav),
};

/** A file for the upload form's `file` field. */
export const file = (bytes: Uint8Array, filename: string, type = "application/octet-stream") =>
  new File([bytes], filename, { type });

/** The upload form's other fields (title, description), typed by the route. */
type UploadFields = Omit<Parameters<ReturnType<typeof client>["media"]["$post"]>[0]["form"], "file">;

/** A multipart upload on the typed client (`POST /api/media`). */
export function upload(token: string | undefined, bytes: Uint8Array, filename: string, fields: UploadFields = {}) {
  return client(token).media.$post({ form: { file: file(bytes, filename), ...fields } });
}

export async function uploaded(token: string, bytes: Uint8Array, filename: string, fields: UploadFields = {}) {
  return expectJson(await upload(token, bytes, filename, fields), 201);
}

/** Waits (by state, not by time) until a job is done or failed; the queue consumer runs it meanwhile. */
export async function settledJob(token: string, jobId: string, maxWaitMs = 120_000) {
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const job = await expectJson(await client(token).jobs[":id"].$get({ param: { id: jobId } }), 200);
    if (job.status === "done" || job.status === "failed") return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job.status} after ${maxWaitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** What ffprobe (in the transcoder) says about bytes. */
export async function probe(bytes: ArrayBuffer | Uint8Array) {
  const res = await fetch(new URL("/probe", env.TRANSCODER_URL), { method: "POST", body: bytes });
  expect(res.status).toBe(200);
  return (await res.json()) as {
    durationSeconds?: number;
    width?: number;
    height?: number;
    hasVideo: boolean;
    hasAudio: boolean;
    streams: { type: string; codec: string; width?: number; height?: number }[];
  };
}

/** Bytes that sniff as MP4 but are not a decodable file. */
export function corruptMp4(size = 4096) {
  const bytes = new Uint8Array(size);
  bytes.set([0, 0, 0, 0x18, ...new TextEncoder().encode("ftypisom")]);
  for (let i = 12; i < size; i++) bytes[i] = (i * 7919) % 251;
  return bytes;
}

/** The 44 bytes that passed as video/mp4 before ffprobe decided: `ftypisom` at bytes 4–7, then HTML. */
export function htmlWithFtyp() {
  const bytes = new TextEncoder().encode("\0\0\0\x18ftypisom<html><body>not a video</body></html>".slice(0, 44));
  expect(bytes.length).toBe(44);
  return bytes;
}

/** A real WAV (the lavfi clip) cut to `size` bytes, its header still claiming `claimedSeconds` of sound. */
export function truncatedWav(size = 16 * 1024, claimedSeconds = 16_000) {
  const bytes = clip.wav().slice(0, size);
  const view = new DataView(bytes.buffer);
  const byteRate = view.getUint32(28, true);
  let at = 12;
  while (at + 8 <= bytes.length && String.fromCharCode(...bytes.subarray(at, at + 4)) !== "data")
    at += 8 + view.getUint32(at + 4, true);
  const dataBytes = claimedSeconds * byteRate;
  view.setUint32(at + 4, dataBytes, true);
  view.setUint32(4, dataBytes + at, true);
  return bytes;
}

/** A valid PCM WAV of silence, `size` bytes long (8 kHz mono 16-bit). */
export function silentWav(size: number) {
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  const ascii = (at: number, s: string) => bytes.set(new TextEncoder().encode(s), at);
  ascii(0, "RIFF");
  view.setUint32(4, size - 8, true);
  ascii(8, "WAVEfmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, 8000, true);
  view.setUint32(28, 16000, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, "data");
  view.setUint32(40, size - 44, true);
  return bytes;
}

/**
 * An item stored while the transcoder could not be asked (status `uploaded`, nothing read by
 * ffprobe yet): its row and its source object, the way an upload leaves them then.
 */
export async function unverifiedMedia(ownerId: string, bytes: Uint8Array, contentType = "video/mp4", kind = "video") {
  const id = `m${crypto.randomUUID().replace(/-/g, "")}`;
  await env.MEDIA.put(`media/${id}/source`, bytes, { httpMetadata: { contentType } });
  await env.DB.prepare(
    "INSERT INTO media_items (id, owner_id, filename, content_type, kind, size_bytes, status, title, created_at, updated_at) VALUES (?, ?, 'x', ?, ?, ?, 'uploaded', 'Unverified', 'now', 'now')",
  )
    .bind(id, ownerId, contentType, kind, bytes.length)
    .run();
  return id;
}
