// `npm run bench:stream`: 8 concurrent readers each read a 100 MiB object in 1 MiB ranges through
// the Worker's signed /stream route (R2 in workerd), next to its floor: a bare Worker (written to
// the temp directory, run by its own `wrangler dev` on the same local state and bucket) doing a
// plain `env.MEDIA.get(key, {range})` of the very object /stream serves. Goal: /stream >= 0.9x
// the floor's MiB/s. The two alternate (BENCH_STREAM_ROUNDS each, averaged) so load from
// elsewhere on the machine falls on both.
//
// For the record, no goal: the same bytes from disk through nginx (Debian's nginx, on loopback with
// its own temporary config), and through the bare Worker the same bytes stored as one blob and
// 1 MiB from memory (what the local runtime allows without R2's multipart reassembly, and
// without storage at all).
//
// BENCH_STREAM_MB (100), BENCH_STREAM_ROUNDS (2), BENCH_PORT (8802).
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { freePort, startBenchWorker, startStack, workerdBaseUrl } from "../scripts/stack.mjs";
import { printResult, ratioRow } from "./lib/report.mjs";

const READERS = 8;
const MiB = 1024 * 1024;
const RANGE = MiB;
const CHUNK = 10 * 1024 * 1024;

/** `READERS` readers each read the first `size` bytes of `url` in `RANGE` ranges, one at a time. */
async function readAll(url, size) {
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
    mbps: bytes / MiB / seconds,
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
  types { audio/wav wav; }
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

/**
 * `bytes` as a valid WAV (16-bit stereo PCM at 48 kHz; random samples are noise): uploads are
 * probed with ffprobe, so the object has to be real audio. The header takes the first 44 bytes.
 */
function wavOf(bytes) {
  const rate = 48_000;
  const channels = 2;
  const header = bytes.subarray(0, 44);
  header.write("RIFF", 0, "latin1");
  header.writeUInt32LE(bytes.length - 8, 4);
  header.write("WAVE", 8, "latin1");
  header.write("fmt ", 12, "latin1");
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * channels * 2, 28);
  header.writeUInt16LE(channels * 2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36, "latin1");
  header.writeUInt32LE(bytes.length - 44, 40);
  return bytes;
}

/** Registers a person on the stack and uploads `file` with tus (a 100 MiB multipart body is over Cloudflare's request limit); answers the signed playback URL and the media id. */
async function uploadObject(base, file) {
  const name = `bench${Date.now().toString(36)}`;
  const auth = await fetch(`${base}/api/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: `${name}@marquee.local`, password: "bench-password-123", name: "Bench", username: name }),
  }).then((r) => r.json());
  const headers = { authorization: `Bearer ${auth.accessToken}` };
  const tus = { ...headers, "tus-resumable": "1.0.0" };
  const created = await fetch(`${base}/api/uploads`, {
    method: "POST",
    headers: { ...tus, "upload-length": String(file.length) },
  });
  if (created.status !== 201) throw new Error(`tus creation answered ${created.status}: ${await created.text()}`);
  const location = created.headers.get("location");
  let mediaId = null;
  let offset = 0;
  let failures = 0;
  while (offset < file.length) {
    const chunk = file.subarray(offset, Math.min(file.length, offset + CHUNK));
    try {
      const res = await fetch(location, {
        method: "PATCH",
        headers: { ...tus, "upload-offset": String(offset), "content-type": "application/offset+octet-stream" },
        body: chunk,
      });
      // Read the answer's body even when empty: an unread body whose socket closes throws outside this try.
      const text = await res.text();
      if (res.status !== 204) throw new Error(`tus PATCH answered ${res.status}: ${text}`);
      offset = Number(res.headers.get("upload-offset"));
      mediaId = res.headers.get("media-id");
    } catch (err) {
      // Resume as a tus client does: ask where the upload stands and go on from there.
      if (++failures > 5) throw err;
      const head = await fetch(location, { method: "HEAD", headers: tus });
      offset = Number(head.headers.get("upload-offset"));
    }
  }
  const playback = await fetch(`${base}/api/media/${mediaId}/playback`, { headers }).then((r) => r.json());
  if (!playback.url) throw new Error(`playback answered ${JSON.stringify(playback)}`);
  return { url: playback.url, mediaId };
}

/** The stack's per-request middleware, off (bench:overhead uses the same switches). */
const MIDDLEWARE_OFF = { REQUEST_LOG: "off", REQUEST_METRICS: "off", RATE_LIMITS: "off" };

const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;

/**
 * @param {{ port?: number, sizeMiB?: number, rounds?: number, peers?: boolean, profile?: boolean, log?: (line: string) => void }} [options]
 * @returns {Promise<import("./lib/report.mjs").BenchResult>}
 */
export async function measure(options = {}) {
  const port = options.port ?? Number(process.env.BENCH_PORT ?? 8802);
  const size = (options.sizeMiB ?? Number(process.env.BENCH_STREAM_MB ?? 100)) * MiB;
  const rounds = options.rounds ?? Number(process.env.BENCH_STREAM_ROUNDS ?? 2);
  const log = options.log ?? ((line) => console.error(line));
  const withNginx = options.peers !== false && spawnSync("nginx", ["-v"], { stdio: "ignore" }).status === 0;
  if (!withNginx) log("stream: no nginx on PATH (e.g. apt-get install nginx-light): its peer row is left out");

  const work = mkdtempSync(join(tmpdir(), "marquee-bench-stream-"));
  const root = join(work, "www");
  mkdirSync(root);
  const file = wavOf(randomBytes(size));
  writeFileSync(join(root, "object.wav"), file);
  // nginx's workers run as an unprivileged user; mkdtemp makes the directory private.
  chmodSync(work, 0o755);
  chmodSync(root, 0o755);

  const state = join(work, "state");
  let stack;
  let nginx;
  let bare;
  try {
    stack = await startStack({ port, persistTo: state, quiet: true });
    const { url: signed, mediaId } = await uploadObject(stack.baseUrl, file);
    bare = await startBareWorker(join(work, "bare"), state, await freePort());
    // Both straight to their own workerd when its socket is found (production has no wrangler dev
    // proxy in front of the Worker), else both through wrangler dev.
    const [stackDirect, bareDirect] = await Promise.all([workerdBaseUrl(stack), workerdBaseUrl(bare)]);
    const direct = Boolean(stackDirect && bareDirect);
    const url = direct ? `${stackDirect}${new URL(signed).pathname}${new URL(signed).search}` : signed;
    const bareBase = direct ? bareDirect : bare.baseUrl;
    const key = `media/${mediaId}/source`;
    const floorUrl = `${bareBase}/r2?key=${key}`;
    let nginxUrl;
    if (withNginx) {
      const nginxPort = await freePort();
      nginx = startNginx(join(work, "nginx"), root, nginxPort);
      nginxUrl = `http://127.0.0.1:${nginxPort}/object.wav`;
      await waitFor(nginxUrl);
    }

    // Warm-up (a short pass each), then the figure and its floor alternately.
    await readAll(url, 8 * RANGE);
    await readAll(floorUrl, 8 * RANGE);
    const viaStream = [];
    const viaFloor = [];
    for (let round = 0; round < rounds; round++) {
      viaStream.push(await readAll(url, size));
      viaFloor.push(await readAll(floorUrl, size));
      log(
        `stream: round ${round + 1}: /stream ${viaStream.at(-1).mbps.toFixed(0)} MiB/s, bare R2 get ${viaFloor.at(-1).mbps.toFixed(0)} MiB/s`,
      );
    }
    const figure = mean(viaStream.map((r) => r.mbps));
    const floor = mean(viaFloor.map((r) => r.mbps));

    const peers = [];
    const extra = {
      readers: READERS,
      objectMiB: size / MiB,
      rangeMiB: RANGE / MiB,
      rounds,
      directToWorkerd: direct ? "yes" : "no (through wrangler dev, both)",
      streamTtfbMeanMs: mean(viaStream.map((r) => r.ttfb)),
      streamTtfbP99Ms: Math.max(...viaStream.map((r) => r.p99)),
      floorTtfbMeanMs: mean(viaFloor.map((r) => r.ttfb)),
      floorTtfbP99Ms: Math.max(...viaFloor.map((r) => r.p99)),
    };
    if (options.peers !== false) {
      // What the local runtime allows without R2's multipart reassembly, and without storage.
      const copied = await fetch(`${bareBase}/copy?key=${key}&to=bench/single-blob`, { method: "POST" });
      if (!copied.ok) throw new Error(`copying to a single blob answered ${copied.status}: ${await copied.text()}`);
      const blob = await readAll(`${bareBase}/r2?key=bench/single-blob`, size);
      const memory = await readAll(`${bareBase}/memory`, size);
      extra.bareOneBlobMiBs = blob.mbps;
      extra.bareMemoryMiBs = memory.mbps;
      if (nginxUrl) {
        await readAll(nginxUrl, 8 * RANGE);
        const viaNginx = await readAll(nginxUrl, size);
        peers.push({ name: "nginx, same bytes from disk, 8 readers × 1 MiB ranges", value: viaNginx.mbps, unit: "MiB/s" });
        extra.nginxTtfbMeanMs = viaNginx.ttfb;
      }
      peers.push({ name: "bare Worker, same bytes as one R2 blob (no multipart reassembly)", value: blob.mbps, unit: "MiB/s" });
      peers.push({
        name: "bare Worker, 1 MiB from memory (wrangler dev's HTTP path, no storage)",
        value: memory.mbps,
        unit: "MiB/s",
      });
    }

    const row = ratioRow({
      id: "stream",
      work: `signed /stream Range reads, ${READERS} readers × ${size / MiB} MiB in 1 MiB ranges`,
      figure: { value: figure, unit: "MiB/s" },
      floor: {
        name: "bare Worker: env.MEDIA.get(key, {range}) of the same R2 object, same local state",
        value: floor,
        unit: "MiB/s",
      },
      goal: { op: ">=", value: 0.9 },
      extra,
    });
    if (!row.met) {
      // Profile: the same reads on the same state with the per-request middleware off (the JSON
      // log line, request metrics, rate limits), against the floor again, to tell their share
      // from the route's own (HMAC check, R2 get, headers).
      let profile = "";
      if (options.profile !== false) {
        await stack.stop();
        stack = await startStack({ port, persistTo: state, quiet: true, migrate: false, vars: MIDDLEWARE_OFF });
        const offDirect = await workerdBaseUrl(stack);
        const offUrl =
          direct && offDirect
            ? `${offDirect}${new URL(signed).pathname}${new URL(signed).search}`
            : signed.replace(new URL(signed).origin, new URL(stack.baseUrl).origin);
        await readAll(offUrl, 8 * RANGE);
        const off = await readAll(offUrl, size);
        const again = await readAll(floorUrl, size);
        extra.streamMiddlewareOffMiBs = off.mbps;
        extra.floorAgainMiBs = again.mbps;
        extra.middlewareOffRatio = off.mbps / again.mbps;
        log(
          `stream: profile: /stream with log, metrics and rate limits off ${off.mbps.toFixed(0)} MiB/s, bare R2 get ${again.mbps.toFixed(0)} MiB/s`,
        );
        profile = ` With the per-request log line, request metrics and rate limits off (REQUEST_LOG, REQUEST_METRICS, RATE_LIMITS = off) the same reads ran at ${off.mbps.toFixed(0)} MiB/s against the floor's ${again.mbps.toFixed(0)} MiB/s (${extra.middlewareOffRatio.toFixed(2)}×): ${extra.middlewareOffRatio >= 0.9 ? "that middleware is the gap" : "the rest of the gap is the route and the app around it (Hono routing, the assets router in front, the HMAC check, security headers)"}.`;
      }
      row.whereTimeGoes = `/stream reads at ${row.ratio.toFixed(2)}× a bare R2 get of the same object; mean time to first byte ${extra.streamTtfbMeanMs.toFixed(1)} ms vs ${extra.floorTtfbMeanMs.toFixed(1)} ms.${profile}`;
    }
    return {
      rows: [row],
      peers,
    };
  } finally {
    await bare?.stop();
    await stack?.stop();
    if (nginx) {
      nginx.kill("SIGTERM");
      await new Promise((resolve) => (nginx.exitCode !== null ? resolve() : nginx.once("exit", resolve)));
    }
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) printResult(await measure());
