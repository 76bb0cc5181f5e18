// The transcoder's HTTP API. In production it runs in the container (durable-objects/transcoder.ts);
// locally and in tests it runs as a plain Node process and the Worker reaches it at TRANSCODER_URL.
//
//   POST   /jobs/:id?target=mp3|mp4|hls  body: the source bytes. Answers NDJSON events while it
//          works: {type:"probe",...}, {type:"progress",progress}, {type:"file",name,sizeBytes} for each
//          HLS segment as soon as it is complete, then {type:"done",outputs:[{name,sizeBytes}]} (every
//          output) or {type:"error",permanent,message,rejected?} (rejected: ffprobe cannot read the file
//          as audio or video). {type:"heartbeat"} comes every few seconds while it works. Posting the
//          same id again restarts that job.
//   GET    /jobs/:id/files/<name>        one output (the Worker copies each into R2)
//   DELETE /jobs/:id                     forget a job and its files (also done after 30 minutes)
//   POST   /probe                        body: a file; answers its ffprobe summary (200), 422 {error}
//          when ffprobe cannot read it, 503 when ffprobe could not run. Every upload is probed here.
//   GET    /health                       {status, engine}
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, normalize } from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { createEngine, pickEngine, summarizeProbe } from "./engines.mjs";
import { commandsFor, optionalStep, POSTER } from "./jobs.mjs";

const TARGETS = new Set(["mp3", "mp4", "hls"]);
const JOB_ID = /^[A-Za-z0-9_-]{1,64}$/;
const KEEP_MS = 30 * 60 * 1000;

const CONTENT_TYPES = {
  m3u8: "application/vnd.apple.mpegurl",
  ts: "video/mp2t",
  mp3: "audio/mpeg",
  mp4: "video/mp4",
  jpg: "image/jpeg",
};

function json(res, status, body) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

async function listFiles(dir, prefix = "") {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = [];
  for (const entry of entries) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await listFiles(join(dir, entry.name), rel)));
    else files.push({ name: rel, sizeBytes: (await stat(join(dir, entry.name))).size });
  }
  return files.sort((a, b) => a.name.localeCompare(b.name));
}

/** Why ffmpeg failed, in one line a user can read. */
function lastLine(stderr) {
  const lines = String(stderr ?? "")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.at(-1) ?? "ffmpeg failed";
}

/** ffprobe names the file it read; the caller's message names no path on this machine. */
const withoutPath = (message, file) =>
  String(message ?? "")
    .replaceAll(`${file}: `, "")
    .replaceAll(file, "the file")
    // ffmpeg.wasm reads its own copy, at /work/input.
    .replaceAll("/work/input: ", "")
    .replaceAll("/work/input", "the file");

const HEARTBEAT_MS = Number(process.env.TRANSCODER_HEARTBEAT_MS) || 5000;

const SEGMENT_POLL_MS = 200;

/**
 * While ffmpeg writes an HLS ladder, announces each finished segment (`-hls_flags temp_file`
 * names a segment only once it is complete), so the Worker stores segments while the rest
 * encodes instead of all at the end (system ffmpeg only, see runJob).
 */
function announceSegments(outDir, send) {
  const announced = new Set();
  const scan = async () => {
    const files = await listFiles(outDir).catch(() => []);
    for (const file of files) {
      if (!file.name.endsWith(".ts") || announced.has(file.name)) continue;
      announced.add(file.name);
      send({ type: "file", ...file });
    }
  };
  const timer = setInterval(scan, SEGMENT_POLL_MS);
  return { stop: () => clearInterval(timer) };
}

export function createTranscoder({ engine: engineName = pickEngine(), workDir } = {}) {
  const engine = createEngine(engineName);
  const jobs = new Map(); // id -> { dir, abort, expires }
  let root;
  const rootDir = async () => (root ??= workDir ?? (await mkdtemp(join(tmpdir(), "marquee-transcoder-"))));

  async function forget(id) {
    const job = jobs.get(id);
    if (!job) return false;
    jobs.delete(id);
    job.abort.abort();
    clearTimeout(job.timer);
    await rm(job.dir, { recursive: true, force: true });
    return true;
  }

  async function runJob(req, res, id, target) {
    await forget(id);
    const dir = join(await rootDir(), id);
    await mkdir(join(dir, "out"), { recursive: true });
    const abort = new AbortController();
    const timer = setTimeout(() => forget(id), KEEP_MS);
    timer.unref();
    jobs.set(id, { dir, abort, timer });
    await pipeline(req, createWriteStream(join(dir, "input")));

    res.writeHead(200, { "content-type": "application/x-ndjson", "cache-control": "no-store" });
    // A segment scan still in flight may finish after the answer has ended.
    const send = (event) => !res.writableEnded && res.write(`${JSON.stringify(event)}\n`);
    const fail = (permanent, message) => {
      send({ type: "error", permanent, message });
      res.end();
    };

    // A line every few seconds while the job runs, even when ffmpeg reports nothing: the Worker
    // renews the job's lease on each, and gives the attempt up when they stop.
    const heartbeat = setInterval(() => send({ type: "heartbeat" }), HEARTBEAT_MS);
    res.on("close", () => clearInterval(heartbeat));

    const input = join(dir, "input");
    const probed = await engine.probe(input);
    if (!probed.ok && probed.crashed)
      return fail(false, `The transcoder could not run ffprobe: ${withoutPath(probed.error, input)}`);
    const probe = probed.ok ? summarizeProbe(probed.json) : null;
    if (!probe || (!probe.hasAudio && !probe.hasVideo)) {
      send({
        type: "error",
        permanent: true,
        rejected: true,
        message: `The file could not be read as audio or video (${probed.ok ? "no streams" : withoutPath(probed.error, input)})`,
      });
      return res.end();
    }
    send({
      type: "probe",
      durationSeconds: probe.durationSeconds,
      width: probe.width,
      height: probe.height,
      hasVideo: probe.hasVideo,
      hasAudio: probe.hasAudio,
      formatName: probe.formatName,
      codecs: probe.codecs,
    });

    let commands;
    try {
      commands = commandsFor(target, probe);
    } catch (err) {
      return fail(true, err.message);
    }
    const total = probe.durationSeconds ?? 0;
    let last = -1;
    for (const [index, args] of commands.entries()) {
      const onTime = (seconds) => {
        // The main command is the work; later ones (the poster) are quick and share the last percent.
        if (index > 0 || !total) return;
        const progress = Math.min(99, Math.floor((seconds / total) * 100));
        if (progress > last) {
          last = progress;
          send({ type: "progress", progress });
        }
      };
      // Only the system binary renames a finished segment into place; ffmpeg.wasm copies its
      // files out at the end, where a half-copied segment must not be announced.
      const early = target === "hls" && index === 0 && engine.name === "system";
      const watching = early ? announceSegments(join(dir, "out"), send) : undefined;
      const result = await engine.run(args, { cwd: dir, onTime, signal: abort.signal }).finally(() => watching?.stop());
      if (abort.signal.aborted) return fail(false, "The job was restarted or cancelled");
      if (result.code !== 0 && optionalStep(args)) {
        // A poster that fails must not send the whole conversion back to the queue: one more try
        // (a fresh ffmpeg, from the first frame, in case that frame is what it choked on), then
        // the job is done without it.
        const fromStart = args.map((arg, i) => (args[i - 1] === "-ss" ? "0" : arg));
        const retry = await engine.run(fromStart, { cwd: dir, signal: abort.signal });
        if (abort.signal.aborted) return fail(false, "The job was restarted or cancelled");
        if (retry.code !== 0) {
          console.warn(`transcoder job ${id}: no poster (${engine.name} ffmpeg: ${lastLine(retry.stderr)})`);
          await rm(join(dir, POSTER), { force: true });
        }
        continue;
      }
      if (result.code !== 0) {
        // Killed by a signal is the machine's problem (retry); a clean non-zero exit is the input's.
        const permanent = !result.signal;
        return fail(permanent, `ffmpeg could not convert the file: ${lastLine(result.stderr)}`);
      }
    }
    send({ type: "progress", progress: 100 });
    send({ type: "done", engine: engine.name, outputs: await listFiles(join(dir, "out")) });
    res.end();
  }

  async function sendFile(res, id, name) {
    const job = jobs.get(id);
    const rel = normalize(name);
    if (!job || rel.startsWith("..") || rel.startsWith("/")) return json(res, 404, { error: "no such job or file" });
    const path = join(job.dir, "out", rel);
    let info;
    try {
      info = await stat(path);
    } catch {
      return json(res, 404, { error: "no such file" });
    }
    res.writeHead(200, {
      "content-type": CONTENT_TYPES[rel.split(".").pop()] ?? "application/octet-stream",
      "content-length": String(info.size),
    });
    await pipeline(createReadStream(path), res);
  }

  async function probeBody(req, res) {
    const dir = await mkdtemp(join(await rootDir(), "probe-"));
    try {
      await pipeline(req, createWriteStream(join(dir, "input")));
      const input = join(dir, "input");
      const probed = await engine.probe(input);
      if (!probed.ok && probed.crashed) return json(res, 503, { error: withoutPath(probed.error, input) });
      if (!probed.ok) return json(res, 422, { error: withoutPath(probed.error, input) });
      json(res, 200, summarizeProbe(probed.json));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://transcoder");
      const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
      if (req.method === "GET" && url.pathname === "/health") return json(res, 200, { status: "ok", engine: engine.name });
      if (req.method === "POST" && url.pathname === "/probe") return await probeBody(req, res);
      if (parts[0] === "jobs" && JOB_ID.test(parts[1] ?? "")) {
        const id = parts[1];
        if (req.method === "POST" && parts.length === 2) {
          const target = url.searchParams.get("target");
          if (!TARGETS.has(target)) return json(res, 400, { error: "target must be mp3, mp4 or hls" });
          return await runJob(req, res, id, target);
        }
        if (req.method === "GET" && parts[2] === "files" && parts.length > 3)
          return await sendFile(res, id, parts.slice(3).join("/"));
        if (req.method === "DELETE" && parts.length === 2) return json(res, (await forget(id)) ? 200 : 404, { id });
      }
      json(res, 404, { error: "not found" });
    } catch (err) {
      console.error("transcoder error", err);
      if (!res.headersSent) json(res, 500, { error: "internal error" });
      else res.end(`${JSON.stringify({ type: "error", permanent: false, message: String(err?.message ?? err) })}\n`);
    }
  });

  return {
    engine: engine.name,
    server,
    /** Listens on host:port (0 picks a free port) and resolves with the base URL. */
    listen(port = 0, host = "127.0.0.1") {
      return new Promise((resolve) =>
        server.listen(port, host, () => resolve(`http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${server.address().port}`)),
      );
    },
    async close() {
      await Promise.all([...jobs.keys()].map(forget));
      await new Promise((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      if (root && !workDir) await rm(root, { recursive: true, force: true });
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const transcoder = createTranscoder();
  const url = await transcoder.listen(Number(process.env.PORT ?? 8080), process.env.HOST ?? "0.0.0.0");
  console.log(`transcoder (${transcoder.engine} ffmpeg) listening on ${url}`);
  const shutdown = () => transcoder.close().then(() => process.exit(0));
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}
