import type { BreakerSnapshot } from "../lib/circuit-breaker.contract";
import { labelValue } from "../lib/metrics";
import { DURATION_BUCKETS, type MetricsSnapshot } from "../lib/metrics.contract";
import type { PlatformCounts } from "./platform.queries";
import type { QueueReading } from "./readings";

type MetricType = "counter" | "gauge" | "histogram";

/** Lines of one metric family: HELP, TYPE, then its samples. */
function family(name: string, type: MetricType, help: string, samples: string[]): string {
  return [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples].join("\n");
}

const sample = (name: string, labels: string, value: number) => `${name}${labels ? `{${labels}}` : ""} ${value}`;

/** The reported counters and gauges the OpsMetrics object sums, with their help text. */
const reported: [name: string, type: MetricType, help: string][] = [
  ["http_requests_total", "counter", "HTTP requests answered, by route template, method and status."],
  ["websocket_connections_open", "gauge", "WebSocket connections open (notification rooms and live seat maps)."],
  ["seats_held_total", "counter", "Seats put on hold by the showtime seat maps."],
  ["seats_sold_total", "counter", "Seats sold by the showtime seat maps."],
];

const BREAKER_LEVEL = { closed: 0, half_open: 1, open: 2 } as const;

export interface MetricsInput {
  snapshot: MetricsSnapshot;
  counts: PlatformCounts;
  queue: QueueReading | null;
  breakers: BreakerSnapshot[] | null;
}

/** The Prometheus text exposition format (0.0.4) of everything /metrics reports. */
export function renderMetrics({ snapshot, counts, queue, breakers }: MetricsInput): string {
  const families: string[] = [];
  for (const [name, type, help] of reported) {
    const samples = snapshot.counters.filter((s) => s.name === name).map((s) => sample(name, s.labels, s.value));
    // An unlabelled metric reads 0 before anything is reported, so a scraper sees it from the start.
    if (samples.length === 0 && name !== "http_requests_total") samples.push(sample(name, "", 0));
    families.push(family(name, type, help, samples));
  }

  const duration = "http_request_duration_seconds";
  const histogramLines: string[] = [];
  for (const { name, labels, counts, sum } of snapshot.histograms) {
    if (name !== duration) continue;
    let cumulative = 0;
    counts.forEach((count, i) => {
      cumulative += count;
      const le = i < DURATION_BUCKETS.length ? String(DURATION_BUCKETS[i]) : "+Inf";
      histogramLines.push(sample(`${duration}_bucket`, `${labels},le="${le}"`, cumulative));
    });
    histogramLines.push(sample(`${duration}_sum`, labels, sum), sample(`${duration}_count`, labels, cumulative));
  }
  families.push(family(duration, "histogram", "Time to answer an HTTP request, by route template and method.", histogramLines));

  if (queue) {
    families.push(
      family("transcode_queue_depth", "gauge", "Messages waiting in the transcode queue.", [
        sample("transcode_queue_depth", "", queue.depth),
      ]),
    );
    families.push(
      family(
        "transcode_queue_oldest_message_age_seconds",
        "gauge",
        "Age of the oldest message in the transcode queue (0 when empty).",
        [sample("transcode_queue_oldest_message_age_seconds", "", queue.oldestMessageAgeSeconds ?? 0)],
      ),
    );
  }
  const { jobs, media } = counts;
  families.push(
    family("transcode_jobs_total", "counter", "Transcode jobs that finished, by outcome.", [
      sample("transcode_jobs_total", 'outcome="done"', jobs.done),
      sample("transcode_jobs_total", 'outcome="failed"', jobs.failed),
    ]),
    family("transcode_jobs_in_progress", "gauge", "Transcode jobs running now.", [
      sample("transcode_jobs_in_progress", "", jobs.processing),
    ]),
    family("transcode_jobs_waiting", "gauge", "Transcode jobs queued, by what they wait for.", [
      sample("transcode_jobs_waiting", 'reason="queue"', jobs.queued),
      sample("transcode_jobs_waiting", 'reason="dependency"', jobs.waiting),
    ]),
    family("media_uploads_total", "counter", "Media files uploaded (and still kept).", [
      sample("media_uploads_total", "", media.items),
    ]),
    family("media_stored_bytes", "gauge", "Bytes of media stored: uploads and their converted outputs.", [
      sample("media_stored_bytes", "", media.bytes + media.outputBytes),
    ]),
    family("tickets_sold_total", "counter", "Cinema tickets sold (refunded ones included).", [
      sample("tickets_sold_total", "", counts.ticketsSold),
    ]),
    family("ticket_revenue_cents_total", "counter", "Money taken for ticket orders, in cents (before refunds).", [
      sample("ticket_revenue_cents_total", "", counts.ticketRevenueCents),
    ]),
    family("signups_total", "counter", "Accounts created (and not deleted).", [sample("signups_total", "", counts.users)]),
    family("plays_started_total", "counter", "Playbacks started.", [sample("plays_started_total", "", counts.playsStarted)]),
  );
  if (breakers) {
    families.push(
      family(
        "circuit_breaker_state",
        "gauge",
        "Circuit breaker state: 0 closed, 1 half-open, 2 open.",
        breakers.map((b) => sample("circuit_breaker_state", `name="${labelValue(b.name)}"`, BREAKER_LEVEL[b.state])),
      ),
    );
  }
  return `${families.join("\n")}\n`;
}
