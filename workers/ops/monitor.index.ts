import { createRouter } from "../lib/create-app";
import { log } from "../lib/log";
import { flushMetrics, opsMetrics } from "../lib/metrics";
import { DURATION_BUCKETS } from "../lib/metrics.contract";
import * as routes from "./monitor.routes";
import type { MonitorSummary } from "./monitor.schemas";
import { platformCounts } from "./platform.queries";
import { breakerStates, transcodeQueue, transcoderHealth } from "./readings";

const REQUEST_WINDOW_MS = 5 * 60_000;
/** "Active" means a signed-in request in this span: an estimate of sessions in use. */
const SESSION_WINDOW_MS = 15 * 60_000;

/**
 * The `q` quantile of a histogram given as counts per bucket (not cumulative, +Inf last), in
 * seconds, interpolated linearly inside its bucket as Prometheus's histogram_quantile does; in the
 * +Inf bucket it answers the largest finite bound. Null with no observations.
 */
export function histogramQuantile(q: number, counts: number[], bounds: readonly number[] = DURATION_BUCKETS): number | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = q * total;
  let below = 0;
  for (let i = 0; i < counts.length; i++) {
    if (below + counts[i] >= rank && counts[i] > 0) {
      if (i >= bounds.length) return bounds[bounds.length - 1];
      const lower = i === 0 ? 0 : bounds[i - 1];
      return lower + (bounds[i] - lower) * ((rank - below) / counts[i]);
    }
    below += counts[i];
  }
  return bounds[bounds.length - 1];
}

/** When this deployment started serving: its upload time when the runtime knows it, else when OpsMetrics first saw it. */
async function deployment(env: Env, now: number): Promise<MonitorSummary["deployment"]> {
  const meta = env.CF_VERSION_METADATA as WorkerVersionMetadata | undefined;
  const versionId = meta?.id ? meta.id : null;
  const uploaded = meta?.timestamp ? Date.parse(meta.timestamp) : Number.NaN;
  let since = Number.isFinite(uploaded) && uploaded <= now ? uploaded : null;
  if (since === null) {
    since = await opsMetrics(env)
      .firstSeen(versionId ?? "local", now)
      .catch((err: unknown) => {
        log.warn("uptime_unknown", { message: err instanceof Error ? err.message : String(err) });
        return now;
      });
  }
  return { versionId, deployedAt: new Date(since).toISOString(), uptimeSeconds: Math.max(0, Math.floor((now - since) / 1000)) };
}

/** GET /api/admin/monitor/summary: every reading at once (the queue and the transcoder report "unknown" or "down" rather than fail). */
export const monitorRouter = createRouter().openapi(routes.monitorSummary, async (c) => {
  const env = c.env;
  const now = Date.now();
  await flushMetrics(env);
  const requestsSince = now - REQUEST_WINDOW_MS;
  const [recent, snapshot, counts, queue, transcoder, breakers, deployed] = await Promise.all([
    opsMetrics(env).recent(requestsSince, now - SESSION_WINDOW_MS),
    opsMetrics(env).snapshot(),
    platformCounts(c.get("db")),
    transcodeQueue(env, now),
    transcoderHealth(env),
    breakerStates(env),
    deployment(env, now),
  ]);
  // recent() counts whole minutes, from the start of the one `requestsSince` falls in.
  const windowSeconds = Math.round((now - (requestsSince - (requestsSince % 60_000))) / 1000);
  const p95 = histogramQuantile(0.95, recent.durationCounts);
  const websockets = snapshot.counters
    .filter((series) => series.name === "websocket_connections_open")
    .reduce((sum, series) => sum + series.value, 0);
  const { jobs, media } = counts;
  const summary: MonitorSummary = {
    generatedAt: new Date(now).toISOString(),
    deployment: deployed,
    requests: {
      windowSeconds,
      total: recent.requests,
      perSecond: Math.round((recent.requests / windowSeconds) * 1000) / 1000,
      errors5xx: recent.errors5xx,
      errorRate: recent.requests === 0 ? 0 : recent.errors5xx / recent.requests,
      p95Ms: p95 === null ? null : Math.round(p95 * 10_000) / 10,
    },
    queue: queue
      ? { known: true, depth: queue.depth, oldestMessageAgeSeconds: queue.oldestMessageAgeSeconds }
      : { known: false, depth: null, oldestMessageAgeSeconds: null },
    transcoder: {
      status: transcoder.status,
      latencyMs: transcoder.latencyMs,
      jobsRunning: jobs.processing,
      jobsQueued: jobs.queued,
      jobsWaiting: jobs.waiting,
      jobsFailed: jobs.failed,
    },
    sessions: { activeEstimate: recent.activeUsers, windowSeconds: SESSION_WINDOW_MS / 1000 },
    users: { total: counts.users },
    websockets: { open: Math.max(0, websockets) },
    storage: {
      bytes: media.bytes + media.outputBytes,
      objects: media.items + media.outputs,
      originalsBytes: media.bytes,
      outputsBytes: media.outputBytes,
    },
    breakers,
  };
  c.header("cache-control", "no-store");
  return c.json(summary, 200);
});
