import { breaker } from "../lib/circuit-breaker";
import { type BreakerSnapshot, breakerNames } from "../lib/circuit-breaker.contract";
import { log } from "../lib/log";
import { transcoderFetch } from "../media/transcoder-client";

export interface QueueReading {
  depth: number;
  oldestMessageAgeSeconds: number | null;
}

/** The transcode queue's backlog; null when the producer cannot tell. */
export async function transcodeQueue(env: Env, now = Date.now()): Promise<QueueReading | null> {
  try {
    const metrics = await env.TRANSCODE_QUEUE.metrics();
    const oldest = metrics.oldestMessageTimestamp?.getTime();
    return {
      depth: metrics.backlogCount,
      oldestMessageAgeSeconds: oldest && metrics.backlogCount > 0 ? Math.max(0, Math.round((now - oldest) / 1000)) : null,
    };
  } catch (error) {
    log.warn("queue_metrics_failed", { queue: "transcode", message: error instanceof Error ? error.message : String(error) });
    return null;
  }
}

/** Every circuit breaker's state, as its Durable Object holds it. */
export function breakerStates(env: Env): Promise<BreakerSnapshot[]> {
  return Promise.all(breakerNames.map((name) => breaker(env, name).state()));
}

const TRANSCODER_PROBE_MS = 2000;

/** Whether the transcoder answers its health check, and how fast. */
export async function transcoderHealth(env: Env): Promise<{ status: "up" | "down"; latencyMs: number | null }> {
  const started = performance.now();
  try {
    const res = await transcoderFetch(env, "health", "/health", { signal: AbortSignal.timeout(TRANSCODER_PROBE_MS) });
    await res.body?.cancel();
    if (!res.ok) return { status: "down", latencyMs: null };
    return { status: "up", latencyMs: Math.round(performance.now() - started) };
  } catch {
    return { status: "down", latencyMs: null };
  }
}
