// `npm run bench:stream`: 8 concurrent readers each read a 100 MB object in 1 MB ranges, through
// the Worker's signed /stream route (R2 in workerd), and the same bytes from disk through nginx
// (Debian's nginx, started here on loopback with its own temporary config). Prints MB/s, mean
// and p99 time to first byte, and the ratio. Goal: /stream >= 0.8x nginx.
//
// Then the same readers against a bare Worker (written to the temp directory, run by its own
// `wrangler dev` on the same local state and bucket) to show what the local runtime itself
// allows: a plain `env.MEDIA.get(key, {range})` of the very object /stream serves, of the same
// bytes stored as one blob, and 1 MB from memory. /stream against the first is our own
// per-request work; the rest is wrangler dev and its R2 emulation.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startBenchWorker, startStack } from "../scripts/stack.mjs";

const port = Number(process.env.BENCH_PORT ?? 8802);
const READERS = 8;
const SIZE = 100 * 1024 * 1024;
const RANGE = 1024 * 1024;
const CHUNK = 10 * 1024 * 1024;

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port: p } = server.address();
      server.close(() => resolve(p));
    });
  });

/** `READERS` readers each read the first `size` bytes of `url` in `RANGE` ranges, one at a time. */
async function readAll(url, size = SIZE) {
  const ttfb = [];
  let bytes = 0;
  const reader = async () => {
    for (let offset = 0; offset < size; offset += RANGE) {
      const started = performance.now();
      const res = await fetch(url, { headers: { range: `bytes=${offset}-${Math.min(size, offset + RANGE) - 1}` } });
      if (res.status !== 206) throw new Error(`${url} answered ${res.status}`);
      const body = res.body.getReader();
      let first = true;
      for (;;) {
        const { value, done } = await body.read();
        if (done) break;
        if (first) {
          ttfb.push(performance.now() - started);
          first = false;
        }
        bytes += value.length;
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: READERS }, reader));
  const seconds = (performance.now() - started) / 1000;
  ttfb.sort((a, b) => a - b);
  if (bytes !== size * READERS) throw new Error(`read ${bytes} bytes, expected ${size * READERS}`);
  return {
    mbps: bytes / 1024 / 1024 / seconds,
    ttfb: ttfb.reduce((a, b) => a + b, 0) / ttfb.length,
    p99: ttfb[Math.floor(ttfb.length * 0.99)],
  };
}

function startNginx(dir, root, nginxPort) {
  for (const sub of ["logs", "tmp"]) mkdirSync(join(dir, sub), { recursive: true });
  const conf = join(dir, "nginx.conf");
  writeFileSync(
    conf,
    `worker_processes 2;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log;
events { worker_connections 256; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  client_body_temp_path ${dir}/tmp;
  proxy_temp_path ${dir}/tmp;
  fastcgi_temp_path ${dir}/tmp;
  uwsgi_temp_path ${dir}/tmp;
  scgi_temp_path ${dir}/tmp;
  types { audio/mpeg mp3; }
  server { listen 127.0.0.1:${nginxPort}; root ${root}; }
}
`,
  );
  const child = spawn("nginx", ["-c", conf, "-p", dir, "-g", "daemon off;"], { stdio: "inherit" });
  return child;
}

async function waitFor(url, tries = 100) {
  for (let i = 0; i < tries; i++) {
    try {
      const res = await fetch(url, { method: "HEAD" });
      if (res.ok) return;
    } catch {
      // not yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not come up`);
}

// The least a Worker can do for each read. Not part of Marquee: it exists only in the temp dir.
const BARE_WORKER = `
// 1 MB from memory. A Blob, not a Uint8Array: workerd sends a Uint8Array body about half as fast.
const MEMORY = new Blob([new Uint8Array(${RANGE})]);
const partial = (body, offset, length, size) =>
  new Response(body, { status: 206, headers: { "content-length": String(length), "content-range": \`bytes \${offset}-\${offset + length - 1}/\${size}\` } });
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/health") return new Response("ok");
    if (url.pathname === "/memory") return partial(MEMORY, 0, MEMORY.size, MEMORY.size);
    const key = url.searchParams.get("key");
    if (url.pathname === "/r2") {
      const object = await env.MEDIA.get(key, { range: request.headers });
      if (!object) return new Response("no such key", { status: 404 });
      return partial(object.body, object.range.offset, object.range.length, object.size);
    }
    if (url.pathname === "/copy" && request.method === "POST") {
      // Rewrites an object as one single-part put, which the local R2 serves without reassembly.
      const object = await env.MEDIA.get(key);
      const copy = new FixedLengthStream(object.size);
      const [, stored] = await Promise.all([object.body.pipeTo(copy.writable), env.MEDIA.put(url.searchParams.get("to"), copy.readable)]);
      return new Response(stored.key);
    }
    return new Response("not here", { status: 404 });
  },
};
`;

/** Runs the bare Worker under `wrangler dev` on `statePath`, bound to the app's bucket. */
function startBareWorker(dir, statePath, barePort) {
  const bucket = readFileSync("wrangler.toml", "utf8").match(/^bucket_name\s*=\s*"([^"]+)"/m)?.[1];
  return startBenchWorker({
    dir,
    name: "bench-bare-r2",
    source: BARE_WORKER,
    config: `[[r2_buckets]]\nbinding = "MEDIA"\nbucket_name = "${bucket}"\n`,
    port: barePort,
    persistTo: statePath,
  });
}

if (spawnSync("nginx", ["-v"], { stdio: "ignore" }).status !== 0) {
  console.error("bench:stream compares against nginx: install it (e.g. apt-get install nginx-light)");
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), "marquee-bench-stream-"));
const root = join(work, "www");
mkdirSync(root);
const file = randomBytes(SIZE);
file.write("ID3", 0, "latin1");
file[3] = 4;
writeFileSync(join(root, "object.mp3"), file);
// nginx's workers run as an unprivileged user; mkdtemp makes the directory private.
chmodSync(work, 0o755);
chmodSync(root, 0o755);

const state = join(work, "state");
const stack = await startStack({ port, persistTo: state, quiet: true });
const nginxPort = await freePort();
const nginx = startNginx(join(work, "nginx"), root, nginxPort);
let bare;
try {
  const base = stack.baseUrl;
  const name = `bench${Date.now().toString(36)}`;
  const auth = await fetch(`${base}/api/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: `${name}@marquee.local`, password: "bench-password-123", name: "Bench", username: name }),
  }).then((r) => r.json());
  const headers = { authorization: `Bearer ${auth.accessToken}` };
  // 100 MB plus multipart overhead is over Cloudflare's request body limit, so upload with tus.
  const tus = { ...headers, "tus-resumable": "1.0.0" };
  const created = await fetch(`${base}/api/uploads`, { method: "POST", headers: { ...tus, "upload-length": String(SIZE) } });
  if (created.status !== 201) throw new Error(`tus creation answered ${created.status}: ${await created.text()}`);
  const location = created.headers.get("location");
  let mediaId = null;
  let offset = 0;
  let failures = 0;
  while (offset < SIZE) {
    const chunk = file.subarray(offset, Math.min(SIZE, offset + CHUNK));
    try {
      const res = await fetch(location, {
        method: "PATCH",
        headers: { ...tus, "upload-offset": String(offset), "content-type": "application/offset+octet-stream" },
        body: chunk,
      });
      if (res.status !== 204) throw new Error(`tus PATCH answered ${res.status}: ${await res.text()}`);
      offset = Number(res.headers.get("upload-offset"));
      mediaId = res.headers.get("media-id");
    } catch (err) {
      // Resume as a tus client does: ask where the upload stands and go on from there.
      if (++failures > 5) throw err;
      const head = await fetch(location, { method: "HEAD", headers: tus });
      offset = Number(head.headers.get("upload-offset"));
    }
  }
  const { url } = await fetch(`${base}/api/media/${mediaId}/playback`, { headers }).then((r) => r.json());
  const nginxUrl = `http://127.0.0.1:${nginxPort}/object.mp3`;
  await waitFor(nginxUrl);

  bare = await startBareWorker(join(work, "bare"), state, await freePort());
  const key = `media/${mediaId}/source`;
  const copied = await fetch(`${bare.baseUrl}/copy?key=${key}&to=bench/single-blob`, { method: "POST" });
  if (!copied.ok) throw new Error(`copying to a single blob answered ${copied.status}: ${await copied.text()}`);
  const runtime = [
    ["R2 get, same object", `${bare.baseUrl}/r2?key=${key}`],
    ["R2 get, as one blob", `${bare.baseUrl}/r2?key=bench/single-blob`],
    ["1 MB from memory", `${bare.baseUrl}/memory`],
  ];

  // One warm-up pass each (short for the breakdown), then the measured passes.
  await readAll(nginxUrl);
  await readAll(url);
  for (const [, target] of runtime) await readAll(target, 8 * RANGE);
  const viaNginx = await readAll(nginxUrl);
  const viaStream = await readAll(url);
  const results = [];
  for (const [, target] of runtime) results.push(await readAll(target));
  const line = (label, r) =>
    `${label.padEnd(22)} ${r.mbps.toFixed(0).padStart(6)} MB/s   TTFB mean ${r.ttfb.toFixed(2)} ms   p99 ${r.p99.toFixed(2)} ms`;
  const times = (a, b) => `${(a.mbps / b.mbps).toFixed(2)}x`;
  console.log(line("nginx", viaNginx));
  console.log(line("/stream", viaStream));
  console.log(`ratio    ${times(viaStream, viaNginx)} nginx throughput (goal >= 0.8x)`);
  console.log("\nThe local runtime on its own (a bare Worker under its own wrangler dev, same bucket and state):");
  for (const [i, [label]] of runtime.entries()) console.log(line(label, results[i]));
  console.log(`/stream vs R2 get of the same object   ${times(viaStream, results[0])}   our Worker's own per-request work`);
  console.log(`R2 get of the same object vs nginx     ${times(results[0], viaNginx)}   the runtime's ceiling for this object`);
  console.log(`same bytes as one blob vs nginx        ${times(results[1], viaNginx)}   ceiling without multipart reassembly`);
  console.log(`1 MB from memory vs nginx              ${times(results[2], viaNginx)}   wrangler dev's HTTP path, no storage`);
  console.log(
    `\n${READERS} readers x ${SIZE / 1024 / 1024} MB in ${RANGE / 1024 / 1024} MB ranges each. Shared machine: figures are noisy.`,
  );
} finally {
  await bare?.stop();
  await stack.stop();
  nginx.kill("SIGTERM");
  await new Promise((resolve) => (nginx.exitCode !== null ? resolve() : nginx.once("exit", resolve)));
  rmSync(work, { recursive: true, force: true });
}
