// `npm run bench:transcode`: a 30 s 1280x720 clip (lavfi), uploaded through the API and converted
// to HLS through the whole pipeline (Worker -> queue -> consumer -> transcoder -> R2), timed from
// the upload until the client is told the job is done (its job_done notification); next to the
// same FFmpeg commands run directly (the limit).
// Once with the system ffmpeg and once with ffmpeg.wasm (BENCH_ENGINES=system,wasm to choose).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import { createEngine, summarizeProbe } from "../containers/transcoder/engines.mjs";
import { commandsFor } from "../containers/transcoder/jobs.mjs";
import { descendantPids, startStack } from "../scripts/stack.mjs";

const port = Number(process.env.BENCH_PORT ?? 8801);
const engines = (process.env.BENCH_ENGINES ?? "system,wasm").split(",");
const SECONDS = Number(process.env.BENCH_CLIP_SECONDS ?? 30);
/**
 * In production the transcoder is a container with CPUs of its own; here it shares the machine
 * with wrangler dev, which is busy storing segments while ffmpeg encodes. So the system engine
 * also runs "one core each": ffmpeg gets core 1 in both runs (the direct one and the
 * transcoder's), everything else (wrangler, both workerd processes, this client) core 0. That
 * compares the pipeline with ffmpeg on equal CPU. Linux with taskset and 2+ cores; BENCH_PIN=0 skips it.
 */
const PIN = process.env.BENCH_PIN !== "0" && cpus().length >= 2 && hasTaskset();

function hasTaskset() {
  try {
    execFileSync("taskset", ["-p", String(process.pid)], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Moves `pid` and all its threads onto `cores` (taskset's list syntax, e.g. "1" or "0-3"). */
const pin = (pid, cores) => execFileSync("taskset", ["-a", "-p", "-c", cores, String(pid)], { stdio: "ignore" });
const ALL_CORES = `0-${cpus().length - 1}`;

const work = mkdtempSync(join(tmpdir(), "marquee-bench-transcode-"));
const system = createEngine("system");
const made = await system.run(
  [
    "-f",
    "lavfi",
    "-i",
    `testsrc2=size=1280x720:rate=30:duration=${SECONDS}`,
    "-f",
    "lavfi",
    "-i",
    `sine=frequency=440:duration=${SECONDS}`,
    "-c:v",
    "libx264",
    "-preset",
    "veryfast",
    "-pix_fmt",
    "yuv420p",
    "-c:a",
    "aac",
    "-shortest",
    "-f",
    "mp4",
    "clip.mp4",
  ],
  { cwd: work },
);
if (made.code !== 0) throw new Error(`making the clip failed: ${made.stderr}`);
const clip = readFileSync(join(work, "clip.mp4"));
const probed = await system.probe(join(work, "clip.mp4"));
const probe = summarizeProbe(probed.json);

/** "name +seconds" for each [name, performance.now()] mark, each counted from the one before (the first from `started`). */
const phasesOf = (started, marks) =>
  marks.map(([name, at], i) => `${name} +${((at - (i ? marks[i - 1][1] : started)) / 1000).toFixed(2)}`).join(", ");

async function direct(engineName, { pinned = false } = {}) {
  const dir = mkdtempSync(join(work, `direct-${engineName}-`));
  const { copyFileSync, mkdirSync } = await import("node:fs");
  copyFileSync(join(work, "clip.mp4"), join(dir, "input"));
  mkdirSync(join(dir, "out"));
  const engine = createEngine(engineName);
  if (pinned) pin(process.pid, "1"); // ffmpeg, spawned from here, inherits it
  const started = performance.now();
  const quarters = []; // when the ladder's encode passed 25, 50 and 75 % of the clip
  const onTime = (seconds) => {
    const quarter = Math.floor((seconds / SECONDS) * 4);
    while (quarters.length < Math.min(quarter, 3)) quarters.push(performance.now());
  };
  for (const [index, args] of commandsFor("hls", probe).entries()) {
    const result = await engine.run(args, { cwd: dir, onTime: index === 0 ? onTime : undefined });
    if (result.code !== 0) throw new Error(`direct ffmpeg failed: ${result.stderr}`);
  }
  const finished = performance.now();
  if (pinned) pin(process.pid, ALL_CORES);
  const marks = [...quarters.map((at, i) => [`${(i + 1) * 25}%`, at]), ["done", finished]];
  return { seconds: (finished - started) / 1000, phases: phasesOf(started, marks) };
}

/** Opens the caller's notification socket; answers `(jobId) => promise` resolved by that job's job_done or job_failed. */
async function jobEndings(base, token) {
  const ws = new WebSocket(`${base.replace("http", "ws")}/api/notifications/ws?${new URLSearchParams({ token })}`);
  const waiting = new Map();
  const seen = new Set();
  const progress = []; // [percent, performance.now()] of each job_progress frame
  ws.addEventListener("message", (event) => {
    const frame = JSON.parse(String(event.data));
    const kind = frame.notification?.kind;
    if (kind === "job_progress") progress.push([frame.notification.payload.progress, performance.now()]);
    if (frame.type !== "notification" || (kind !== "job_done" && kind !== "job_failed")) return;
    const jobId = frame.notification.payload.jobId;
    seen.add(jobId);
    waiting.get(jobId)?.();
  });
  await new Promise((resolve, reject) => {
    ws.addEventListener("message", (event) => JSON.parse(String(event.data)).type === "ready" && resolve());
    ws.addEventListener("error", () => reject(new Error("the notification socket failed")));
  });
  const ended = (jobId) => (seen.has(jobId) ? Promise.resolve() : new Promise((resolve) => waiting.set(jobId, resolve)));
  return Object.assign(ended, { progress, close: () => ws.close() });
}

async function pipeline(engineName, { pinned = false } = {}) {
  const state = mkdtempSync(join(work, `state-${engineName}-`));
  const stack = await startStack({ port, persistTo: state, quiet: true, transcoderEngine: engineName });
  try {
    if (pinned) {
      // The transcoder is this process's child; its ffmpeg children inherit core 1.
      const transcoder = descendantPids(process.pid).filter((pid) =>
        readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("containers/transcoder/server.mjs"),
      );
      if (transcoder.length !== 1) throw new Error("the transcoder process was not found to pin");
      for (const pid of [process.pid, stack.child.pid, ...descendantPids(stack.child.pid)]) pin(pid, "0");
      pin(transcoder[0], "1");
    }
    const base = stack.baseUrl;
    const name = `bench${Date.now().toString(36)}`;
    const auth = await fetch(`${base}/api/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: `${name}@marquee.local`, password: "bench-password-123", name: "Bench", username: name }),
    }).then((r) => r.json());
    const headers = { authorization: `Bearer ${auth.accessToken}` };
    // Like the web app, learn that the job ended from the notification socket rather than by
    // polling, which would put load on the same two cores the conversion runs on.
    const ended = await jobEndings(base, auth.accessToken);
    const started = performance.now();
    const form = new FormData();
    form.append("file", new File([clip], "bench.mp4"));
    const media = await fetch(`${base}/api/media`, { method: "POST", headers, body: form }).then((r) => r.json());
    const uploadedAt = performance.now();
    const job = await fetch(`${base}/api/media/${media.id}/convert`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ target: "hls" }),
    }).then((r) => r.json());
    const convertedAt = performance.now();
    await ended(job.id);
    const finished = performance.now();
    ended.close();
    const status = await fetch(`${base}/api/jobs/${job.id}`, { headers }).then((r) => r.json());
    if (status.status !== "done") throw new Error(`the job ${status.status}: ${status.error}`);
    // Where the time went, from the client's side: the upload, the convert request, then each
    // progress notification (25/50/75 %) and the end.
    const marks = [
      ["upload", uploadedAt],
      ["convert", convertedAt],
      ...ended.progress.map(([percent, at]) => [`${percent}%`, at]),
      ["done", finished],
    ];
    return {
      total: (finished - started) / 1000,
      upload: (uploadedAt - started) / 1000,
      outputs: status.outputs.length,
      phases: phasesOf(started, marks),
    };
  } finally {
    if (pinned) pin(process.pid, ALL_CORES);
    await stack.stop();
  }
}

const rows = [];
try {
  const runs = engines.flatMap((engine) => [
    { engine, label: engine, pinned: false },
    ...(engine === "system" && PIN ? [{ engine, label: "system, one core each", pinned: true }] : []),
  ]);
  for (const { engine, label, pinned } of runs) {
    const { seconds: limit, phases } = await direct(engine, { pinned });
    const run = await pipeline(engine, { pinned });
    rows.push({ engine, label, direct: limit, ...run });
    console.log(
      `${label.padEnd(6)}  direct ffmpeg ${limit.toFixed(2)} s   pipeline ${run.total.toFixed(2)} s (upload ${run.upload.toFixed(2)} s, ${run.outputs} files)   ratio ${(run.total / limit).toFixed(2)}x   goal <= 1.15x`,
    );
    console.log(`        direct phases (s): ${phases}`);
    console.log(`        pipeline phases (s): ${run.phases}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(
  `\n${SECONDS} s 1280x720 clip (${(clip.length / 1e6).toFixed(1)} MB) to an HLS ladder (${commandsFor("hls", probe).length} ffmpeg commands). Shared machine: figures are noisy.`,
);
