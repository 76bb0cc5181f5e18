/**
 * The contract of the OpsMetrics Durable Object (durable-objects/ops-metrics.ts), one instance
 * (`idFromName("global")`) that every isolate flushes its buffered counters into. Series are
 * keyed by metric name and their label set already rendered in the Prometheus text format
 * (`route="/api/movies/:id",method="GET",status="200"`), so the object stores and prints them
 * without knowing what the labels mean.
 */
export interface OpsMetricsRpc extends Rpc.DurableObjectBranded {
  /** Adds one isolate's increments. */
  record(batch: MetricsBatch): void;
  /** Every series as it stands. */
  snapshot(): MetricsSnapshot;
  /** Requests in the minutes since `sinceMs`, and the signed-in users seen since `usersSinceMs`. */
  recent(sinceMs: number, usersSinceMs: number): RecentActivity;
  /** When this object first saw the deployment `versionId` (its uptime when no deploy time is known). */
  firstSeen(versionId: string, nowMs: number): number;
  ping(): "ok";
}

/** `[name, labels, value]`: a counter's increment, or a gauge's (which may be negative). */
export type CounterEntry = [name: string, labels: string, value: number];
/** `[name, labels, counts per bucket (not cumulative, +Inf last), sum of observed values]`. */
export type HistogramEntry = [name: string, labels: string, counts: number[], sum: number];
/** `[name, source, value]`: a gauge's current value as one source (a Durable Object) sees it; the total is the sum over sources. */
export type GaugeEntry = [name: string, source: string, value: number];
/** `[minute start in ms, requests, of which 5xx, duration counts per bucket]`: the summary's window. */
export type MinuteEntry = [minuteMs: number, requests: number, errors5xx: number, durationCounts: number[]];

export interface MetricsBatch {
  counters: CounterEntry[];
  histograms: HistogramEntry[];
  minutes: MinuteEntry[];
  gauges: GaugeEntry[];
  /** `[userId, last seen in ms]`. */
  users: [string, number][];
}

export interface MetricsSnapshot {
  counters: { name: string; labels: string; value: number }[];
  histograms: { name: string; labels: string; counts: number[]; sum: number }[];
}

export interface RecentActivity {
  requests: number;
  errors5xx: number;
  durationCounts: number[];
  activeUsers: number;
}

/** Upper bounds (seconds) of `http_request_duration_seconds`; a last, implicit bucket is +Inf. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;
