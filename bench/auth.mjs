// `npm run bench:auth`: starts the stack on loopback (fresh local state) and measures, at 50
// connections for 10 s each, an authenticated GET /api/me, POST /api/auth/login, and GET /ping
// (a route that does nothing: the runtime's floor). Prints req/s, p50 and p99, and me/floor.
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { startStack } from "../scripts/stack.mjs";

const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const port = Number(process.env.BENCH_PORT ?? 8791);

function load(url, opts = {}) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, ...opts }, (err, result) =>
      err ? reject(err) : resolve(result),
    );
  });
}

const state = mkdtempSync(join(tmpdir(), "marquee-bench-"));
const stack = await startStack({ port, persistTo: state, quiet: true });
try {
  const user = { email: "bench@marquee.local", password: "bench-password-123", name: "Bench", username: "bench" };
  const registered = await fetch(`${stack.baseUrl}/api/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(user),
  }).then((r) => r.json());
  const token = registered.accessToken;
  if (!token) throw new Error(`could not register the bench user: ${JSON.stringify(registered)}`);

  const scenarios = [
    ["GET /ping (floor)", { url: `${stack.baseUrl}/ping` }],
    ["GET /api/me", { url: `${stack.baseUrl}/api/me`, headers: { authorization: `Bearer ${token}` } }],
    [
      "POST /api/auth/login",
      {
        url: `${stack.baseUrl}/api/auth/login`,
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: user.email, password: user.password }),
      },
    ],
  ];

  const rows = [];
  for (const [name, opts] of scenarios) {
    await load(opts.url, { ...opts, duration: 2 }); // warm-up
    const result = await load(opts.url, opts);
    const bad = result.non2xx + result.errors + result.timeouts;
    rows.push({ name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, bad });
  }

  console.log(
    `\nmarquee bench:auth — ${CONNECTIONS} connections, ${DURATION_S}s each, ${cpus().length} cores, wrangler dev on loopback\n`,
  );
  console.log("scenario                 req/s     p50 ms   p99 ms   non-2xx/errors");
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(24)} ${r.rps.toFixed(0).padStart(7)}  ${String(r.p50).padStart(7)}  ${String(r.p99).padStart(7)}   ${r.bad}`,
    );
  }
  const ratio = rows[1].rps / rows[0].rps;
  console.log(`\nGET /api/me at ${ratio.toFixed(2)} of the floor (goal ≥ 0.60)`);
} finally {
  await stack.stop();
  rmSync(state, { recursive: true, force: true });
}
