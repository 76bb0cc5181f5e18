// `npm run bench:fanout`: 1,000 WebSocket viewers of one showtime; a seat changes and the diff
// is pushed to all of them. Measured in one run, all on loopback:
//   1. Marquee through wrangler dev, as `npm start` serves it: viewers and changes go to wrangler's
//      public port, where its proxy worker (a second workerd process) relays every request and
//      every WebSocket frame to the workerd that runs the Worker.
//   2. Marquee direct: the same stack, but viewers and changes talk to the Worker's own workerd
//      socket (found among wrangler's child processes), so wrangler's proxy, which production does
//      not have, is out of the path (Miniflare's entry worker inside that workerd stays in it).
//      Skipped, with a note, where that socket cannot be found.
//   3. The runtime floor: the least a Worker and a Durable Object can do for the same fan-out on the
//      same local runtime (RUNTIME_FLOOR_WORKER below: no sign-in, no D1, no API; the object commits
//      the change in its SQLite and sends the frame to every viewer), direct to its workerd. What
//      Marquee adds is the gap between it and row 2; what the local runtime costs, the gap between
//      it and the Node servers.
//   4. A Socket.IO server (the seeds' choice), websocket transport, io.emit of the same frame.
//   5. A bare `ws` server looping over its clients (the floor).
// Every Marquee change is real: one signed-in buyer POSTs /api/showtimes/:id/holds, alternating
// seats A1 and A2, so each is a committed hold that replaces the previous one (one diff frame:
// one seat held, one released). The Node servers broadcast a frame of the same shape on a bare
// POST /change. The two Node servers run in their own process (this file with `--serve`), like
// workerd does, so the 1,000 clients here do not share an event loop with the server they measure.
// wrangler dev reloads the Worker, dropping every socket, when a source file changes, so the stack
// runs from a copy of the tree taken when the bench starts (BENCH_VERBOSE=1 shows its output).
//
// Figures, per change (p50/p99 over BENCH_CHANGES changes, after BENCH_WARMUP unmeasured ones):
//   fan-out    from the moment the server commits the change and starts broadcasting until the
//              last viewer has the frame. The server stamps that moment with its own clock (the
//              machine's wall clock, epoch ms, in every process): the ShowtimeSeats object returns
//              it as the hold's `createdAt` (the object's time when the hold() call runs, before
//              its SQLite transaction, so the transaction, the output gate that keeps frames back
//              until the write is durable, and the 1,000 sends all count); the Node servers answer
//              /change with Date.now() taken just before their broadcast loop. This is the same
//              quantity for every server: the broadcast, not the API in front of it.
//   end-to-end from the client sending the change request until the last viewer has the frame.
//              For Marquee that adds the sign-in check (UserSession object), a D1 read of the
//              showtime and the RPC to the seats object (and, through wrangler, its proxy); for the
//              Node servers it adds only a bare POST.
//   spread     from the first viewer having the frame to the last.
//   to commit  (p50) from sending the request to the server's stamp: the API's share.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { assertPortsFree, devVars, snapshotTree, startBenchWorker, startStack, workerdBaseUrl } from "../scripts/stack.mjs";
import { isMain, printResult, ratioRow } from "./lib/report.mjs";

const VIEWERS = Number(process.env.BENCH_VIEWERS ?? 1000);
// With 40 changes "p99" was simply the slowest one; 200 make it the 2nd-slowest of 200.
const CHANGES = Number(process.env.BENCH_CHANGES ?? 200);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const port = Number(process.env.BENCH_PORT ?? 8815);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const progress = (text) => process.stderr.write(`[bench:fanout] ${text}\n`);

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

// ---- the comparison servers ----

const RUNTIME_FLOOR_WORKER = `
import { DurableObject } from "cloudflare:workers";

export class Room extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS seats (label TEXT PRIMARY KEY, state TEXT)");
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER)");
    this.seq = ctx.storage.sql.exec("SELECT value FROM meta WHERE key = 'seq'").toArray()[0]?.value ?? 0;
  }
  async fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    server.send(JSON.stringify({ type: "snapshot", seq: this.seq }));
    return new Response(null, { status: 101, webSocket: client });
  }
  // Like a hold replacing the previous one: one seat held, one released, committed, then sent.
  change() {
    const at = Date.now();
    const seq = this.seq + 1;
    const [held, freed] = seq % 2 ? ["A1", "A2"] : ["A2", "A1"];
    this.ctx.storage.transactionSync(() => {
      this.ctx.storage.sql.exec("INSERT OR REPLACE INTO seats VALUES (?, 'held'), (?, 'available')", held, freed);
      this.ctx.storage.sql.exec("INSERT OR REPLACE INTO meta VALUES ('seq', ?)", seq);
    });
    this.seq = seq;
    const changes = [{ label: freed, state: "available" }, { label: held, state: "held" }].sort((a, b) => a.label.localeCompare(b.label));
    const frame = JSON.stringify({ type: "seats", seq, changes });
    for (const ws of this.ctx.getWebSockets()) ws.send(frame);
    return { seq, at };
  }
  async webSocketMessage() {}
  async webSocketClose(ws) {
    try { ws.close(1000, "bye"); } catch {}
  }
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/health") return Response.json({ status: "ok" });
    const room = env.ROOM.get(env.ROOM.idFromName("room"));
    if (url.pathname === "/live") return room.fetch(request);
    if (url.pathname === "/change" && request.method === "POST") return Response.json(await room.change());
    return new Response("not found", { status: 404 });
  },
};`;

// The Node servers run in a child process (this file with --serve).

async function serve(kind, listenPort) {
  const http = createServer();
  let broadcast;
  if (kind === "socketio") {
    const { Server } = await import("socket.io");
    const io = new Server(http, { transports: ["websocket"], perMessageDeflate: false });
    broadcast = (frame) => io.emit("seats", frame);
  } else {
    const { WebSocketServer } = await import("ws");
    const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
    broadcast = (frame) => {
      for (const client of wss.clients) client.send(frame);
    };
  }
  let seq = 0;
  http.on("request", (req, res) => {
    if (req.method === "POST" && req.url === "/change") {
      const at = Date.now();
      seq++;
      const [held, freed] = seq % 2 ? ["A1", "A2"] : ["A2", "A1"];
      const changes = [
        { label: freed, state: "available" },
        { label: held, state: "held" },
      ].sort((a, b) => a.label.localeCompare(b.label));
      broadcast(JSON.stringify({ type: "seats", seq, changes }));
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ seq, at }));
    } else if (!req.url?.startsWith("/socket.io")) {
      res.writeHead(404).end();
    }
  });
  http.listen(listenPort, "127.0.0.1", () => process.send?.("ready"));
}

if (process.argv[2] === "--serve") {
  await serve(process.argv[3], Number(process.argv[4]));
} else if (await isMain(import.meta.url)) {
  printResult(await measure());
  process.exit(0);
}

// ---- the measuring side ----

/** Connects `VIEWERS` clients, 50 at a time. */
async function connectAll(open) {
  const viewers = [];
  for (let i = 0; i < VIEWERS; i += 50) {
    viewers.push(...(await Promise.all(Array.from({ length: Math.min(50, VIEWERS - i) }, (_, j) => open(i + j)))));
  }
  return viewers;
}

/**
 * Makes WARMUP + CHANGES changes, one at a time. `trigger(k)` makes change k and resolves with the
 * server's commit stamp (epoch ms); `arrivals` collects each viewer's receive time (performance.now())
 * by the frame's seq, the first change being `firstSeq`. performance.timeOrigin + performance.now()
 * is this process's wall clock with sub-ms precision, comparable with the servers' Date.now().
 */
async function measureChanges(name, trigger, arrivals, firstSeq) {
  const endToEnd = [];
  const fanout = [];
  const spread = [];
  const first = [];
  const toCommit = [];
  for (let k = 0; k < WARMUP + CHANGES; k++) {
    const seq = firstSeq + k;
    const times = [];
    arrivals.set(seq, times);
    const t0 = performance.now();
    const committedAt = await trigger(k);
    const deadline = Date.now() + 15_000;
    while (times.length < VIEWERS && Date.now() < deadline) await sleep(2);
    if (times.length < VIEWERS) throw new Error(`${name}: only ${times.length}/${VIEWERS} viewers got change ${k}`);
    arrivals.delete(seq);
    if (k >= WARMUP) {
      times.sort((a, b) => a - b);
      const last = times[times.length - 1];
      endToEnd.push(last - t0);
      fanout.push(last + performance.timeOrigin - committedAt);
      spread.push(last - times[0]);
      first.push(times[0] + performance.timeOrigin - committedAt);
      toCommit.push(committedAt - (t0 + performance.timeOrigin));
    }
    await sleep(20);
  }
  for (const list of [endToEnd, fanout, spread, first, toCommit]) list.sort((a, b) => a - b);
  // The stamp is the server's clock truncated to the ms, so it may read up to 1 ms early; more
  // than that would mean the clocks disagree and "fan-out" cannot be trusted.
  if (toCommit[0] < -1.5) progress(`warning: ${name}: a commit stamp precedes its request by ${-toCommit[0]} ms`);
  const p = (list) => [percentile(list, 50), percentile(list, 99)];
  return {
    name,
    endToEnd: p(endToEnd),
    fanout: p(fanout),
    spread: p(spread),
    first: p(first),
    toCommit: percentile(toCommit, 50),
  };
}

/**
 * Connects VIEWERS viewers to a live seat map at `url` (each starts with a snapshot frame, then
 * gets `{type:"seats", seq}` frames), measures the changes `trigger` makes, and disconnects them.
 */
async function measureLiveSeatMap(name, url, trigger) {
  const { default: WebSocket } = await import("ws");
  const arrivals = new Map();
  let startSeq = 0;
  let closed = 0;
  progress(`${name}: connecting ${VIEWERS} viewers to ${url}`);
  const sockets = await connectAll(
    () =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(url, { perMessageDeflate: false });
        ws.on("message", (data) => {
          const at = performance.now();
          const frame = JSON.parse(String(data));
          if (frame.type === "snapshot") {
            startSeq = frame.seq;
            resolve(ws);
          } else if (frame.type === "seats") arrivals.get(frame.seq)?.push(at);
        });
        ws.once("error", reject);
        ws.once("close", (code) => {
          closed++;
          if (closed === 1) progress(`${name}: a viewer's socket closed (${code})`);
        });
      }),
  );
  progress(`${name}: ${WARMUP} + ${CHANGES} changes`);
  const result = await measureChanges(name, trigger, arrivals, startSeq + 1);
  for (const ws of sockets) {
    ws.removeAllListeners("close");
    ws.terminate();
  }
  // Let the workerd processes finish closing those sockets before the next run.
  await sleep(3000);
  return result;
}

async function benchMarquee() {
  const home = process.cwd();
  const state = mkdtempSync(join(tmpdir(), "marquee-bench-fanout-"));
  snapshotTree(join(state, "tree"));
  process.chdir(join(state, "tree"));
  progress(`starting the stack (wrangler dev) from a copy of the tree in ${process.cwd()}`);
  const stack = await startStack({ port, persistTo: join(state, "data"), quiet: !process.env.BENCH_VERBOSE }).catch((err) => {
    process.chdir(home);
    rmSync(state, { recursive: true, force: true });
    throw err;
  });
  try {
    const call = async (method, path, { base = stack.baseUrl, token, body } = {}) => {
      for (let attempt = 0; ; attempt++) {
        const res = await fetch(`${base}${path}`, {
          method,
          headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        // wrangler dev reloads when the tree it runs changes; retry what a reload cut off.
        if (attempt < 5 && text.includes("restarted mid-request")) continue;
        return { status: res.status, body: text ? JSON.parse(text) : null };
      }
    };
    const vars = devVars();
    const admin = await call("POST", "/api/auth/login", { body: { email: vars.ADMIN_EMAIL, password: vars.ADMIN_PASSWORD } });
    const token = admin.body.accessToken;
    const movie = await call("POST", "/api/movies", {
      token,
      body: { title: "Fanout Night", releaseYear: 2024, runtimeMinutes: 100 },
    });
    const theater = await call("POST", "/api/theaters", { token, body: { name: "Fanout Screen", rows: 10, seatsPerRow: 10 } });
    const newShowtime = async (daysAhead) => {
      const showtime = await call("POST", "/api/showtimes", {
        token,
        body: {
          movieId: movie.body.id,
          theaterId: theater.body.id,
          startsAt: new Date(Date.now() + daysAhead * 86_400_000).toISOString(),
          price: 1000,
        },
      });
      if (showtime.status !== 201) throw new Error(`showtime: ${JSON.stringify(showtime.body)}`);
      return showtime.body.id;
    };
    const buyer = await call("POST", "/api/auth/register", {
      body: { email: "fan@bench.local", password: "bench-password-123", name: "Fan", username: "fanbench" },
    });

    /** One measured run: VIEWERS viewers of a fresh showtime and the changes, all against `base`. */
    const run = async (name, base) => {
      const showtimeId = await newShowtime(rows.length + 1);
      return measureLiveSeatMap(name, `${base.replace("http", "ws")}/api/showtimes/${showtimeId}/live`, async (k) => {
        const res = await call("POST", `/api/showtimes/${showtimeId}/holds`, {
          base,
          token: buyer.body.accessToken,
          body: { seats: [k % 2 ? "A2" : "A1"] },
        });
        if (res.status !== 201) throw new Error(`hold: ${res.status} ${JSON.stringify(res.body)}`);
        return Date.parse(res.body.createdAt);
      });
    };

    const rows = [];
    const direct = await workerdBaseUrl(stack);
    // Through wrangler's proxy only on request (BENCH_FANOUT_PROXY=1) or when the direct socket is not found.
    if (!direct || process.env.BENCH_FANOUT_PROXY) rows.push(await run("Marquee via wrangler dev", stack.baseUrl));
    if (direct) rows.push(await run("Marquee direct to workerd", direct));
    else progress("the Worker's own workerd socket was not found; only the run through wrangler's proxy is measured");
    return rows;
  } finally {
    await stack.stop();
    process.chdir(home);
    rmSync(state, { recursive: true, force: true });
  }
}

/** The runtime floor (RUNTIME_FLOOR_WORKER) under its own wrangler dev, measured direct to its workerd. */
async function benchRuntimeFloor() {
  const dir = mkdtempSync(join(tmpdir(), "marquee-bench-fanout-floor-"));
  const worker = await startBenchWorker({
    dir,
    name: "bench-fanout-floor",
    source: RUNTIME_FLOOR_WORKER,
    config:
      '[[durable_objects.bindings]]\nname = "ROOM"\nclass_name = "Room"\n[[migrations]]\ntag = "v1"\nnew_sqlite_classes = ["Room"]\n',
    port: port + 3,
  });
  try {
    const direct = await workerdBaseUrl(worker);
    if (!direct) {
      progress("the runtime floor's own workerd socket was not found; it is measured through wrangler's proxy");
    }
    const base = direct ?? worker.baseUrl;
    return await measureLiveSeatMap(
      `runtime floor${direct ? ", direct" : ""}`,
      `${base.replace("http", "ws")}/live`,
      async () => {
        const res = await fetch(`${base}/change`, { method: "POST" });
        return (await res.json()).at;
      },
    );
  } finally {
    await worker.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchNode(kind, name) {
  const serverPort = port + (kind === "ws" ? 1 : 2);
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), "--serve", kind, String(serverPort)], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  await once(child, "message");
  const base = `http://127.0.0.1:${serverPort}`;
  const arrivals = new Map();
  const onFrame = (text) => {
    const at = performance.now();
    const frame = JSON.parse(text);
    arrivals.get(frame.seq)?.push(at);
  };
  try {
    progress(`${name}: connecting ${VIEWERS} viewers`);
    let close;
    if (kind === "socketio") {
      const { io } = await import("socket.io-client");
      const sockets = await connectAll(
        () =>
          new Promise((resolve, reject) => {
            const socket = io(base, { transports: ["websocket"], forceNew: true, reconnection: false });
            socket.on("seats", onFrame);
            socket.once("connect", () => resolve(socket));
            socket.once("connect_error", reject);
          }),
      );
      close = () => {
        for (const s of sockets) s.disconnect();
      };
    } else {
      const { default: WebSocket } = await import("ws");
      const sockets = await connectAll(
        () =>
          new Promise((resolve, reject) => {
            const ws = new WebSocket(base.replace("http", "ws"), { perMessageDeflate: false });
            ws.on("message", (data) => onFrame(String(data)));
            ws.once("open", () => resolve(ws));
            ws.once("error", reject);
          }),
      );
      close = () => {
        for (const s of sockets) s.terminate();
      };
    }
    progress(`${name}: ${WARMUP} + ${CHANGES} changes`);
    const result = await measureChanges(
      name,
      async () => {
        const res = await fetch(`${base}/change`, { method: "POST" });
        return (await res.json()).at;
      },
      arrivals,
      1,
    );
    close();
    return result;
  } finally {
    child.kill("SIGTERM");
  }
}

/** @returns {Promise<import("./lib/report.mjs").BenchResult>} */
export async function measure() {
  await assertPortsFree(port, port + 1, port + 2, port + 3);
  const rows = [];
  rows.push(...(await benchMarquee()));
  rows.push(await benchRuntimeFloor());
  rows.push(await benchNode("socketio", "Socket.IO (seeds)"));
  rows.push(await benchNode("ws", "bare ws (floor)"));
  console.log(
    `\nmarquee bench:fanout — ${VIEWERS} viewers, ${CHANGES} seat changes each (after ${WARMUP} warm-up), ${cpus().length} cores, loopback (noisy shared machine)\n`,
  );
  const pair = ([a, b]) => `${a.toFixed(1).padStart(6)} /${b.toFixed(1).padStart(6)}`;
  console.log(
    `${"ms, p50 / p99".padEnd(27)}  ${"fan-out".padEnd(15)}  ${"end-to-end".padEnd(15)}  ${"spread".padEnd(15)}  to commit p50`,
  );
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(27)}  ${pair(r.fanout)}  ${pair(r.endToEnd)}  ${pair(r.spread)}  ${r.toCommit.toFixed(1).padStart(13)}`,
    );
  }
  console.log(
    "\nfan-out: from the server's commit of the change (its own clock) to the last viewer having it — the same thing for every server." +
      "\nend-to-end: from sending the change request; for Marquee a signed-in POST /holds (UserSession check, D1 read, the seats" +
      "\nobject's transaction), for the Node servers a bare POST /change. spread: first viewer to last." +
      "\nruntime floor: a Worker and Durable Object doing only the commit and the sends, on the same local runtime as Marquee.",
  );
  const marquee = rows.find((r) => r.name === "Marquee direct to workerd") ?? rows.find((r) => r.name.startsWith("Marquee"));
  const floor = rows.find((r) => r.name.startsWith("runtime floor"));
  const ws = rows.find((r) => r.name.startsWith("bare ws"));
  const socketio = rows.find((r) => r.name.startsWith("Socket.IO"));
  const row = ratioRow({
    id: "fanout.p99",
    work: `live seat map: ${VIEWERS} viewers, commit to last viewer having the diff, p99 (${marquee.name.replace("Marquee ", "")})`,
    figure: { value: marquee.fanout[1], unit: "ms" },
    floor: {
      name: `bare Durable Object committing and sending${floor.name.includes("direct") ? ", direct to its workerd" : ""}`,
      value: floor.fanout[1],
      unit: "ms",
    },
    goal: { op: "<=", value: 1.3 },
    extra: {
      "fan-out p50 ms": marquee.fanout[0],
      "floor fan-out p50 ms": floor.fanout[0],
      "end-to-end p99 ms": marquee.endToEnd[1],
      "floor end-to-end p99 ms": floor.endToEnd[1],
      "spread p99 ms": marquee.spread[1],
      "floor spread p99 ms": floor.spread[1],
      changes: CHANGES,
    },
  });
  if (!row.met)
    row.whereTimeGoes =
      "Both sides send the same frame to the same sockets from one Durable Object; split at the first viewer: from the stamp to the " +
      `first viewer having the frame p50/p99 ${marquee.first[0].toFixed(1)}/${marquee.first[1].toFixed(1)} ms (floor ${floor.first[0].toFixed(1)}/${floor.first[1].toFixed(1)}), ` +
      `then first to last viewer ${marquee.spread[0].toFixed(1)}/${marquee.spread[1].toFixed(1)} ms (floor ${floor.spread[0].toFixed(1)}/${floor.spread[1].toFixed(1)}). ` +
      "Before the first send ShowtimeSeats runs the hold's larger SQLite transaction (release the previous hold, write the hold, its " +
      "seats and the alarm) and builds the diff, and its sends wait on the output gate until that write is durable; after it, the " +
      "sends are the same loop over the same sockets, so a gap there is the machine's noise or the frame's size.";
  return {
    rows: [row],
    peers: [
      { name: `bare ws: ${VIEWERS} viewers, fan-out p99`, value: ws.fanout[1], unit: "ms" },
      { name: `Socket.IO: ${VIEWERS} viewers, fan-out p99`, value: socketio.fanout[1], unit: "ms" },
    ],
  };
}
