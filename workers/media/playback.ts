import { ApiError } from "../lib/errors";
import { SIGNED_URL_MAX_TTL_MS, signPrefix } from "../lib/url-signing";
import type { JobRow, MediaRow } from "./media.queries";
import { entryFile, jobPrefix, sourceKey } from "./storage";

/** How long a playback link lives unless the caller asks for another time (a share link). */
export const DEFAULT_PLAYBACK_TTL_SECONDS = 60 * 60;
export const MAX_PLAYBACK_TTL_SECONDS = SIGNED_URL_MAX_TTL_MS / 1000;

/**
 * A signed /stream URL for a finished job's entry file, or for the original when there is no job;
 * it expires after `ttlSeconds`, or at `notAfter` (ms) when that comes first (a subscription's end).
 */
export async function signedPlayback(
  env: Env,
  origin: string,
  item: MediaRow,
  job: JobRow | undefined,
  ttlSeconds = DEFAULT_PLAYBACK_TTL_SECONDS,
  notAfter = Number.POSITIVE_INFINITY,
) {
  if (job && job.status !== "done") throw new ApiError("conflict", `That conversion is ${job.status}, not done`);
  let prefix: string;
  let path: string;
  let type: string;
  if (job) {
    const entry = job.outputs.find((o) => o.name === entryFile[job.target]);
    if (!entry) throw new ApiError("conflict", "That conversion has no playable output");
    prefix = jobPrefix(item.id, job.id);
    path = entry.key;
    type = entry.contentType;
  } else {
    // The original plays only once ffprobe has read it: a header's claim is never served as video.
    if (item.status === "rejected")
      throw new ApiError("unprocessable", `This file was refused: ${item.statusReason ?? "it is not audio or video"}`);
    if (item.status !== "ready")
      throw new ApiError("conflict", "This file has not been read yet; it plays once it is (converting it reads it)");
    prefix = path = sourceKey(item.id);
    type = item.contentType;
  }
  const expiresAt = Math.min(Date.now() + Math.min(ttlSeconds, MAX_PLAYBACK_TTL_SECONDS) * 1000, notAfter);
  const token = await signPrefix(env.JWT_SECRET, prefix, expiresAt);
  return { url: `${origin}/stream/${token}/${path}`, type, expiresAt: new Date(expiresAt).toISOString() };
}
