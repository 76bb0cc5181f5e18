// `npm run bench:catalog`: starts the stack on loopback (fresh local state), seeds the demo
// catalog, and measures at 50 connections for 10 s each: GET /ping (the floor, as in
// bench:auth), a cached list page, uncached list pages (a fresh keyset position per request),
// a title detail and a search, each against the floor. Then it stops the stack, loads
// 100,000 generated titles into the same local D1 (one SQL statement; the FTS triggers index
// them), restarts, and measures search again: ten popular queries that repeat (answered from
// the cache) and queries never asked before in the run (always answered by FTS5), at 50
// connections and at 1. Prints req/s, p50 and p99.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { seed } from "../scripts/seed.mjs";
import { ADJECTIVES, NOUNS } from "../scripts/seed-catalog.mjs";
import { startStack, workerdBaseUrl } from "../scripts/stack.mjs";

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

async function measure(name, opts) {
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

const base64url = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
const randomWord = () => Math.random().toString(36).slice(2, 8);

const SEARCHES = ["nebu ris", "pelicula", "the sil", "harbor", "orbit", "crimson tide", "kingdom", "gol", "echo", "storm"];
const BULK_SEARCHES = [
  "nebu ris",
  "pelicula",
  "sil har",
  "crimson",
  "gold orbit",
  "echo",
  "lantern tide",
  "frozen emp",
  "mirage",
  "wild sig",
];

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

const state = mkdtempSync(join(tmpdir(), "marquee-bench-catalog-"));
let stack = await startStack({ port, persistTo: state, quiet: true });
try {
  const started = Date.now();
  await seed(stack.baseUrl);
  console.log(`seeded the demo catalog in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  const url = stack.baseUrl;
  const movies = await (await fetch(`${url}/api/movies?limit=100&sort=title`)).json();
  const detailId = movies.items[0].id;
  // Keyset positions just before real titles, each with a random tie-breaker: every request is
  // a full page that no earlier request has cached.
  const positions = movies.items.slice(0, 40).map((m) => m.title);

  const rows = [];
  rows.push(await measure("GET /ping (floor)", { url: `${url}/ping` }));
  rows.push(await measure("cached list  GET /api/movies", { url: `${url}/api/movies?limit=20` }));
  rows.push(await measure("detail       GET /api/movies/:id", { url: `${url}/api/movies/${detailId}` }));
  rows.push(
    await measure("search (10 repeated queries)", {
      url,
      requests: rotating((i) => `/api/search?q=${encodeURIComponent(SEARCHES[i % SEARCHES.length])}`),
    }),
  );
  // Last: every miss leaves a KV write behind, which would weigh on whatever ran next.
  rows.push(
    await measure("uncached list (fresh cursor each)", {
      url,
      requests: rotating((i) => `/api/movies?limit=20&cursor=${base64url([positions[i % positions.length], randomWord()])}`),
    }),
  );
  const floor = rows[0];
  print(
    `marquee bench:catalog — demo catalog, ${CONNECTIONS} connections, ${DURATION_S}s each, ${cpus().length} cores, wrangler dev on loopback`,
    rows,
    floor,
  );
  console.log(
    `\ncached list at ${(rows[1].rps / floor.rps).toFixed(2)} of the floor, detail at ${(rows[2].rps / floor.rps).toFixed(2)} (goal ≥ 0.70)`,
  );

  await stack.stop();
  const loading = Date.now();
  const result = spawnSync(
    "node_modules/.bin/wrangler",
    ["d1", "execute", "DB", "--local", "--persist-to", state, "--command", bulkInsertSql(BULK_TITLES)],
    { stdio: "ignore", env: { ...process.env, CI: "true" } },
  );
  if (result.status !== 0) throw new Error("loading the bulk titles failed");
  console.log(
    `\nloaded ${BULK_TITLES.toLocaleString("en")} generated titles (indexed by the FTS triggers) in ${((Date.now() - loading) / 1000).toFixed(1)}s`,
  );
  stack = await startStack({ port, persistTo: state, quiet: true });
  const check = await (await fetch(`${stack.baseUrl}/api/search?q=nebu%20ris&limit=100`)).json();
  if (!Array.isArray(check.items) || check.items.length === 0) throw new Error(`search found nothing: ${JSON.stringify(check)}`);

  // One connection first, before the 50-connection runs leave their cache writes behind: the
  // latency of a search itself, without others queued ahead of it. Through wrangler dev's proxy
  // (as `npm start` serves it) and straight to the Worker's workerd, as production has no proxy.
  const freshSearches = { connections: 1, requests: rotating(() => `/api/search?q=${encodeURIComponent(freshSearch())}`) };
  const alone = [await measure("never-repeated, 1 connection", { url: stack.baseUrl, ...freshSearches })];
  const direct = await workerdBaseUrl(stack);
  if (direct) alone.push(await measure("  same, direct to workerd", { url: direct, ...freshSearches }));
  else console.log("the Worker's own workerd socket was not found; searches are measured through wrangler's proxy only");

  const bulk = [await measure("GET /ping (floor)", { url: `${stack.baseUrl}/ping` })];
  // Popular queries repeat (and are answered from the cache); fresh ones always reach FTS5.
  bulk.push(
    await measure("search (10 repeated queries)", {
      url: stack.baseUrl,
      requests: rotating((i) => `/api/search?q=${encodeURIComponent(BULK_SEARCHES[i % BULK_SEARCHES.length])}`),
    }),
  );
  bulk.push(
    await measure("search (never-repeated queries)", {
      url: stack.baseUrl,
      requests: rotating(() => `/api/search?q=${encodeURIComponent(freshSearch())}`),
    }),
  );
  print(`with ${(BULK_TITLES + movies.items.length).toLocaleString("en")}+ titles in the local D1`, [...bulk, ...alone], bulk[0]);
  console.log(
    `\nsearch p99 at ${BULK_TITLES.toLocaleString("en")} titles, ${CONNECTIONS} connections: ${bulk[1].p99} ms repeated, ${bulk[2].p99} ms never-repeated; ` +
      `never-repeated at 1 connection: ${alone[0].p99} ms through wrangler dev${alone[1] ? `, ${alone[1].p99} ms direct to workerd` : ""} (goal < 50 ms)`,
  );
} finally {
  await stack.stop();
  rmSync(state, { recursive: true, force: true });
}
