// `npm run bench:notify`: starts the stack on loopback (fresh local state), registers USERS
// users, opens one notification WebSocket per user (the `ws` package), then has one more user
// follow each of them: every follow publishes one `new_follower` notification through the real
// path (D1 inbox, then the user's NotificationRoom fans it out). Prints p50/p99 time from the
// publishing request being sent to the frame arriving, and the time to deliver all of them.
import { rmSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import { assertPortsFree, snapshotTree, startStack } from "../scripts/stack.mjs";

const USERS = Number(process.env.BENCH_USERS ?? 1000);
const PUBLISH_CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const port = Number(process.env.BENCH_PORT ?? 8823);
const DEADLINE_MS = 15 * 60_000;
// After the last publish answered, how long to wait for frames still on their way.
const DRAIN_MS = 30_000;
const IDLE_MS = Number(process.env.BENCH_IDLE_SECONDS ?? 0) * 1000;

/** Runs `fn` over `items` with at most `limit` in flight. */
async function pool(items, limit, fn) {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      await fn(items[index], index);
    }
  });
  await Promise.all(workers);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** POSTs JSON; retries while the dev server reloads (connection refused, 5xx). */
async function post(baseUrl, path, body, token, attempts = 10) {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(`${baseUrl}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = await res.json().catch(() => null);
      if (res.status >= 500 && attempt < attempts) throw new Error(`status ${res.status}`);
      if (!res.ok)
        return Object.assign(new Error(`POST ${path} answered ${res.status}: ${JSON.stringify(json)}`), {
          status: res.status,
          fatal: true,
        });
      return json;
    } catch (err) {
      if (attempt >= attempts) throw err;
      await sleep(1000);
    }
  }
}

async function must(result) {
  if (result instanceof Error) throw result;
  return result;
}

/**
 * A client like the web app's: when the socket drops (wrangler dev reloads the Worker whenever a
 * file in the tree changes, which closes every socket), it reconnects with `since` set to the last
 * id it saw, so the room replays whatever it missed. Duplicates are dropped by id.
 */
function connect(baseUrl, token) {
  const socket = { ws: null, lastId: null, onNotification: null, reconnects: 0, stopped: false, seen: new Set() };
  const open = () =>
    new Promise((resolve, reject) => {
      const query = new URLSearchParams({ token });
      if (socket.reconnects > 0) query.set("since", socket.lastId ?? "0".repeat(26));
      const ws = new WebSocket(`${baseUrl.replace("http", "ws")}/api/notifications/ws?${query}`);
      socket.ws = ws;
      let retried = false;
      const retry = () => {
        if (retried || socket.stopped) return;
        retried = true;
        socket.reconnects++;
        setTimeout(() => open().catch(() => undefined), 500);
      };
      ws.on("message", (data) => {
        const frame = JSON.parse(String(data));
        if (frame.type === "ready") resolve(socket);
        if (frame.type !== "notification") return;
        const { id, kind } = frame.notification;
        if (!socket.lastId || id > socket.lastId) socket.lastId = id;
        if (kind === "new_follower" && !socket.seen.has(id)) {
          socket.seen.add(id);
          socket.onNotification?.(frame);
        }
      });
      ws.on("close", retry);
      ws.on("error", (err) => reject(err));
      ws.on("unexpected-response", (req, res) => {
        reject(new Error(`upgrade refused: ${res.statusCode}`));
        req.destroy();
        retry();
      });
    });
  return open().then(() => socket);
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

// Another stack already on the port would take the bench's traffic (and the bench its).
await assertPortsFree(port);
const tree = snapshotTree();
const state = join(tree, ".bench-state");
process.chdir(tree);
const stack = await startStack({ port, persistTo: state, quiet: true });
const timer = setTimeout(async () => {
  console.error(`bench:notify did not finish within ${DEADLINE_MS / 60_000} minutes`);
  await stack.stop();
  rmSync(tree, { recursive: true, force: true });
  process.exit(1);
}, DEADLINE_MS);
const sockets = [];
try {
  const run = Date.now().toString(36);
  const register = async (i) => {
    const account = {
      email: `n${run}${i}@bench.local`,
      password: "bench-password-123",
      name: `Bench ${i}`,
      username: `n${run}${i}`,
    };
    const created = await post(stack.baseUrl, "/api/auth/register", account);
    // A retried registration that had gone through the first time: sign in instead.
    if (created instanceof Error && created.status === 409) return must(await post(stack.baseUrl, "/api/auth/login", account));
    return must(created);
  };

  let started = Date.now();
  const star = await register("star");
  const users = new Array(USERS);
  // Registration hashes each password (PBKDF2, 100k rounds): that, not notifications, is the slow part of setup.
  await pool([...users.keys()], cpus().length * 2, async (i) => {
    users[i] = await register(i);
  });
  const registerSeconds = (Date.now() - started) / 1000;

  started = Date.now();
  await pool(users, 50, async (user, i) => {
    sockets[i] = await connect(stack.baseUrl, user.accessToken);
  });
  const connectSeconds = (Date.now() - started) / 1000;
  // Like a browser client: a ping now and then, answered by the room without waking it.
  const keepAlive = setInterval(() => {
    for (const socket of sockets) if (socket.ws.readyState === WebSocket.OPEN) socket.ws.send('{"type":"ping"}');
  }, 15_000);

  // Optionally let the rooms go idle (and hibernate) before publishing.
  await sleep(IDLE_MS);

  const latencies = [];
  const roomLatencies = [];
  let lastDelivery = 0;
  const delivered = Promise.all(
    sockets.map(
      (socket) =>
        new Promise((resolve) => {
          socket.onNotification = (frame) => {
            const now = performance.now();
            latencies.push(now - socket.sentAt);
            // The room stamps createdAt just before its D1 write: this part leaves out the HTTP request.
            roomLatencies.push(Date.now() - Date.parse(frame.notification.createdAt));
            lastDelivery = Math.max(lastDelivery, now);
            resolve();
          };
        }),
    ),
  );
  const firstPublish = performance.now();
  await pool(users, PUBLISH_CONCURRENCY, async (user, i) => {
    sockets[i].sentAt = performance.now();
    await must(await post(stack.baseUrl, `/api/users/${user.user.id}/follow`, undefined, star.accessToken));
  });
  const publishedAt = performance.now();
  await Promise.race([delivered, sleep(DRAIN_MS)]);
  clearInterval(keepAlive);
  const reconnects = sockets.reduce((sum, s) => sum + s.reconnects, 0);
  const total = lastDelivery - firstPublish;
  latencies.sort((a, b) => a - b);
  roomLatencies.sort((a, b) => a - b);
  if (latencies.length === 0) throw new Error("no notification arrived");

  console.log(
    `\nmarquee bench:notify — ${USERS} users, one open socket each, ${PUBLISH_CONCURRENCY} publishes in flight, ${cpus().length} cores, wrangler dev on loopback\n`,
  );
  console.log(
    `setup: registered ${USERS} users in ${registerSeconds.toFixed(1)} s, opened ${USERS} sockets in ${connectSeconds.toFixed(1)} s`,
  );
  console.log(
    `delivered ${latencies.length}/${USERS} notifications; publishing took ${((publishedAt - firstPublish) / 1000).toFixed(1)} s; reconnects after dev-server reloads: ${reconnects}`,
  );
  console.log(
    `request → delivery   p50 ${percentile(latencies, 50).toFixed(1)} ms   p99 ${percentile(latencies, 99).toFixed(1)} ms   max ${latencies.at(-1).toFixed(1)} ms`,
  );
  console.log(
    `room publish → delivery   p50 ${percentile(roomLatencies, 50)} ms   p99 ${percentile(roomLatencies, 99)} ms (D1 write + fan-out, without the HTTP request)`,
  );
  console.log(`all ${USERS} delivered in ${total.toFixed(0)} ms (${((USERS / total) * 1000).toFixed(0)} notifications/s)`);
} finally {
  clearTimeout(timer);
  for (const socket of sockets) {
    if (!socket) continue;
    socket.stopped = true;
    socket.ws.close();
  }
  await stack.stop();
  rmSync(tree, { recursive: true, force: true });
}
