// `npm run bench:overhead`: what observing and limiting every request costs. The same reads are
// measured on the stack as it runs (per-route metrics, one JSON log line per request, rate limits
// on) and on the same stack started with REQUEST_METRICS=off, REQUEST_LOG=off and RATE_LIMITS=off,
// one after the other in one run, on fresh local state each. Prints req/s and p99 for each and
// the ratio on/off (goal ≥ 0.9).
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { startStack } from "../scripts/stack.mjs";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const port = Number(process.env.BENCH_PORT ?? 8795);
const GOAL = 0.9;

const OFF = { REQUEST_METRICS: "off", REQUEST_LOG: "off", RATE_LIMITS: "off" };

function load(opts) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: CONNECTIONS, duration: DURATION_S, ...opts }, (err, result) =>
      err ? reject(err) : resolve(result),
    );
  });
}

async function measureStack(vars) {
  const state = mkdtempSync(join(tmpdir(), "marquee-bench-overhead-"));
  const stack = await startStack({ port, persistTo: state, quiet: true, vars });
  try {
    const user = { email: "overhead@marquee.local", password: "bench-password-123", name: "Bench", username: "overhead" };
    const session = await fetch(`${stack.baseUrl}/api/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(user),
    }).then((r) => r.json());
    if (!session.accessToken) throw new Error(`could not register the bench user: ${JSON.stringify(session)}`);
    const scenarios = {
      "GET /api/me (signed in)": { url: `${stack.baseUrl}/api/me`, headers: { authorization: `Bearer ${session.accessToken}` } },
      "GET /api/genres (anonymous)": { url: `${stack.baseUrl}/api/genres` },
    };
    const results = {};
    for (const [name, opts] of Object.entries(scenarios)) {
      await load({ ...opts, duration: 2 }); // warm-up
      const r = await load(opts);
      results[name] = { rps: r.requests.average, p99: r.latency.p99, bad: r.non2xx + r.errors + r.timeouts };
    }
    return results;
  } finally {
    await stack.stop();
    rmSync(state, { recursive: true, force: true });
  }
}

// Alternating rounds, so drift in the machine's load spreads over every side. The middle one keeps
// metrics and rate limits and drops only the per-request log line, to tell the two costs apart.
const sides = [
  ["on", {}],
  ["without the log line", { REQUEST_LOG: "off" }],
  ["off", OFF],
];
const runs = Object.fromEntries(sides.map(([name]) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, vars] of sides) runs[name].push(await measureStack(vars));
}

const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
console.log(
  `\nmarquee bench:overhead — ${CONNECTIONS} connections, ${DURATION_S}s per read, ${ROUNDS} rounds each way, ${cpus().length} cores, wrangler dev on loopback\n`,
);
console.log("read                          side                   req/s   p99 ms  ratio to off  non-2xx");
const worst = {};
for (const read of Object.keys(runs.off[0])) {
  const offRps = mean(runs.off.map((r) => r[read].rps));
  for (const [name] of sides) {
    const rps = mean(runs[name].map((r) => r[read].rps));
    const p99 = mean(runs[name].map((r) => r[read].p99));
    const bad = runs[name].reduce((sum, r) => sum + r[read].bad, 0);
    worst[name] = Math.min(worst[name] ?? Number.POSITIVE_INFINITY, rps / offRps);
    console.log(
      `${read.padEnd(29)} ${name.padEnd(20)} ${rps.toFixed(0).padStart(7)}  ${p99.toFixed(0).padStart(7)}  ${(rps / offRps).toFixed(2).padStart(12)}  ${bad}`,
    );
  }
}
console.log(`\nthroughput with metrics, logging and rate limits on: ${worst.on.toFixed(2)}× of off (goal ≥ ${GOAL})`);
console.log(`with metrics and rate limits on, no per-request log line: ${worst["without the log line"].toFixed(2)}× of off`);
