// `npm run bench:catalog`: starts the stack on loopback (fresh local state), seeds the demo
// catalog, and measures, straight to the Worker's own workerd (production has no wrangler proxy),
// each against a floor from the same run:
//   - the cached list page (50 connections, BENCH_SECONDS each) against a bare route returning the
//     same bytes from KV (a bench Worker on the same runtime: bench/lib/floors.mjs startKvFloor),
//     goal ≥ 0.9× req/s;
//   - then, after loading BENCH_TITLES (100,000) generated titles into the same local D1 (one SQL
//     statement; the FTS triggers index them) and restarting, never-repeated searches (prefixes of
//     two title words, never answered from the cache) at 1 and 10 connections against a bare route
//     doing one indexed D1 read (a movie by primary key) on the same local D1 file (startD1Floor,
//     bound to the stack's persistence directory once the stack has stopped), goal p99 ≤ 2×.
// GET /ping on the same stack is measured beside each, to split where the time goes.
// measure() answers the rows for `npm run bench`; run on its own, it prints them.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { seed } from "../scripts/seed.mjs";
import { ADJECTIVES, NOUNS } from "../scripts/seed-catalog.mjs";
import { startStack, workerdBaseUrl } from "../scripts/stack.mjs";
import { startD1Floor, startKvFloor } from "./lib/floors.mjs";
import { isMain, printResult, ratioRow } from "./lib/report.mjs";

const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const BULK_TITLES = Number(process.env.BENCH_TITLES ?? 100_000);
const port = Number(process.env.BENCH_PORT ?? 8797);

function load(opts) {
  return new Promise((resolve, reject) => {
    // A generous timeout: on a busy shared machine a slow answer is a figure, not an error.
    autocannon({ connections: CONNECTIONS, duration: DURATION_S, timeout: 30, ...opts }, (err, result) =>
      err ? reject(err) : resolve(result),
    );
  });
}

async function scenario(name, opts) {
  await load({ ...opts, duration: 2 }); // warm-up (and fills the cache for cached scenarios)
  const result = await load(opts);
  return {
    name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    bad: `${result.non2xx}/${result.errors}/${result.timeouts}`,
  };
}

/** Each request gets its own path (autocannon calls this per request). */
const rotating = (paths) => {
  let i = 0;
  return [{ method: "GET", setupRequest: (req) => ({ ...req, path: paths(i++) }) }];
};

function print(title, rows, floor) {
  console.log(`\n${title}\n`);
  console.log("scenario                              req/s     p50 ms   p99 ms   vs floor   non-2xx/errors/timeouts");
  for (const r of rows) {
    const ratio = floor ? (r.rps / floor.rps).toFixed(2) : "";
    console.log(
      `${r.name.padEnd(36)} ${r.rps.toFixed(0).padStart(7)}  ${String(r.p50).padStart(7)}  ${String(r.p99).padStart(7)}   ${ratio.padStart(8)}   ${r.bad}`,
    );
  }
}

/** The 64 real words of generated titles: the demo catalog's and 40 more. */
const WORDS = [
  ...ADJECTIVES,
  ...NOUNS,
  "Película",
  "Corazón",
  "Verano",
  "Océano",
  "Sueños",
  "Nebula",
  "Rising",
  "Storm",
  "River",
  "Shadow",
  "Winter",
  "Summer",
  "Glass",
  "Iron",
  "Paper",
  "Stone",
  "Velvet",
  "Neon",
  "Copper",
  "Silver",
  "Amber",
  "Jade",
  "Scarlet",
  "Cobalt",
  "Station",
  "Protocol",
  "Machine",
  "Horizon",
  "Legacy",
  "Prophecy",
  "Reckoning",
  "Voyage",
  "Requiem",
  "Anthem",
  "Carnival",
  "Dynasty",
  "Atlas",
  "Beacon",
  "Cipher",
  "Delta",
];

/**
 * A query nobody has typed before in this run: prefixes of two title words ("sil har"), so it
 * matches like a real as-you-type search but is never answered from the cache.
 */
const asked = new Set();
function freshSearch() {
  const prefix = (w) => w.toLowerCase().slice(0, 3 + Math.floor(Math.random() * (w.length - 2)));
  const pick = () => WORDS[Math.floor(Math.random() * WORDS.length)];
  for (;;) {
    const q = `${prefix(pick())} ${prefix(pick())}`;
    if (!asked.has(q)) {
      asked.add(q);
      return q;
    }
  }
}

/**
 * 100,000 titles in one INSERT ... SELECT over a recursive counter. A title is two of 64 real
 * words and one of 1,024 made-up words (32 stems x 32 endings); a synopsis adds four more
 * made-up words, so a word matches a realistic share of the catalog rather than all of it.
 */
function bulkInsertSql(count) {
  const stems =
    "Val Mor Ker Dun Sil Bra Cor Fen Gal Hal Ith Jor Kal Lun Mar Nor Orl Pel Quin Ros Sar Tal Ulm Ven Wyn Xan Yor Zel Ash Bel Cal Dra".split(
      " ",
    );
  const endings =
    "a en ia or us eth ion ara ik os ur ine ald ora is an eo ith ax el ond ira um yn et ova ard ix ea il ost ane".split(" ");
  const table = (list) => list.map((w, i) => `(${i}, '${w}')`).join(", ");
  const words = WORDS;
  const n = words.length;
  const word = (expr) => `(SELECT v FROM w WHERE k = (${expr}) % ${n})`;
  const made = (expr) => `(SELECT v FROM st WHERE k = (${expr}) % 32) || (SELECT v FROM en WHERE k = ((${expr}) / 32) % 32)`;
  return `WITH RECURSIVE
  c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < ${count - 1}),
  w(k, v) AS (VALUES ${table(words)}),
  st(k, v) AS (VALUES ${table(stems)}),
  en(k, v) AS (VALUES ${table(endings)})
INSERT INTO movies (id, title, synopsis, release_year, runtime_minutes, languages, created_at, updated_at)
SELECT printf('bulk%07d', i),
  ${word("i")} || ' ' || ${word(`i / ${n}`)} || ' ' || ${made("i * 7 + 3")},
  'A story of ' || ${made("i * 13 + 5")} || ' and ' || ${made("i * 17 + 11")} || ' in ' || ${made("i * 31 + 1")} || ' ' || ${made("i * 37 + 19")} || '.',
  1950 + i % 75, 80 + i % 90, '["en"]', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'
FROM c`;
}

const SEARCH_CONNECTIONS = [1, 10];
const FLOOR_SQL = "SELECT id, title, release_year FROM movies WHERE id = ?";

/** @returns {Promise<import("./lib/report.mjs").BenchResult>} */
export async function measure() {
  const state = mkdtempSync(join(tmpdir(), "marquee-bench-catalog-"));
  let stack = await startStack({ port, persistTo: state, quiet: true });
  try {
    const started = Date.now();
    await seed(stack.baseUrl);
    console.log(`seeded the demo catalog in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    const direct = (await workerdBaseUrl(stack)) ?? stack.baseUrl;
    const way = direct === stack.baseUrl ? "through wrangler dev" : "direct to workerd";
    const pagePath = "/api/movies?limit=20";
    const ping = await scenario("GET /ping", { url: `${direct}/ping` });
    const cached = await scenario("cached list page", { url: `${direct}${pagePath}` });
    const page = await fetch(`${direct}${pagePath}`);
    const bytes = Buffer.from(await page.arrayBuffer());
    const type = page.headers.get("content-type") ?? "application/json";

    const kv = await startKvFloor({ port: port + 1 });
    let kvFloor;
    try {
      await kv.put("/page", bytes, type);
      kvFloor = await scenario("bare KV route, same bytes", { url: `${kv.baseUrl}/page` });
    } finally {
      await kv.stop();
    }

    await stack.stop();
    const loading = Date.now();
    const result = spawnSync(
      "node_modules/.bin/wrangler",
      ["d1", "execute", "DB", "--local", "--persist-to", state, "--command", bulkInsertSql(BULK_TITLES)],
      { stdio: "ignore", env: { ...process.env, CI: "true" } },
    );
    if (result.status !== 0) throw new Error("loading the bulk titles failed");
    console.log(`loaded ${BULK_TITLES.toLocaleString("en")} generated titles in ${((Date.now() - loading) / 1000).toFixed(1)}s`);
    stack = await startStack({ port, persistTo: state, quiet: true, migrate: false });
    const check = await (await fetch(`${stack.baseUrl}/api/search?q=nebu%20ris&limit=100`)).json();
    if (!Array.isArray(check.items) || check.items.length === 0)
      throw new Error(`search found nothing: ${JSON.stringify(check)}`);
    const bulkDirect = (await workerdBaseUrl(stack)) ?? stack.baseUrl;
    const searches = {};
    const pings = {};
    for (const connections of SEARCH_CONNECTIONS) {
      searches[connections] = await scenario(`never-repeated search, ${connections} conn`, {
        url: bulkDirect,
        connections,
        requests: rotating(() => `/api/search?q=${encodeURIComponent(freshSearch())}`),
      });
      pings[connections] = await scenario(`GET /ping, ${connections} conn`, { url: `${bulkDirect}/ping`, connections });
    }
    await stack.stop();

    // The floor reads the same SQLite file, after the stack has let go of it.
    const d1 = await startD1Floor({ port: port + 2, persistTo: state, sql: FLOOR_SQL });
    const floors = {};
    try {
      const probe = await (await fetch(`${d1.baseUrl}/read?k=bulk0000042`)).json();
      if (!probe?.id) throw new Error(`the D1 floor found no movie: ${JSON.stringify(probe)}`);
      for (const connections of SEARCH_CONNECTIONS) {
        floors[connections] = await scenario(`bare D1 read, ${connections} conn`, {
          url: d1.baseUrl,
          connections,
          requests: rotating(() => `/read?k=bulk${String(Math.floor(Math.random() * BULK_TITLES)).padStart(7, "0")}`),
        });
      }
    } finally {
      await d1.stop();
    }

    print(
      `marquee bench:catalog — ${cpus().length} cores, ${way}; search with ${BULK_TITLES.toLocaleString("en")} generated titles`,
      [ping, cached, kvFloor, ...SEARCH_CONNECTIONS.flatMap((c) => [searches[c], pings[c], floors[c]])],
    );

    const cachedRow = ratioRow({
      id: "catalog.cached-page",
      work: `cached catalog page, GET ${pagePath} at ${CONNECTIONS} connections (req/s, ${way})`,
      figure: { value: cached.rps, unit: "req/s" },
      floor: { name: "bare Worker route returning the same bytes from KV", value: kvFloor.rps, unit: "req/s" },
      goal: { op: ">=", value: 0.9 },
      extra: {
        "page p99 ms": cached.p99,
        "floor p99 ms": kvFloor.p99,
        "same stack GET /ping req/s": ping.rps,
        "page bytes": bytes.length,
      },
    });
    if (!cachedRow.met)
      cachedRow.whereTimeGoes =
        `On the same stack GET /ping (the middleware, nothing cached) ran ${ping.rps.toFixed(0)} req/s and the KV floor ${kvFloor.rps.toFixed(0)}, ` +
        `the cached page ${cached.rps.toFixed(0)}. ` +
        (ping.rps >= 0.9 * kvFloor.rps
          ? "The middleware keeps up with the floor, so the gap is the cached path itself: a hit is served from the isolate's memory " +
            "(else KV) only after one RPC to the CatalogVersions object holding the list scope's version, and every list page's " +
            "scope lives on the same one of the 16 shards, so at 50 connections every read queues on that one object."
          : "Part of the gap is Marquee's middleware chain on every request (request id, security headers, CORS, rate-limit check, " +
            "query validation); the rest is the hit's version RPC to the one CatalogVersions object holding the list scope.");
    const rows = [cachedRow];
    for (const connections of SEARCH_CONNECTIONS) {
      const search = searches[connections];
      const floor = floors[connections];
      const row = ratioRow({
        id: `catalog.search-p99-${connections}`,
        work: `search at ${BULK_TITLES.toLocaleString("en")} titles, never-repeated queries, p99 at ${connections} connection${connections > 1 ? "s" : ""} (${way})`,
        figure: { value: search.p99, unit: "ms" },
        floor: { name: "bare Worker route doing one indexed D1 read (primary key)", value: floor.p99, unit: "ms" },
        goal: { op: "<=", value: 2 },
        extra: {
          "search p50 ms": search.p50,
          "search req/s": search.rps,
          "floor p50 ms": floor.p50,
          "floor req/s": floor.rps,
          "same stack GET /ping p99 ms": pings[connections].p99,
        },
      });
      if (!row.met)
        row.whereTimeGoes =
          `At ${connections} connection${connections > 1 ? "s" : ""} the search's p50 is ${search.p50} ms against the floor's ${floor.p50} ms and GET /ping's ${pings[connections].p50} ms on the same stack. ` +
          `A never-repeated search is the FTS5 MATCH over ${BULK_TITLES.toLocaleString("en")} titles ranked by bm25 (at 100,000: 1 ms at p50, 6–9 ms at p99 in plain SQLite, measured earlier)` +
          " plus the cache lookup in KV, the catalog version read and the cache write after it; a primary-key read is one " +
          "B-tree probe. Local D1 answers one query at a time from one SQLite file, so at 10 connections the slow MATCH queries make " +
          "the others wait behind them.";
      rows.push(row);
    }
    return { rows };
  } finally {
    await stack.stop().catch(() => {});
    rmSync(state, { recursive: true, force: true });
  }
}

if (await isMain(import.meta.url)) {
  printResult(await measure());
}
