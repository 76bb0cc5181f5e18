import { env, SELF } from "cloudflare:test";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { describe, expect, it } from "vitest";
import { registerUser } from "../../test/api";
import { newMovie } from "../catalog/catalog.fixtures";

type Family = ReturnType<typeof parsePrometheusTextFormat>[number];
type Sample = { labels?: Record<string, string>; value?: string };

const scrape = (token: string | null = env.METRICS_TOKEN) =>
  SELF.fetch("https://marquee.test/metrics", token === null ? {} : { headers: { authorization: `Bearer ${token}` } });

async function metrics(): Promise<Map<string, Family>> {
  const res = await scrape();
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
  const families = parsePrometheusTextFormat(await res.text());
  return new Map(families.map((f) => [f.name, f]));
}

const samples = (family: Family | undefined) => (family?.metrics ?? []) as Sample[];

/** The sum of a family's samples whose labels include `labels`. */
function total(families: Map<string, Family>, name: string, labels: Record<string, string> = {}) {
  return samples(families.get(name))
    .filter((s) => Object.entries(labels).every(([k, v]) => s.labels?.[k] === v))
    .reduce((sum, s) => sum + Number(s.value ?? 0), 0);
}

describe("GET /metrics", { timeout: 30_000 }, () => {
  it("refuses a scraper without the metrics token", async () => {
    for (const token of [null, "not-the-token"]) {
      const res = await scrape(token);
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(res.headers.get("www-authenticate")).toContain("Bearer");
      expect(await res.text()).not.toContain(env.METRICS_TOKEN);
    }
  });

  it("parses as the Prometheus text format and counts requests by route template, never by raw path", async () => {
    const [a, b] = [await newMovie(), await newMovie()];
    const route = { route: "/api/movies/:id", method: "GET", status: "200" };
    const before = total(await metrics(), "http_requests_total", route);
    for (const movie of [a, b, a]) expect((await SELF.fetch(`https://marquee.test/api/movies/${movie.id}`)).status).toBe(200);
    const after = await metrics();
    expect(total(after, "http_requests_total", route) - before).toBeGreaterThanOrEqual(3);

    const labelled = [...after.values()].flatMap((f) => samples(f).map((s) => JSON.stringify(s.labels ?? {})));
    for (const id of [a.id, b.id]) expect(labelled.join("\n")).not.toContain(id);

    // The parser keeps no labels on histogram samples, so the route's buckets are read from the text.
    const text = await (await scrape()).text();
    const series = 'route="/api/movies/:id",method="GET"';
    const cumulative = [...text.matchAll(/^http_request_duration_seconds_bucket\{(.*),le="[^"]+"\} (\d+)$/gm)]
      .filter(([, labels]) => labels === series)
      .map(([, , value]) => Number(value));
    expect(cumulative.length).toBeGreaterThan(2);
    expect(cumulative).toEqual([...cumulative].sort((x, y) => x - y));
    const count = new RegExp(`^http_request_duration_seconds_count\\{${series.replace(/[/:]/g, "\\$&")}\\} (\\d+)$`, "m").exec(
      text,
    );
    expect(Number(count?.[1])).toBe(cumulative.at(-1));
    // An unknown path is one series, whatever was asked for.
    await SELF.fetch(`https://marquee.test/api/no-such-thing/${a.id}`);
    expect(total(await metrics(), "http_requests_total", { route: "unmatched", status: "404" })).toBeGreaterThan(0);
  });

  it("reports the platform's own figures", async () => {
    const before = await metrics();
    await registerUser();
    const after = await metrics();
    expect(total(after, "signups_total") - total(before, "signups_total")).toBe(1);
    for (const name of [
      "transcode_jobs_total",
      "transcode_jobs_in_progress",
      "media_uploads_total",
      "media_stored_bytes",
      "websocket_connections_open",
      "seats_held_total",
      "seats_sold_total",
      "tickets_sold_total",
      "ticket_revenue_cents_total",
      "plays_started_total",
      "circuit_breaker_state",
    ]) {
      expect(after.has(name), name).toBe(true);
    }
    expect(samples(after.get("transcode_jobs_total")).map((s) => s.labels?.outcome)).toEqual(["done", "failed"]);
    expect(
      samples(after.get("circuit_breaker_state"))
        .map((s) => s.labels?.name)
        .sort(),
    ).toEqual(["email", "transcoder"]);
  });

  it("stays parseable and loses no count under concurrent requests and scrapes", async () => {
    const route = { route: "/api/genres", method: "GET" };
    const before = total(await metrics(), "http_requests_total", route);
    const requests = Array.from({ length: 40 }, () => SELF.fetch("https://marquee.test/api/genres"));
    const scrapes = Array.from({ length: 6 }, () => scrape().then(async (res) => parsePrometheusTextFormat(await res.text())));
    const [answers, parsed] = await Promise.all([Promise.all(requests), Promise.all(scrapes)]);
    expect(answers.every((r) => r.status === 200)).toBe(true);
    expect(parsed.every((families) => families.length > 10)).toBe(true);
    expect(total(await metrics(), "http_requests_total", route) - before).toBeGreaterThanOrEqual(40);
  });
});
