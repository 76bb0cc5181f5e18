// `npm run bench:fanout`: 1,000 WebSocket viewers of one showtime; a seat changes and the diff
// is pushed to all of them. Measured for three servers in one run, all on loopback:
//   1. Marquee: the ShowtimeSeats Durable Object (hibernation API) behind wrangler dev; the
//      change is a real POST /holds or DELETE /holds/:id.
//   2. A Socket.IO server (the seeds' choice), websocket transport, io.emit of the same frame.
//   3. A bare `ws` server looping over its clients (the floor).
// The two Node servers run in their own process (this file with `--serve`), like workerd does,
// so the 1,000 clients here do not share an event loop with the server they measure.
// For each change: "last" = from sending the change until the last viewer has the frame;
// "spread" = from the first viewer having it to the last. Prints p50/p99 of both.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const VIEWERS = Number(process.env.BENCH_VIEWERS ?? 1000);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 40);
const port = Number(process.env.BENCH_PORT ?? 8815);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Refuses to run against a port something else (another bench, another engineer's stack) already answers on. */
async function assertPortsFree(...ports) {
  for (const p of ports) {
    const busy = await fetch(`http://127.0.0.1:${p}/`).then(
      () => true,
      () => false,
    );
    if (busy) throw new Error(`port ${p} is already in use; set BENCH_PORT to a free one`);
  }
}
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

// ---- the comparison servers (child process) ----

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
      seq++;
      const state = seq % 2 ? "held" : "available";
      broadcast(JSON.stringify({ type: "seats", seq, changes: [{ label: "A1", state }] }));
      res.writeHead(204).end();
    } else if (!req.url?.startsWith("/socket.io")) {
      res.writeHead(404).end();
    }
  });
  http.listen(listenPort, "127.0.0.1", () => process.send?.("ready"));
}

if (process.argv[2] === "--serve") {
  await serve(process.argv[3], Number(process.argv[4]));
} else {
  await main();
}

// ---- the measuring side ----

/** Connects `VIEWERS` clients; `onFrame(viewer, frame)` gets every seat diff. Returns a closer. */
async function connectAll(open) {
  const viewers = [];
  for (let i = 0; i < VIEWERS; i += 50) {
    viewers.push(...(await Promise.all(Array.from({ length: Math.min(50, VIEWERS - i) }, (_, j) => open(i + j)))));
  }
  return viewers;
}

/** Runs CHANGES changes; `trigger(k)` makes change k and `arrivals` collects each viewer's receive time by seq. */
async function measure(name, trigger, arrivals, firstSeq) {
  const last = [];
  const spread = [];
  for (let k = 0; k < CHANGES; k++) {
    const seq = firstSeq + k;
    const times = [];
    arrivals.set(seq, times);
    const t0 = performance.now();
    await trigger(k);
    const deadline = Date.now() + 15_000;
    while (times.length < VIEWERS && Date.now() < deadline) await sleep(2);
    if (times.length < VIEWERS) throw new Error(`${name}: only ${times.length}/${VIEWERS} viewers got change ${k}`);
    times.sort((a, b) => a - b);
    last.push(times[times.length - 1] - t0);
    spread.push(times[times.length - 1] - times[0]);
    arrivals.delete(seq);
    await sleep(20);
  }
  last.sort((a, b) => a - b);
  spread.sort((a, b) => a - b);
  return {
    name,
    lastP50: percentile(last, 50),
    lastP99: percentile(last, 99),
    spreadP50: percentile(spread, 50),
    spreadP99: percentile(spread, 99),
  };
}

async function benchMarquee() {
  const { startStack } = await import("../scripts/stack.mjs");
  const { default: WebSocket } = await import("ws");
  const state = mkdtempSync(join(tmpdir(), "marquee-bench-fanout-"));
  const stack = await startStack({ port, persistTo: state, quiet: true });
  try {
    const call = async (method, path, { token, body } = {}) => {
      for (let attempt = 0; ; attempt++) {
        const res = await fetch(`${stack.baseUrl}${path}`, {
          method,
          headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        // wrangler dev reloads when someone edits the shared tree; retry what that cut off.
        if (attempt < 5 && text.includes("restarted mid-request")) continue;
        return { status: res.status, body: text ? JSON.parse(text) : null };
      }
    };
    const vars = Object.fromEntries(
      readFileSync(".dev.vars", "utf8")
        .split("\n")
        .filter((l) => l.includes("=") && !l.startsWith("#"))
        .map((l) => [l.slice(0, l.indexOf("=")).trim(), l.slice(l.indexOf("=") + 1).trim()]),
    );
    const admin = await call("POST", "/api/auth/login", { body: { email: vars.ADMIN_EMAIL, password: vars.ADMIN_PASSWORD } });
    const token = admin.body.accessToken;
    const movie = await call("POST", "/api/movies", {
      token,
      body: { title: "Fanout Night", releaseYear: 2024, runtimeMinutes: 100 },
    });
    const theater = await call("POST", "/api/theaters", { token, body: { name: "Fanout Screen", rows: 10, seatsPerRow: 10 } });
    const showtime = await call("POST", "/api/showtimes", {
      token,
      body: {
        movieId: movie.body.id,
        theaterId: theater.body.id,
        startsAt: new Date(Date.now() + 86_400_000).toISOString(),
        price: 1000,
      },
    });
    if (showtime.status !== 201) throw new Error(`showtime: ${JSON.stringify(showtime.body)}`);
    const buyer = await call("POST", "/api/auth/register", {
      body: { email: "fan@bench.local", password: "bench-password-123", name: "Fan", username: "fanbench" },
    });

    const arrivals = new Map();
    let startSeq = 0;
    const url = `${stack.baseUrl.replace("http", "ws")}/api/showtimes/${showtime.body.id}/live`;
    const sockets = await connectAll(
      () =>
        new Promise((resolve, reject) => {
          const ws = new WebSocket(url, { perMessageDeflate: false });
          ws.on("message", (data) => {
            const frame = JSON.parse(String(data));
            if (frame.type === "snapshot") {
              startSeq = frame.seq;
              resolve(ws);
            } else if (frame.type === "seats") arrivals.get(frame.seq)?.push(performance.now());
          });
          ws.once("error", reject);
        }),
    );
    let holdId;
    const result = await measure(
      "Durable Object (Marquee)",
      async () => {
        if (holdId) {
          await call("DELETE", `/api/holds/${holdId}`, { token: buyer.body.accessToken });
          holdId = undefined;
        } else {
          const res = await call("POST", `/api/showtimes/${showtime.body.id}/holds`, {
            token: buyer.body.accessToken,
            body: { seats: ["A1"] },
          });
          holdId = res.body.id;
        }
      },
      arrivals,
      startSeq + 1,
    );
    for (const ws of sockets) ws.terminate();
    return result;
  } finally {
    await stack.stop();
    rmSync(state, { recursive: true, force: true });
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
    const frame = JSON.parse(text);
    arrivals.get(frame.seq)?.push(performance.now());
  };
  try {
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
    const result = await measure(name, () => fetch(`${base}/change`, { method: "POST" }), arrivals, 1);
    close();
    return result;
  } finally {
    child.kill("SIGTERM");
  }
}

async function main() {
  await assertPortsFree(port, port + 1, port + 2);
  const rows = [];
  rows.push(await benchMarquee());
  rows.push(await benchNode("socketio", "Socket.IO (seeds)"));
  rows.push(await benchNode("ws", "bare ws (floor)"));
  console.log(
    `\nmarquee bench:fanout — ${VIEWERS} viewers, ${CHANGES} seat changes each, ${cpus().length} cores, loopback (noisy shared machine)\n`,
  );
  console.log("server                      last p50 ms  last p99 ms  spread p50 ms  spread p99 ms");
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(27)} ${r.lastP50.toFixed(1).padStart(11)} ${r.lastP99.toFixed(1).padStart(12)} ${r.spreadP50.toFixed(1).padStart(14)} ${r.spreadP99.toFixed(1).padStart(14)}`,
    );
  }
  const [marquee, socketio, ws] = rows;
  console.log(
    `\n"last" includes making the change: for Marquee a signed-in POST/DELETE /holds through D1 and the Durable Object; for the Node servers a bare POST /change.`,
  );
  console.log(
    `goal: p99 within 2x of bare ws (${(marquee.lastP99 / ws.lastP99).toFixed(2)}x last, ${(marquee.spreadP99 / ws.spreadP99).toFixed(2)}x spread) and no worse than Socket.IO (${marquee.lastP99.toFixed(1)} vs ${socketio.lastP99.toFixed(1)} ms)`,
  );
  process.exit(0);
}
