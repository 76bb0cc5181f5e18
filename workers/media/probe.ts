import { z } from "@hono/zod-openapi";
import type { MediaKind } from "../db/schema";
import { log } from "../lib/log";
import type { SniffedType } from "./sniff";
import { sourceKey } from "./storage";
import { transcoderFetch } from "./transcoder-client";

/** The transcoder's `POST /probe` answer (ffprobe's reading, summarized by containers/transcoder/engines.mjs). */
export const ProbeSummary = z.object({
  durationSeconds: z.number().positive().optional(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  hasVideo: z.boolean(),
  hasAudio: z.boolean(),
  formatName: z.string().max(200).optional(),
  codecs: z.array(z.string().max(64)).max(8).default([]),
});
export type ProbeSummary = z.infer<typeof ProbeSummary>;

/** What an item's row takes from a successful probe. */
export interface MediaFacts {
  contentType: string;
  kind: MediaKind;
  container: string;
  codecs: string[];
  durationSeconds?: number;
  width?: number;
  height?: number;
}

export type ProbeVerdict =
  | { status: "ok"; facts: MediaFacts }
  /** ffprobe read the file and it is not audio or video we accept: the upload is refused. */
  | { status: "refused"; reason: string }
  /** The transcoder could not be asked: the item stays unverified until a conversion probes it. */
  | { status: "unavailable"; reason: string };

const ACCEPTED = "Only MP3, WAV, FLAC, Ogg, MP4/M4A/MOV, Matroska and WebM audio or video is accepted";
const WEBM_CODECS = new Set(["vp8", "vp9", "av1", "opus", "vorbis"]);

/**
 * The stored type of a probed file: ffprobe's container and streams decide, the sniffed header
 * only tells MOV from MP4 (ffprobe names both formats alike). Null when it is none we accept.
 */
export function factsFromProbe(probe: ProbeSummary, sniffed?: SniffedType): MediaFacts | { refused: string } {
  if (!probe.hasVideo && !probe.hasAudio) return { refused: "The file has no audio or video stream" };
  const kind: MediaKind = probe.hasVideo ? "video" : "audio";
  const formats = (probe.formatName ?? "").split(",");
  let contentType: string | undefined;
  if (formats.includes("mp3")) contentType = kind === "audio" ? "audio/mpeg" : undefined;
  else if (formats.includes("wav")) contentType = kind === "audio" ? "audio/wav" : undefined;
  else if (formats.includes("flac")) contentType = kind === "audio" ? "audio/flac" : undefined;
  else if (formats.includes("ogg")) contentType = kind === "video" ? "video/ogg" : "audio/ogg";
  else if (formats.includes("mov") || formats.includes("mp4"))
    contentType = kind === "audio" ? "audio/mp4" : sniffed?.contentType === "video/quicktime" ? "video/quicktime" : "video/mp4";
  else if (formats.includes("matroska") || formats.includes("webm")) {
    const webm = probe.codecs.length > 0 && probe.codecs.every((c) => WEBM_CODECS.has(c));
    contentType = kind === "audio" ? (webm ? "audio/webm" : "audio/x-matroska") : webm ? "video/webm" : "video/x-matroska";
  }
  if (!contentType) return { refused: `${ACCEPTED}; ffprobe reads this file as ${probe.formatName ?? "an unknown format"}` };
  return {
    contentType,
    kind,
    container: probe.formatName ?? "",
    codecs: probe.codecs,
    durationSeconds: probe.durationSeconds,
    width: probe.hasVideo ? probe.width : undefined,
    height: probe.hasVideo ? probe.height : undefined,
  };
}

/**
 * Asks the transcoder's ffprobe what a stored source really is. The header gate (sniff.ts) only
 * keeps obvious non-media out cheaply; kind, container, codecs, duration and size come from here.
 */
export async function probeSource(env: Env, mediaId: string, sniffed?: SniffedType): Promise<ProbeVerdict> {
  const source = await env.MEDIA.get(sourceKey(mediaId));
  if (!source) return { status: "refused", reason: "The file is missing from storage" };
  let res: Response;
  try {
    const { readable, writable } = new FixedLengthStream(source.size);
    const sent = source.body.pipeTo(writable).catch(() => undefined);
    res = await transcoderFetch(env, `probe-${mediaId}`, "/probe", {
      method: "POST",
      body: readable,
      headers: { "content-type": "application/octet-stream" },
    });
    await sent;
  } catch (err) {
    log.warn("media_probe_unavailable", { mediaId, error: String(err) });
    return { status: "unavailable", reason: "The transcoder could not be reached to read the file" };
  }
  if (res.status === 422) {
    const body = await res.json().catch(() => ({}));
    const detail = z.object({ error: z.string() }).safeParse(body);
    return {
      status: "refused",
      reason: `The file could not be read as audio or video (${detail.success ? detail.data.error.slice(0, 300) : "ffprobe refused it"})`,
    };
  }
  if (!res.ok) {
    await res.body?.cancel();
    log.warn("media_probe_unavailable", { mediaId, status: res.status });
    return { status: "unavailable", reason: `The transcoder answered ${res.status} when asked to read the file` };
  }
  const parsed = ProbeSummary.safeParse(await res.json().catch(() => undefined));
  if (!parsed.success) return { status: "unavailable", reason: "The transcoder's reading of the file was not understood" };
  const facts = factsFromProbe(parsed.data, sniffed);
  if ("refused" in facts) return { status: "refused", reason: facts.refused };
  return { status: "ok", facts };
}

/**
 * Stores the source again under the probed Content-Type when the header's guess was wrong
 * (R2 keeps metadata per object; rewriting it is a copy), so /stream never serves the guess.
 */
export async function retypeSource(env: Env, mediaId: string, contentType: string) {
  const key = sourceKey(mediaId);
  const current = await env.MEDIA.get(key);
  if (!current || current.httpMetadata?.contentType === contentType) {
    await current?.body.cancel();
    return;
  }
  const { readable, writable } = new FixedLengthStream(current.size);
  await Promise.all([env.MEDIA.put(key, readable, { httpMetadata: { contentType } }), current.body.pipeTo(writable)]);
}
