// `npm run bench:soak`: a stack of its own on loopback (a snapshot of the tree, fresh state in it),
// seeded as `npm start` seeds, then a mixed workload for SOAK_MINUTES (10 by default) after one
// warm-up minute: browse (list, title, trending), search, Range reads of a seeded video through
// signed /stream URLs, seat holds (a quarter of them paid for, the rest released), comments, and
// follows whose notifications arrive over the followed user's WebSocket. SOAK_CONCURRENCY (8)
// loops run at once, each as one of SOAK_USERS (8) signed-in viewers.
//
// Prints per minute: requests, 4xx, 5xx, network errors, p50 and p99, and the workerd process's
// resident memory (VmRSS from /proc). Goals: 0 5xx; the last minute's p99 ≤ 1.2× the first's; RSS
// growth ≤ 10 % from the end of the warm-up minute to the end. Each is printed met or missed; the
// exit code is 1 only when a 5xx was answered. Writes bench/results/soak-<timestamp>.json.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import WebSocket from "ws";
import { adminSession, seed } from "../scripts/seed.mjs";
import { assertPortsFree, descendantPids, snapshotTree, startStack, workerdBaseUrl } from "../scripts/stack.mjs";
import { percentile } from "./lib/report.mjs";

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 8);
const USERS = Number(process.env.SOAK_USERS ?? 8);
const WARMUP_MS = Number(process.env.SOAK_WARMUP_SECONDS ?? 60) * 1000;
const port = Number(process.env.BENCH_PORT ?? 8831);
const RANGE = 256 * 1024;
const GOOD_CARD = { number: "4242424242424242", expMonth: 12, expYear: 2099, cvc: "123" };
const WORDS = ["the", "star", "night", "harbor", "orbit", "crimson", "echo", "storm", "gol", "silver"];
/** What a loop does next, by weight. */
const MIX = [
  ["browse", 30],
  ["search", 15],
  ["stream", 20],
  ["hold", 10],
  ["comment", 10],
  ["notify", 15],
];

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..");
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const pick = (items) => items[Math.floor(Math.random() * items.length)];

/** Every answer: when (ms since the measured part began; negative in the warm-up), what, how long, status (0: no answer). */
const samples = [];
let t0 = 0;

/** One request, timed and recorded; answers `{ status, body, headers }` (body parsed when JSON). */
async function call(base, method, path, { token, body, headers = {}, op, raw = false } = {}) {
  const started = performance.now();
  let status = 0;
  try {
    const res = await fetch(path.startsWith("http") ? path : `${base}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    status = res.status;
    const payload = raw ? Buffer.from(await res.arrayBuffer()) : await res.json().catch(() => null);
    return { status, body: payload, headers: res.headers };
  } catch (err) {
    return { status: 0, body: String(err), headers: new Headers() };
  } finally {
    if (op) samples.push({ t: Date.now() - t0, op, ms: performance.now() - started, status });
  }
}

/**
 * The resident memory (KiB) of every workerd process below wrangler dev, summed, their pids, and
 * per process the part that is anonymous (heaps) and file-backed (mapped SQLite files, the binary).
 */
function workerdRss(stack) {
  let kib = 0;
  const pids = [];
  const byPid = {};
  const field = (status, name) => Number(status.match(new RegExp(`^${name}:\\s+(\\d+) kB`, "m"))?.[1] ?? 0);
  for (const pid of descendantPids(stack.child.pid)) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, "utf8").trim() !== "workerd") continue;
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const rssKiB = field(status, "VmRSS");
      kib += rssKiB;
      pids.push(pid);
      byPid[pid] = { rssKiB, anonKiB: field(status, "RssAnon"), fileKiB: field(status, "RssFile") };
    } catch {
      // the process has ended
    }
  }
  return { kib, pids, byPid };
}

/** A viewer's notification socket: counts the notification frames it receives; reconnects when dropped. */
function openSocket(base, viewer, counters) {
  let stopped = false;
  const open = () => {
    const ws = new WebSocket(`${base.replace("http", "ws")}/api/notifications/ws?token=${encodeURIComponent(viewer.token)}`);
    viewer.ws = ws;
    ws.on("message", (data) => {
      try {
        if (JSON.parse(String(data)).type === "notification") counters.frames++;
      } catch {
        counters.badFrames++;
      }
    });
    ws.on("error", () => {});
    ws.on("close", () => {
      if (stopped) return;
      counters.reconnects++;
      setTimeout(open, 500);
    });
  };
  open();
  const ping = setInterval(() => viewer.ws?.readyState === WebSocket.OPEN && viewer.ws.send('{"type":"ping"}'), 20_000);
  return () => {
    stopped = true;
    clearInterval(ping);
    viewer.ws?.close();
  };
}

async function register(base, run, i) {
  const account = {
    email: `soak${run}${i}@bench.local`,
    password: "soak-password-123",
    name: `Soak ${i}`,
    username: `soak${run}${i}`,
  };
  const res = await call(base, "POST", "/api/auth/register", { body: account });
  if (res.status !== 201) throw new Error(`register answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { id: res.body.user.id, token: res.body.accessToken, refreshToken: res.body.refreshToken, following: new Set() };
}

/** Everything the workload reads from: titles, showtimes still to come, and a signed URL of a seeded video. */
async function fixtures(base) {
  const admin = await adminSession(base);
  const movies = (await call(base, "GET", "/api/movies?limit=100")).body?.items ?? [];
  const later = Date.now() + 2 * 3600_000;
  const showtimes = ((await call(base, "GET", "/api/showtimes?limit=100")).body?.items ?? []).filter(
    (s) => Date.parse(s.startsAt) > later,
  );
  const media = (await call(base, "GET", "/api/media?limit=100", { token: admin.accessToken })).body?.items ?? [];
  const video = media.find((m) => m.status === "ready" && String(m.contentType).startsWith("video/"));
  if (!movies.length || !showtimes.length || !video)
    throw new Error(`the seed left no ${!movies.length ? "movies" : !showtimes.length ? "showtimes to come" : "ready video"}`);
  const playback = await call(base, "GET", `/api/media/${video.id}/playback`, { token: admin.accessToken });
  if (playback.status !== 200) throw new Error(`playback of ${video.id} answered ${playback.status}`);
  const files = await streamedFiles(base, playback.body.url);
  if (!files.length) throw new Error(`no Range read of the seeded video's files answered 206`);
  await call(base, "POST", "/api/auth/logout", { token: admin.accessToken });
  return { movies, showtimes, stream: { files, title: video.title } };
}

/**
 * The files a player reads for `url` (a signed /stream URL), with their sizes: the file itself, or
 * for an HLS playlist every media segment of its first rendition (what players Range-read).
 */
async function streamedFiles(base, url) {
  const sizeOf = async (fileUrl) => {
    const head = await call(base, "GET", fileUrl, { headers: { range: "bytes=0-0" }, raw: true });
    return head.status === 206 ? Number(head.headers.get("content-range")?.split("/")[1]) : 0;
  };
  if (!new URL(url).pathname.endsWith(".m3u8")) return [{ url, size: await sizeOf(url) }].filter((f) => f.size);
  const lines = async (playlistUrl) =>
    (await (await fetch(playlistUrl)).text())
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith("#"));
  const [variant] = await lines(url);
  const variantUrl = variant.endsWith(".m3u8") ? new URL(variant, url).href : url;
  const segments = (await lines(variantUrl)).map((s) => new URL(s, variantUrl).href);
  const files = [];
  for (const segment of segments) files.push({ url: segment, size: await sizeOf(segment) });
  return files.filter((f) => f.size);
}

/** One step of a viewer's workload (a few requests). */
async function step(base, op, viewer, viewers, fx, counters) {
  const token = viewer.token;
  switch (op) {
    case "browse": {
      await call(base, "GET", "/api/movies?limit=20", { token, op: "browse" });
      await call(base, "GET", `/api/movies/${pick(fx.movies).id}`, { token, op: "browse" });
      await call(base, "GET", "/api/trending", { op: "browse" });
      return;
    }
    case "search":
      await call(base, "GET", `/api/search?q=${encodeURIComponent(pick(WORDS))}`, { token, op: "search" });
      return;
    case "stream": {
      const file = pick(fx.stream.files);
      const offset = Math.floor(Math.random() * Math.max(1, file.size - RANGE));
      const res = await call(base, "GET", file.url, {
        headers: { range: `bytes=${offset}-${Math.min(file.size, offset + RANGE) - 1}` },
        op: "stream",
        raw: true,
      });
      if (res.status === 206) counters.streamBytes += res.body.length;
      return;
    }
    case "hold": {
      const hold = await call(base, "POST", `/api/showtimes/${pick(fx.showtimes).id}/holds`, {
        token,
        body: { count: 1 },
        op: "hold",
      });
      if (hold.status !== 201) return;
      if (Math.random() < 0.25) {
        const order = await call(base, "POST", "/api/orders", {
          token,
          body: { holdId: hold.body.id, card: GOOD_CARD },
          headers: { "idempotency-key": crypto.randomUUID() },
          op: "order",
        });
        if (order.status === 201) counters.tickets += order.body.tickets?.length ?? 0;
        else await call(base, "DELETE", `/api/holds/${hold.body.id}`, { token, op: "hold" });
      } else await call(base, "DELETE", `/api/holds/${hold.body.id}`, { token, op: "hold" });
      return;
    }
    case "comment": {
      const movie = pick(fx.movies);
      await call(base, "POST", "/api/comments", {
        token,
        body: { movieId: movie.id, body: `Soak comment ${crypto.randomUUID()}` },
        op: "comment",
      });
      await call(base, "GET", `/api/movies/${movie.id}/comments?limit=10`, { token, op: "comment" });
      return;
    }
    case "notify": {
      const other = pick(viewers.filter((v) => v !== viewer));
      const following = viewer.following.has(other.id);
      const res = await call(base, following ? "DELETE" : "POST", `/api/users/${other.id}/follow`, { token, op: "notify" });
      if (res.status < 300) {
        if (following) viewer.following.delete(other.id);
        else {
          viewer.following.add(other.id);
          counters.follows++;
        }
      }
      await call(base, "GET", "/api/notifications?limit=10", { token, op: "notify" });
      return;
    }
  }
}

function chooseOp() {
  const total = MIX.reduce((n, [, w]) => n + w, 0);
  let r = Math.random() * total;
  for (const [op, w] of MIX) {
    r -= w;
    if (r < 0) return op;
  }
  return MIX[0][0];
}

/** Per-minute rows from `samples` (measured part only). */
function minutes(rss) {
  const rows = [];
  for (let m = 0; m < MINUTES; m++) {
    const inMinute = samples.filter((s) => s.t >= m * 60_000 && s.t < (m + 1) * 60_000);
    const ms = inMinute.map((s) => s.ms);
    rows.push({
      minute: m + 1,
      requests: inMinute.length,
      ok: inMinute.filter((s) => s.status >= 200 && s.status < 400).length,
      "4xx": inMinute.filter((s) => s.status >= 400 && s.status < 500).length,
      "5xx": inMinute.filter((s) => s.status >= 500).length,
      networkErrors: inMinute.filter((s) => s.status === 0).length,
      p50: percentile(ms, 50),
      p99: percentile(ms, 99),
      rssMiB: rss[m] === undefined ? null : rss[m] / 1024,
    });
  }
  return rows;
}

const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "—");

await assertPortsFree(port);
// wrangler dev reloads the Worker (dropping every socket) when a file in its tree changes; others
// edit this tree, so the stack runs from a snapshot. The demo clips' cache comes along.
const tree = snapshotTree();
if (existsSync(join(repo, ".wrangler/demo-media")))
  cpSync(join(repo, ".wrangler/demo-media"), join(tree, ".wrangler/demo-media"), { recursive: true });
process.chdir(tree);
console.log(
  `bench:soak: ${MINUTES} min after a ${WARMUP_MS / 1000} s warm-up, ${CONCURRENCY} loops, ${USERS} viewers, ${cpus().length} cores`,
);
// bench:overhead's switches pass through (REQUEST_LOG=off npm run bench:soak), to tell what grows.
const switches = Object.fromEntries(
  ["REQUEST_LOG", "REQUEST_METRICS", "RATE_LIMITS"].filter((name) => process.env[name]).map((name) => [name, process.env[name]]),
);
const stack = await startStack({ port, persistTo: join(tree, ".bench-state"), quiet: true, vars: switches });
const stops = [];
let exitCode = 0;
try {
  console.log("seeding (as npm start does)…");
  // The seed is idempotent: on a loaded machine a dropped connection is retried, not fatal.
  let demo;
  for (let attempt = 1; !demo; attempt++) {
    try {
      demo = await seed(stack.baseUrl, { log: (line) => process.env.SOAK_VERBOSE && console.log(`  ${line}`) });
    } catch (err) {
      if (attempt >= 3) throw err;
      console.log(`seed attempt ${attempt} failed (${err instanceof Error ? (err.cause ?? err.message) : err}); again`);
    }
  }
  if (!demo.playable) throw new Error("the demo media could not be made, so there is nothing to stream");
  const direct = await workerdBaseUrl(stack);
  const base = direct ?? stack.baseUrl;
  const fx = await fixtures(base);
  const run = Date.now().toString(36);
  const viewers = [];
  for (let i = 0; i < USERS; i++) viewers.push(await register(base, run, i));
  const counters = { frames: 0, badFrames: 0, reconnects: 0, follows: 0, tickets: 0, streamBytes: 0 };
  for (const viewer of viewers) stops.push(openSocket(base, viewer, counters));
  // Access tokens live 15 minutes: each viewer refreshes every 10.
  const refresher = setInterval(async () => {
    for (const viewer of viewers) {
      const res = await call(base, "POST", "/api/auth/refresh", { body: { refreshToken: viewer.refreshToken } });
      if (res.status === 200) Object.assign(viewer, { token: res.body.accessToken, refreshToken: res.body.refreshToken });
    }
  }, 10 * 60_000);
  stops.push(() => clearInterval(refresher));
  console.log(
    `${direct ? "direct to workerd" : "through wrangler dev"}; ${fx.movies.length} movies, ${fx.showtimes.length} showtimes to come, streaming "${fx.stream.title}" (${fx.stream.files.length} files, ${fmt(fx.stream.files.reduce((n, f) => n + f.size, 0) / 1048576)} MiB)`,
  );

  const rss = [];
  let rssStart;
  let rssEnd;
  t0 = Date.now() + WARMUP_MS;
  const end = t0 + MINUTES * 60_000;
  const sampler = (async () => {
    await sleep(Math.max(0, t0 - Date.now()));
    rssStart = workerdRss(stack);
    console.log(`warm-up done; workerd (pid ${rssStart.pids.join(", ")}) RSS ${fmt(rssStart.kib / 1024)} MiB`);
    for (let m = 0; m < MINUTES; m++) {
      await sleep(Math.max(0, t0 + (m + 1) * 60_000 - Date.now()));
      rss[m] = workerdRss(stack).kib;
      const [row] = minutes(rss).slice(m, m + 1);
      console.log(
        `minute ${row.minute}: ${row.requests} requests, ${row["4xx"]} 4xx, ${row["5xx"]} 5xx, ${row.networkErrors} errors, p50 ${fmt(row.p50)} ms, p99 ${fmt(row.p99)} ms, RSS ${fmt(row.rssMiB)} MiB`,
      );
    }
    rssEnd = workerdRss(stack);
  })();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, i) => {
      while (Date.now() < end) await step(base, chooseOp(), viewers[i % viewers.length], viewers, fx, counters);
    }),
  );
  await sampler;
  await sleep(1000); // the last notification frames

  const rows = minutes(rss);
  const measured = samples.filter((s) => s.t >= 0 && s.t < MINUTES * 60_000);
  const fiveXx = measured.filter((s) => s.status >= 500).length;
  const netErrors = measured.filter((s) => s.status === 0).length;
  const first = rows[0].p99;
  const last = rows.at(-1).p99;
  const growth = rssEnd.kib / rssStart.kib - 1;
  const byOp = Object.fromEntries(
    MIX.map(([op]) => op)
      .concat("order")
      .map((op) => {
        const of = measured.filter((s) => s.op === op);
        return [
          op,
          {
            requests: of.length,
            "4xx": of.filter((s) => s.status >= 400 && s.status < 500).length,
            "5xx": of.filter((s) => s.status >= 500).length,
            p99: percentile(
              of.map((s) => s.ms),
              99,
            ),
          },
        ];
      }),
  );
  const goals = [
    { goal: "0 responses of 5xx", value: fiveXx, met: fiveXx === 0 },
    { goal: "last minute's p99 ≤ 1.2× the first's", value: last / first, met: last <= 1.2 * first },
    { goal: "workerd RSS growth ≤ 10 % after warm-up", value: growth, met: growth <= 0.1 },
  ];

  console.log("\nminute  requests    4xx   5xx  errors   p50 ms   p99 ms   RSS MiB");
  for (const r of rows)
    console.log(
      `${String(r.minute).padStart(6)}  ${String(r.requests).padStart(8)}  ${String(r["4xx"]).padStart(5)}  ${String(r["5xx"]).padStart(4)}  ${String(r.networkErrors).padStart(6)}  ${fmt(r.p50).padStart(7)}  ${fmt(r.p99).padStart(7)}  ${fmt(r.rssMiB).padStart(8)}`,
    );
  console.log("\nby kind (requests, 4xx, 5xx, p99 ms):");
  for (const [op, s] of Object.entries(byOp))
    console.log(`  ${op.padEnd(8)} ${s.requests} ${s["4xx"]} ${s["5xx"]} ${fmt(s.p99)}`);
  console.log(
    `\n${measured.length} requests in ${MINUTES} min (${fmt(measured.length / (MINUTES * 60))}/s); error rate ${fmt(((fiveXx + netErrors) / measured.length) * 100, 3)} % (${fiveXx} 5xx, ${netErrors} without an answer)`,
  );
  console.log(
    `notifications: ${counters.follows} follows, ${counters.frames} frames over WebSocket, ${counters.reconnects} reconnects; ${counters.tickets} tickets sold; ${fmt(counters.streamBytes / 1048576)} MiB streamed`,
  );
  console.log(
    `workerd RSS: ${fmt(rssStart.kib / 1024)} MiB after warm-up → ${fmt(rssEnd.kib / 1024)} MiB at the end (${fmt(growth * 100)} %)`,
  );
  for (const pid of rssEnd.pids) {
    const [a, b] = [rssStart.byPid[pid], rssEnd.byPid[pid]];
    if (a && b)
      console.log(
        `  workerd pid ${pid}: RSS ${fmt(a.rssKiB / 1024)} → ${fmt(b.rssKiB / 1024)} MiB (anonymous ${fmt(a.anonKiB / 1024)} → ${fmt(b.anonKiB / 1024)}, file-backed ${fmt(a.fileKiB / 1024)} → ${fmt(b.fileKiB / 1024)})`,
      );
  }
  for (const g of goals)
    console.log(
      `${g.met ? "met   " : "missed"}  ${g.goal} (${typeof g.value === "number" && g.goal.includes("RSS") ? `${fmt(g.value * 100)} %` : fmt(g.value, 2)})`,
    );

  const results = join(repo, "bench", "results");
  mkdirSync(results, { recursive: true });
  const file = join(results, `soak-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        bench: "soak",
        at: new Date().toISOString(),
        machine: { cores: cpus().length, node: process.version },
        settings: {
          minutes: MINUTES,
          warmupSeconds: WARMUP_MS / 1000,
          concurrency: CONCURRENCY,
          users: USERS,
          mix: Object.fromEntries(MIX),
          rangeBytes: RANGE,
          direct: Boolean(direct),
          switches,
        },
        minutes: rows,
        byOp,
        totals: { requests: measured.length, "5xx": fiveXx, networkErrors: netErrors, ...counters },
        rss: { startKiB: rssStart.kib, endKiB: rssEnd.kib, growth, pids: rssEnd.pids, start: rssStart.byPid, end: rssEnd.byPid },
        goals,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`\nwrote ${file}`);
  if (fiveXx > 0) exitCode = 1;
} catch (err) {
  console.error(`bench:soak failed: ${err instanceof Error ? err.stack : err}`);
  exitCode = 2;
} finally {
  for (const stop of stops) stop();
  await stack.stop();
  process.chdir(repo);
  rmSync(tree, { recursive: true, force: true });
}
process.exit(exitCode);
