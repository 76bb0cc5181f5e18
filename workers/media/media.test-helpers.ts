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
