import { ApiError } from "../lib/errors";
import { SIGNED_URL_MAX_TTL_MS, signPrefix } from "../lib/url-signing";
import type { JobRow, MediaRow } from "./media.queries";
import { entryFile, jobPrefix, sourceKey } from "./storage";

/** Playback links live as long as signed URLs may (one hour). */
const PLAYBACK_TTL_MS = SIGNED_URL_MAX_TTL_MS;

/** A signed /stream URL for a finished job's entry file, or for the original when there is no job. */
export async function signedPlayback(env: Env, origin: string, item: MediaRow, job: JobRow | undefined) {
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
    prefix = path = sourceKey(item.id);
    type = item.contentType;
  }
  const expiresAt = Date.now() + PLAYBACK_TTL_MS;
  const token = await signPrefix(env.JWT_SECRET, prefix, expiresAt);
  return { url: `${origin}/stream/${token}/${path}`, type, expiresAt: new Date(expiresAt).toISOString() };
}
