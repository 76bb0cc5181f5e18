import type { WaitUntil } from "./context";
import { log } from "./log";
import {
  type CounterEntry,
  DURATION_BUCKETS,
  type GaugeEntry,
  type HistogramEntry,
  type MetricsBatch,
  type MinuteEntry,
  type OpsMetricsRpc,
} from "./metrics.contract";

/**
 * Where an isolate's buffered metrics go. Locally (and today in production) the OpsMetrics
 * Durable Object; Workers Analytics Engine could take its place for the raw request events
 * without any caller changing.
 */
export interface MetricsSink {
  record(batch: MetricsBatch): Promise<void>;
}

/** The one OpsMetrics object every isolate reports into. */
export function opsMetrics(env: Env): DurableObjectStub<OpsMetricsRpc> {
  return env.OPS_METRICS.get(env.OPS_METRICS.idFromName("global"));
}

const durableObjectSink = (env: Env): MetricsSink => ({ record: (batch) => opsMetrics(env).record(batch) });

/** Flushed this long after the first event of a batch, or at once when this many series and minutes pile up. */
const FLUSH_AFTER_MS = 1000;
const FLUSH_AT_ENTRIES = 500;

interface Histogram {
  counts: number[];
  sum: number;
}
interface Minute {
  requests: number;
  errors5xx: number;
  durationCounts: number[];
}

/** This isolate's increments since its last flush. Swapped out whole when flushed, so nothing is counted twice. */
class Buffer {
  counters = new Map<string, CounterEntry>();
  histograms = new Map<string, Histogram & { name: string; labels: string }>();
  minutes = new Map<number, Minute>();
  gauges = new Map<string, GaugeEntry>();
  users = new Map<string, number>();

  get size() {
    return this.counters.size + this.histograms.size + this.minutes.size + this.gauges.size + this.users.size;
  }

  add(name: string, labels: string, value: number) {
    const key = `${name}{${labels}}`;
    const entry = this.counters.get(key);
    if (entry) entry[2] += value;
    else this.counters.set(key, [name, labels, value]);
  }

  histogram(name: string, labels: string) {
    const key = `${name}{${labels}}`;
    let histogram = this.histograms.get(key);
    if (!histogram) {
      histogram = { name, labels, counts: new Array(DURATION_BUCKETS.length + 1).fill(0), sum: 0 };
      this.histograms.set(key, histogram);
    }
    return histogram;
  }

  observe(name: string, labels: string, bucket: number, value: number) {
    const histogram = this.histogram(name, labels);
    histogram.counts[bucket] += 1;
    histogram.sum += value;
  }

  toBatch(): MetricsBatch {
    return {
      counters: [...this.counters.values()],
      histograms: [...this.histograms.values()].map((h): HistogramEntry => [h.name, h.labels, h.counts, h.sum]),
      minutes: [...this.minutes].map(([at, m]): MinuteEntry => [at, m.requests, m.errors5xx, m.durationCounts]),
      gauges: [...this.gauges.values()],
      users: [...this.users],
    };
  }
}

let buffer = new Buffer();
let flushScheduled = false;

function takeBatch(): MetricsBatch | null {
  flushScheduled = false;
  if (buffer.size === 0) return null;
  const batch = buffer.toBatch();
  buffer = new Buffer();
  return batch;
}

/** A batch that could not be delivered goes back into the buffer, to go out with the next one. */
function restore(batch: MetricsBatch) {
  for (const [name, labels, value] of batch.counters) buffer.add(name, labels, value);
  for (const [name, labels, counts, sum] of batch.histograms) {
    const histogram = buffer.histogram(name, labels);
    counts.forEach((count, bucket) => {
      histogram.counts[bucket] += count;
    });
    histogram.sum += sum;
  }
  for (const [at, requests, errors5xx, durationCounts] of batch.minutes) {
    const minute = minuteOf(at);
    minute.requests += requests;
    minute.errors5xx += errors5xx;
    durationCounts.forEach((count, i) => {
      minute.durationCounts[i] += count;
    });
  }
  // A gauge reported again since is newer than the one that failed to go out.
  for (const entry of batch.gauges)
    if (!buffer.gauges.has(`${entry[0]}|${entry[1]}`)) buffer.gauges.set(`${entry[0]}|${entry[1]}`, entry);
  for (const [userId, at] of batch.users) buffer.users.set(userId, Math.max(at, buffer.users.get(userId) ?? 0));
}

async function deliver(env: Env, batch: MetricsBatch | null, sink = durableObjectSink(env)) {
  if (!batch) return;
  try {
    await sink.record(batch);
  } catch (error) {
    restore(batch);
    log.warn("metrics_flush_failed", { message: error instanceof Error ? error.message : String(error) });
  }
}

/** After an event: the buffer goes out in the background, shortly or at once when it is large; never on the request's path. */
function scheduleFlush(env: Env, ctx: WaitUntil) {
  if (buffer.size >= FLUSH_AT_ENTRIES) {
    ctx.waitUntil(deliver(env, takeBatch()));
    return;
  }
  if (flushScheduled) return;
  flushScheduled = true;
  ctx.waitUntil(scheduler.wait(FLUSH_AFTER_MS).then(() => deliver(env, takeBatch())));
}

/** Sends this isolate's buffer now (a scrape does, before it reads the totals). */
export function flushMetrics(env: Env): Promise<void> {
  return deliver(env, takeBatch());
}

function minuteOf(atMs: number): Minute {
  const start = atMs - (atMs % 60_000);
  let minute = buffer.minutes.get(start);
  if (!minute) {
    minute = { requests: 0, errors5xx: 0, durationCounts: new Array(DURATION_BUCKETS.length + 1).fill(0) };
    buffer.minutes.set(start, minute);
  }
  return minute;
}

/** The index of the histogram bucket `seconds` falls in (the last one is +Inf). */
export function durationBucket(seconds: number): number {
  let i = 0;
  while (i < DURATION_BUCKETS.length && seconds > DURATION_BUCKETS[i]) i++;
  return i;
}

/** A label value escaped for the text format: backslash, double quote and newline. */
export const labelValue = (value: string) => value.replace(/[\\"\n]/g, (ch) => (ch === "\n" ? "\\n" : `\\${ch}`));

export interface ObservedRequest {
  /** The route template (`/api/movies/:id`), never the raw path. */
  route: string;
  method: string;
  status: number;
  seconds: number;
  userId?: string;
}

/** Counts one request: `http_requests_total`, `http_request_duration_seconds`, the summary's minute and the caller as active. */
export function recordRequest(env: Env, ctx: WaitUntil, request: ObservedRequest) {
  const route = labelValue(request.route);
  const method = labelValue(request.method);
  buffer.add("http_requests_total", `route="${route}",method="${method}",status="${request.status}"`, 1);
  const bucket = durationBucket(request.seconds);
  buffer.observe("http_request_duration_seconds", `route="${route}",method="${method}"`, bucket, request.seconds);
  const now = Date.now();
  const minute = minuteOf(now);
  minute.requests += 1;
  if (request.status >= 500) minute.errors5xx += 1;
  minute.durationCounts[bucket] += 1;
  if (request.userId) buffer.users.set(request.userId, now);
  scheduleFlush(env, ctx);
}

/** The counters other parts of the platform report (Durable Objects among them). */
export type ReportedCounter = "seats_held_total" | "seats_sold_total";
/** The gauges Durable Objects report, each for itself; /metrics shows their sum. */
export type ReportedGauge = "websocket_connections_open";

/**
 * Adds `value` to a reported counter.
 * @example countMetric(this.env, this.ctx, "seats_sold_total", 2)
 */
export function countMetric(env: Env, ctx: WaitUntil, name: ReportedCounter, value: number, labels = "") {
  if (value === 0) return;
  buffer.add(name, labels, value);
  scheduleFlush(env, ctx);
}

/**
 * Sets what one source (a Durable Object's id) currently counts of a gauge: an absolute value, so
 * a close the object never hears of cannot make the total drift.
 * @example reportGauge(this.env, this.ctx, "websocket_connections_open", this.ctx.id.toString(), this.ctx.getWebSockets().length)
 */
export function reportGauge(env: Env, ctx: WaitUntil, name: ReportedGauge, source: string, value: number) {
  buffer.gauges.set(`${name}|${source}`, [name, source, value]);
  scheduleFlush(env, ctx);
}
