import { getContainer } from "@cloudflare/containers";

const INSTANCES = 4;

/** A stable instance per job, so the files a job wrote stay on the instance that is asked for them. */
function instanceFor(jobId: string) {
  let hash = 0;
  for (const ch of jobId) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return `transcoder-${hash % INSTANCES}`;
}

/**
 * Calls the transcoder's HTTP API: at TRANSCODER_URL when set (local runs and tests run the
 * same server as a Node process), else through the Transcoder container binding.
 */
export function transcoderFetch(env: Env, jobId: string, path: string, init: RequestInit = {}): Promise<Response> {
  if (env.TRANSCODER_URL) return fetch(new URL(path, env.TRANSCODER_URL), init);
  return getContainer(env.TRANSCODER, instanceFor(jobId)).fetch(new Request(new URL(path, "http://transcoder"), init));
}
