// `npm run bench:seats`: 1,000 simulated buyers arrive over 10 s and race for the 100 seats of
// one showtime, twice, both on loopback in workerd with a real D1:
//   1. Marquee: hold through the ShowtimeSeats Durable Object, then POST /api/orders.
//   2. The seeds' design: each buyer reads the free seats from D1 and inserts its tickets
//      straight into D1, relying on UNIQUE(showtime_id, seat_label). A tiny Worker started
//      beside the stack; it does no sign-in, which only flatters it.
// Each buyer wants 1–4 seats: half ask for the best available, half pick seats from the map
// they just read. The race is for the seats (the hold, or the INSERT); the winners then pay,
// and the 15% whose card declines let their seats go.
// Prints attempts/s, p50/p99 latency of the contended step, seats sold vs paid, and double-sold.
//
// For `npm run bench` (measure()), also holds/s: HOLD_CONNECTIONS signed-in buyers, each holding one
// seat again and again (best available; each hold replaces the buyer's previous one, so seats never
// run out) for BENCH_SECONDS, direct to the Worker's workerd, against the floor: a bench Worker (its
// own wrangler dev, the same runtime) whose route does nothing but read the JSON body and answer 201,
// driven the same way (bench/lib/floors.mjs startAnswerFloor).
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { assertPortsFree, devVars, startBenchWorker, startStack, workerdBaseUrl } from "../scripts/stack.mjs";
import { measureLoad, startAnswerFloor } from "./lib/floors.mjs";
import { isMain, printResult, ratioRow } from "./lib/report.mjs";

const BUYERS = Number(process.env.BENCH_BUYERS ?? 1000);
const WINDOW_MS = Number(process.env.BENCH_SECONDS ?? 10) * 1000;
const port = Number(process.env.BENCH_PORT ?? 8811);
const naivePort = port + 1;
const floorPort = port + 2;
const HOLD_CONNECTIONS = Number(process.env.BENCH_HOLD_CONNECTIONS ?? 10);
const ROWS = 10;
const PER_ROW = 10;
const GOOD = { number: "4242424242424242", expMonth: 12, expYear: 2099, cvc: "123" };
const DECLINED = { ...GOOD, number: "4000000000000002" };

const percentile = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Same random plan for both runs, so they face the same crowd.
let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const plan = Array.from({ length: BUYERS }, () => ({
  at: random() * WINDOW_MS,
  count: 1 + Math.floor(random() * 4),
  explicit: random() < 0.5,
  declines: random() < 0.15,
  pick: random(),
}));

/** `count` free seats from a map, adjacent in one row when possible, starting at a random point. */
function pickSeats(free, count, r) {
  const labels = [...free].sort();
  const start = Math.floor(r * labels.length);
  const rotated = [...labels.slice(start), ...labels.slice(0, start)];
  return rotated.slice(0, count);
}

async function json(res) {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return { text };
  }
}

async function race(buy) {
  const started = Date.now();
  const results = await Promise.all(
    plan.map(async (buyer, i) => {
      await sleep(buyer.at);
      return buy(buyer, i);
    }),
  );
  return { results, elapsedMs: Date.now() - started };
}

function summarize(name, { results, elapsedMs }, soldOnServer) {
  const latencies = results.map((r) => r.latencyMs).sort((a, b) => a - b);
  const paidSeats = results.flatMap((r) => r.seats ?? []);
  const counts = new Map();
  for (const seat of paidSeats) counts.set(seat, (counts.get(seat) ?? 0) + 1);
  const doubleSold = [...counts.values()].filter((n) => n > 1).length;
  return {
    name,
    attemptsPerSec: results.length / (elapsedMs / 1000),
    won: results.filter((r) => r.won).length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    paid: paidSeats.length,
    sold: soldOnServer,
    doubleSold,
    errors: results.filter((r) => r.error).length,
    firstError: results.find((r) => r.error)?.error,
  };
}

// ---- 1. Marquee: the Durable Object path ----

let stackRef;

async function marquee(baseUrl) {
  const call = async (method, path, { token, body, headers = {} } = {}) => {
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const parsed = await json(res);
      // wrangler dev reloads when someone edits the shared tree; a request cut off by that is retried.
      if (attempt < 5 && String(parsed.text ?? "").includes("restarted mid-request")) continue;
      return { status: res.status, body: parsed };
    }
  };
  const vars = devVars();
  const admin = await call("POST", "/api/auth/login", { body: { email: vars.ADMIN_EMAIL, password: vars.ADMIN_PASSWORD } });
  if (admin.status !== 200) throw new Error(`admin sign-in failed: ${JSON.stringify(admin.body)}`);
  const token = admin.body.accessToken;
  const movie = await call("POST", "/api/movies", {
    token,
    body: { title: "Bench Night", releaseYear: 2024, runtimeMinutes: 110 },
  });
  if (movie.status !== 201) throw new Error(`movie: ${JSON.stringify(movie.body)}`);
  const theater = await call("POST", "/api/theaters", {
    token,
    body: { name: "Bench Screen", rows: ROWS, seatsPerRow: PER_ROW },
  });
  const showtime = await call("POST", "/api/showtimes", {
    token,
    body: {
      movieId: movie.body.id,
      theaterId: theater.body.id,
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      price: 1200,
      holdTtlSeconds: 60,
    },
  });
  if (showtime.status !== 201) throw new Error(`showtime: ${JSON.stringify(showtime.body)}`);
  const showtimeId = showtime.body.id;

  process.stdout.write(`registering ${BUYERS} buyers`);
  const tokens = new Array(BUYERS);
  for (let i = 0; i < BUYERS; i += 16) {
    await Promise.all(
      Array.from({ length: Math.min(16, BUYERS - i) }, async (_, j) => {
        const n = i + j;
        const account = {
          email: `buyer${n}@bench.local`,
          password: "bench-password-123",
          name: `Buyer ${n}`,
          username: `buyer${n}`,
        };
        let res = await call("POST", "/api/auth/register", { body: account });
        // A registration cut off by a reload may have gone through: sign in instead.
        if (res.status === 409)
          res = await call("POST", "/api/auth/login", { body: { email: account.email, password: account.password } });
        if (res.status !== 201 && res.status !== 200) throw new Error(`register: ${JSON.stringify(res.body)}`);
        tokens[n] = res.body.accessToken;
      }),
    );
    if (i % 96 === 0) process.stdout.write(`${i}.`);
  }
  console.log(" done");

  const run = await race(async (buyer, i) => {
    const auth = { token: tokens[i] };
    try {
      let body = { count: buyer.count };
      if (buyer.explicit) {
        const map = await call("GET", `/api/showtimes/${showtimeId}/seats`);
        const free = map.body.seats.filter((s) => s.state === "available").map((s) => s.label);
        if (free.length < buyer.count) return { latencyMs: 0, won: false };
        body = { seats: pickSeats(free, buyer.count, buyer.pick) };
      }
      const t0 = performance.now();
      const hold = await call("POST", `/api/showtimes/${showtimeId}/holds`, { ...auth, body });
      const latencyMs = performance.now() - t0;
      if (hold.status !== 201) return { latencyMs, won: false, error: hold.status >= 500 ? hold.body : undefined };
      return { latencyMs, won: false, holdId: hold.body.id };
    } catch (err) {
      return { latencyMs: 0, won: false, error: String(err) };
    }
  });
  // The winners pay once the race window closes (the hold keeps their seats meanwhile).
  const winners = run.results.map((r, i) => ({ r, i })).filter(({ r }) => r.holdId);
  for (let k = 0; k < winners.length; k += 8) {
    await Promise.all(
      winners.slice(k, k + 8).map(async ({ r, i }) => {
        const auth = { token: tokens[i] };
        const order = await call("POST", "/api/orders", {
          ...auth,
          headers: { "idempotency-key": crypto.randomUUID() },
          body: { holdId: r.holdId, card: plan[i].declines ? DECLINED : GOOD },
        });
        if (order.status === 201) {
          r.won = true;
          r.seats = order.body.tickets.map((t) => t.seat);
        } else {
          if (order.status >= 500) r.error = order.body;
          await call("DELETE", `/api/holds/${r.holdId}`, auth);
        }
      }),
    );
  }
  const map = await call("GET", `/api/showtimes/${showtimeId}/seats`);
  const raceSummary = summarize("Durable Object (Marquee)", run, map.body.seats.filter((s) => s.state === "sold").length);

  // holds/s: a fresh showtime, HOLD_CONNECTIONS buyers holding one seat each, again and again.
  const second = await call("POST", "/api/showtimes", {
    token,
    body: {
      movieId: movie.body.id,
      theaterId: theater.body.id,
      startsAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
      price: 1200,
      holdTtlSeconds: 60,
    },
  });
  if (second.status !== 201) throw new Error(`showtime: ${JSON.stringify(second.body)}`);
  const direct = (await workerdBaseUrl(stackRef)) ?? baseUrl;
  let turn = 0;
  const holds = await measureLoad({
    url: direct,
    connections: HOLD_CONNECTIONS,
    duration: WINDOW_MS / 1000,
    requests: [
      {
        method: "POST",
        path: `/api/showtimes/${second.body.id}/holds`,
        setupRequest: (req) => ({
          ...req,
          headers: {
            "content-type": "application/json",
            authorization: `Bearer ${tokens[turn++ % HOLD_CONNECTIONS]}`,
          },
          body: JSON.stringify({ count: 1 }),
        }),
      },
    ],
  });
  // Where a hold's time goes, at the same connections on the same stack: the middleware alone
  // (GET /ping) and a signed-in read (GET /api/me: the UserSession check and one more object call).
  const sameWay = (path, auth) => ({
    url: direct,
    connections: HOLD_CONNECTIONS,
    duration: Math.max(2, WINDOW_MS / 2000),
    requests: [
      {
        method: "GET",
        path,
        setupRequest: (req) =>
          auth ? { ...req, headers: { authorization: `Bearer ${tokens[turn++ % HOLD_CONNECTIONS]}` } } : req,
      },
    ],
  });
  const ping = await measureLoad(sameWay("/ping", false));
  const me = await measureLoad(sameWay("/api/me", true));
  return { race: raceSummary, holds: { ...holds, direct: direct !== baseUrl, ping, me } };
}

/** The floor for holds/s: the same requests to a route doing nothing but answering. */
async function answerFloor() {
  const floor = await startAnswerFloor({ port: floorPort });
  try {
    return {
      ...(await measureLoad({
        url: floor.baseUrl,
        connections: HOLD_CONNECTIONS,
        duration: WINDOW_MS / 1000,
        requests: [
          {
            method: "POST",
            path: "/api/showtimes/x/holds",
            headers: { "content-type": "application/json", authorization: "Bearer x" },
            body: JSON.stringify({ count: 1 }),
          },
        ],
      })),
      direct: floor.direct,
    };
  } finally {
    await floor.stop();
  }
}

// ---- 2. The seeds' design: straight into D1, UNIQUE as the only guard ----

const NAIVE_WORKER = `
const SCHEMA = "CREATE TABLE IF NOT EXISTS tickets (id INTEGER PRIMARY KEY, showtime_id TEXT NOT NULL, seat_label TEXT NOT NULL, buyer TEXT NOT NULL, UNIQUE (showtime_id, seat_label))";
let ready;
export default {
  async fetch(request, env) {
    ready ??= env.DB.prepare(SCHEMA).run();
    await ready;
    const url = new URL(request.url);
    if (url.pathname === "/seats") {
      const { results } = await env.DB.prepare("SELECT seat_label FROM tickets WHERE showtime_id = 's1'").all();
      return Response.json(results.map((r) => r.seat_label));
    }
    if (url.pathname === "/buy") {
      const { buyer, seats, count } = await request.json();
      let wanted = seats;
      if (!wanted) {
        // Best available, the seeds' way: read what is taken, take the first free seats.
        const { results } = await env.DB.prepare("SELECT seat_label FROM tickets WHERE showtime_id = 's1'").all();
        const taken = new Set(results.map((r) => r.seat_label));
        wanted = [];
        for (const row of "GHFIEJDCBA") for (let n = 1; n <= ${PER_ROW} && wanted.length < count; n++) if (!taken.has(row + n)) wanted.push(row + n);
        if (wanted.length < count) return new Response("sold out", { status: 409 });
      }
      try {
        await env.DB.batch(wanted.map((s) => env.DB.prepare("INSERT INTO tickets (showtime_id, seat_label, buyer) VALUES ('s1', ?, ?)").bind(s, buyer)));
        return Response.json({ seats: wanted }, { status: 201 });
      } catch (err) {
        if (String(err).includes("UNIQUE")) return new Response("taken", { status: 409 });
        return new Response(String(err), { status: 500 });
      }
    }
    if (url.pathname === "/release") {
      const { buyer } = await request.json();
      await env.DB.prepare("DELETE FROM tickets WHERE showtime_id = 's1' AND buyer = ?").bind(buyer).run();
      return new Response(null, { status: 204 });
    }
    if (url.pathname === "/health") return new Response("ok");
    return new Response("not found", { status: 404 });
  },
};`;

async function naive(dir) {
  const worker = await startBenchWorker({
    dir,
    name: "seats-naive",
    source: NAIVE_WORKER,
    config: '[[d1_databases]]\nbinding = "DB"\ndatabase_name = "naive"\ndatabase_id = "00000000-0000-0000-0000-000000000001"\n',
    port: naivePort,
  });
  const base = worker.baseUrl;
  try {
    const post = (path, body) => fetch(`${base}${path}`, { method: "POST", body: JSON.stringify(body) });
    const run = await race(async (buyer, i) => {
      try {
        let body = { buyer: `b${i}`, count: buyer.count };
        if (buyer.explicit) {
          const taken = new Set(await (await fetch(`${base}/seats`)).json());
          const free = [];
          for (let r = 0; r < ROWS; r++)
            for (let n = 1; n <= PER_ROW; n++)
              if (!taken.has(String.fromCharCode(65 + r) + n)) free.push(String.fromCharCode(65 + r) + n);
          if (free.length < buyer.count) return { latencyMs: 0, won: false };
          body = { buyer: `b${i}`, seats: pickSeats(free, buyer.count, buyer.pick) };
        }
        const t0 = performance.now();
        const res = await post("/buy", body);
        const latencyMs = performance.now() - t0;
        const parsed = await json(res);
        if (res.status !== 201) return { latencyMs, won: false, error: res.status >= 500 ? parsed : undefined };
        return { latencyMs, won: !buyer.declines, seats: buyer.declines ? undefined : parsed.seats, release: buyer.declines };
      } catch (err) {
        return { latencyMs: 0, won: false, error: String(err) };
      }
    });
    // As above: once the window closes, the buyers whose card declined give their seats back.
    for (const [i, r] of run.results.entries()) if (r.release) await post("/release", { buyer: `b${i}` });
    const sold = (await (await fetch(`${base}/seats`)).json()).length;
    return summarize("D1 + UNIQUE (seeds)", run, sold);
  } finally {
    await worker.stop();
  }
}

/** @returns {Promise<import("./lib/report.mjs").BenchResult>} */
export async function measure() {
  await assertPortsFree(port, naivePort, floorPort);
  const state = mkdtempSync(join(tmpdir(), "marquee-bench-seats-"));
  const stack = await startStack({ port, persistTo: join(state, "stack"), quiet: true });
  stackRef = stack;
  let dobj;
  let holds;
  try {
    ({ race: dobj, holds } = await marquee(stack.baseUrl));
  } finally {
    await stack.stop();
  }
  let seeds;
  let floor;
  try {
    seeds = await naive(state);
    floor = await answerFloor();
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
  const rows = [dobj, seeds];
  console.log(
    `\nmarquee bench:seats — ${BUYERS} buyers over ${WINDOW_MS / 1000}s for ${ROWS * PER_ROW} seats, ${cpus().length} cores, workerd on loopback (noisy shared machine)\n`,
  );
  console.log("design                      attempts/s  won   p50 ms  p99 ms  seats paid  seats sold  double-sold  5xx");
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(27)} ${r.attemptsPerSec.toFixed(0).padStart(10)} ${String(r.won).padStart(4)} ${r.p50.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(7)} ${String(r.paid).padStart(11)} ${String(r.sold).padStart(11)} ${String(r.doubleSold).padStart(12)} ${String(r.errors).padStart(4)}`,
    );
  }
  for (const r of rows) if (r.firstError) console.log(`${r.name}: first error: ${JSON.stringify(r.firstError).slice(0, 300)}`);
  console.log("\nlatency is the contended step: POST /holds (Durable Object) vs the INSERT request (D1 + UNIQUE).");
  const where = holds.direct && floor.direct ? "direct to workerd" : "through wrangler dev";
  const holdsRow = ratioRow({
    id: "seats.holds-per-second",
    work: `seat holds, ${HOLD_CONNECTIONS} buyers holding again and again (holds/s, ${where})`,
    figure: { value: holds.rps, unit: "holds/s" },
    floor: { name: "bench Worker route doing nothing but answering", value: floor.rps, unit: "req/s" },
    goal: { op: ">=", value: 0.7 },
    extra: {
      "hold p50 ms": holds.p50,
      "hold p99 ms": holds.p99,
      "hold non-2xx": holds.non2xx + holds.errors,
      "floor p99 ms": floor.p99,
      "same stack GET /ping req/s": holds.ping.rps,
      "same stack GET /api/me req/s": holds.me.rps,
    },
  });
  if (!holdsRow.met)
    holdsRow.whereTimeGoes =
      "A hold is a signed-in write: the UserSession Durable Object checks the token, D1 reads the showtime and then the buyer's loyalty tier (one after the other), then one RPC to the " +
      "showtime's ShowtimeSeats object runs a SQLite transaction (release the buyer's previous hold, pick the best seat, write the " +
      "hold and its alarm) and broadcasts the diff; every hold of one showtime queues on that one object, while the floor answers " +
      "from the isolate with no storage at all. " +
      `On the same stack at the same connections GET /ping (middleware only) ran ${holds.ping.rps.toFixed(0)} req/s and ` +
      `GET /api/me (the sign-in check) ${holds.me.rps.toFixed(0)} req/s: the rest is the two D1 reads and the object's transaction.`;
  const doubleSold = dobj.doubleSold + seeds.doubleSold;
  const consistent = dobj.sold === dobj.paid;
  /** @type {import("./lib/report.mjs").BenchRow} */
  const raceRow = {
    id: "seats.race-double-sold",
    work: `seat race: ${BUYERS} buyers for ${ROWS * PER_ROW} seats, seats sold twice (and sold = paid)`,
    figure: { value: dobj.doubleSold, unit: `double-sold (${dobj.sold} sold, ${dobj.paid} paid)` },
    floor: { name: "none allowed", value: 0, unit: "double-sold" },
    ratio: Number.NaN,
    goal: { op: "<=", value: 0 },
    met: dobj.doubleSold === 0 && consistent,
    extra: { "D1+UNIQUE double-sold": seeds.doubleSold, "Marquee 5xx": dobj.errors },
  };
  const p99Row = ratioRow({
    id: "seats.race-p99",
    work: `seat race: hold p99 (${BUYERS} buyers over ${WINDOW_MS / 1000} s)`,
    figure: { value: dobj.p99, unit: "ms" },
    floor: { name: "D1+UNIQUE design, INSERT p99", value: seeds.p99, unit: "ms" },
    goal: { op: "<=", value: 1 },
    extra: { "hold p50 ms": dobj.p50, "D1+UNIQUE p50 ms": seeds.p50 },
  });
  if (!p99Row.met)
    p99Row.whereTimeGoes =
      "The hold's p99 is queueing on the one ShowtimeSeats object during the burst (each hold is a SQLite transaction and a " +
      "broadcast to the seat map's sockets) plus the sign-in check and the showtime read in D1, which the D1+UNIQUE design " +
      "(no sign-in, one batch INSERT) does not pay.";
  console.log(`double-sold: Marquee ${dobj.doubleSold}, D1+UNIQUE ${doubleSold - dobj.doubleSold}`);
  return { rows: [raceRow, p99Row, holdsRow] };
}

if (await isMain(import.meta.url)) {
  printResult(await measure());
}
