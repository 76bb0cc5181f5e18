import { DurableObject } from "cloudflare:workers";
import {
  DURATION_BUCKETS,
  type MetricsBatch,
  type MetricsSnapshot,
  type OpsMetricsRpc,
  type RecentActivity,
} from "../workers/lib/metrics.contract";

/** Minutes of request counts kept for the summary, and how long a signed-in user stays "seen". */
const KEEP_MINUTES_MS = 60 * 60_000;
const KEEP_USERS_MS = 60 * 60_000;

const zeros = () => new Array<number>(DURATION_BUCKETS.length + 1).fill(0);

function addCounts(into: number[], counts: number[]) {
  for (let i = 0; i < into.length; i++) into[i] += counts[i] ?? 0;
  return into;
}

/**
 * The platform's request and business counters, summed over every isolate (the contract:
 * workers/lib/metrics.contract.ts). Isolates buffer their increments and flush them here every
 * second or so (workers/lib/metrics.ts); /metrics and the monitor summary read the totals. One
 * instance: a flush is one small RPC per isolate per second, far below what one object takes.
 */
export class OpsMetrics extends DurableObject<Env> implements OpsMetricsRpc {
  private readonly sql: SqlStorage;
  private prunedAt = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`
      CREATE TABLE IF NOT EXISTS counters (name TEXT NOT NULL, labels TEXT NOT NULL, value REAL NOT NULL, PRIMARY KEY (name, labels));
      CREATE TABLE IF NOT EXISTS histograms (name TEXT NOT NULL, labels TEXT NOT NULL, counts TEXT NOT NULL, sum REAL NOT NULL, PRIMARY KEY (name, labels));
      CREATE TABLE IF NOT EXISTS minutes (minute INTEGER PRIMARY KEY, requests INTEGER NOT NULL, errors INTEGER NOT NULL, counts TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS gauges (name TEXT NOT NULL, source TEXT NOT NULL, value REAL NOT NULL, PRIMARY KEY (name, source));
      CREATE TABLE IF NOT EXISTS seen_users (user_id TEXT PRIMARY KEY, at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS versions (version_id TEXT PRIMARY KEY, first_seen INTEGER NOT NULL);
    `);
  }

  record(batch: MetricsBatch): void {
    for (const [name, labels, value] of batch.counters) {
      this.sql.exec(
        "INSERT INTO counters (name, labels, value) VALUES (?, ?, ?) ON CONFLICT (name, labels) DO UPDATE SET value = value + excluded.value",
        name,
        labels,
        value,
      );
    }
    for (const [name, labels, counts, sum] of batch.histograms) {
      const [row] = this.sql
        .exec<{ counts: string; sum: number }>("SELECT counts, sum FROM histograms WHERE name = ? AND labels = ?", name, labels)
        .toArray();
      const total = addCounts(row ? JSON.parse(row.counts) : zeros(), counts);
      this.sql.exec(
        "INSERT OR REPLACE INTO histograms (name, labels, counts, sum) VALUES (?, ?, ?, ?)",
        name,
        labels,
        JSON.stringify(total),
        (row?.sum ?? 0) + sum,
      );
    }
    for (const [minute, requests, errors, counts] of batch.minutes) {
      const [row] = this.sql
        .exec<{ requests: number; errors: number; counts: string }>(
          "SELECT requests, errors, counts FROM minutes WHERE minute = ?",
          minute,
        )
        .toArray();
      this.sql.exec(
        "INSERT OR REPLACE INTO minutes (minute, requests, errors, counts) VALUES (?, ?, ?, ?)",
        minute,
        (row?.requests ?? 0) + requests,
        (row?.errors ?? 0) + errors,
        JSON.stringify(addCounts(row ? JSON.parse(row.counts) : zeros(), counts)),
      );
    }
    for (const [name, source, value] of batch.gauges) {
      if (value === 0) this.sql.exec("DELETE FROM gauges WHERE name = ? AND source = ?", name, source);
      else this.sql.exec("INSERT OR REPLACE INTO gauges (name, source, value) VALUES (?, ?, ?)", name, source, value);
    }
    for (const [userId, at] of batch.users) {
      this.sql.exec(
        "INSERT INTO seen_users (user_id, at) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET at = max(at, excluded.at)",
        userId,
        at,
      );
    }
    this.prune(Date.now());
  }

  snapshot(): MetricsSnapshot {
    const counters = this.sql
      .exec<{ name: string; labels: string; value: number }>(
        "SELECT name, labels, value FROM counters UNION ALL SELECT name, '' AS labels, sum(value) FROM gauges GROUP BY name ORDER BY name, labels",
      )
      .toArray();
    const histograms = this.sql
      .exec<{ name: string; labels: string; counts: string; sum: number }>(
        "SELECT name, labels, counts, sum FROM histograms ORDER BY name, labels",
      )
      .toArray()
      .map((r) => ({ name: r.name, labels: r.labels, counts: JSON.parse(r.counts) as number[], sum: r.sum }));
    return { counters, histograms };
  }

  recent(sinceMs: number, usersSinceMs: number): RecentActivity {
    const rows = this.sql
      .exec<{ requests: number; errors: number; counts: string }>(
        "SELECT requests, errors, counts FROM minutes WHERE minute >= ?",
        sinceMs - (sinceMs % 60_000),
      )
      .toArray();
    const durationCounts = zeros();
    let requests = 0;
    let errors5xx = 0;
    for (const row of rows) {
      requests += row.requests;
      errors5xx += row.errors;
      addCounts(durationCounts, JSON.parse(row.counts));
    }
    const activeUsers = this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM seen_users WHERE at >= ?", usersSinceMs).one().n;
    return { requests, errors5xx, durationCounts, activeUsers };
  }

  firstSeen(versionId: string, nowMs: number): number {
    return this.sql
      .exec<{ first_seen: number }>(
        "INSERT INTO versions (version_id, first_seen) VALUES (?, ?) ON CONFLICT (version_id) DO UPDATE SET first_seen = first_seen RETURNING first_seen",
        versionId,
        nowMs,
      )
      .one().first_seen;
  }

  ping(): "ok" {
    return "ok";
  }

  /** Old minutes and users that have not been seen for an hour go, at most once a minute. */
  private prune(now: number) {
    if (now - this.prunedAt < 60_000) return;
    this.prunedAt = now;
    this.sql.exec("DELETE FROM minutes WHERE minute < ?", now - KEEP_MINUTES_MS);
    this.sql.exec("DELETE FROM seen_users WHERE at < ?", now - KEEP_USERS_MS);
  }
}
