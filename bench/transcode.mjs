// `npm run bench:transcode`: a 30 s 1280x720 clip (lavfi), uploaded through the API and converted
// to HLS through the whole pipeline (Worker -> queue -> consumer -> transcoder -> R2), timed from
// the upload until the client is told the job is done (its job_done notification); its floor is
// the exact ffmpeg commands the transcoder runs for that clip (commandsFor in
// containers/transcoder/jobs.mjs, the same function server.mjs calls; the row's extra logs them),
// run here directly, one after another, as the transcoder does. Goal: pipeline <= 1.15x.
//
// System ffmpeg by default; BENCH_ENGINES=system,wasm adds a row for ffmpeg.wasm (about 2 minutes
// of encoding each way). BENCH_CLIP_SECONDS (30), BENCH_PIN (1), BENCH_PORT (8801).
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import WebSocket from "ws";
import { createEngine, summarizeProbe } from "../containers/transcoder/engines.mjs";
import { commandsFor, ladderFor } from "../containers/transcoder/jobs.mjs";
import { descendantPids, startStack } from "../scripts/stack.mjs";
import { printResult, ratioRow } from "./lib/report.mjs";

/**
 * In production the transcoder is a container with CPUs of its own; here it shares the machine
 * with wrangler dev, which is busy storing segments while ffmpeg encodes. So the system engine
 * runs "one core each": ffmpeg gets core 1 in both runs (the direct one and the transcoder's),
 * everything else (wrangler, both workerd processes, this client) core 0. That compares the
 * pipeline with ffmpeg on equal CPU; the same comparison with nothing pinned is kept in the
 * row's extra. Linux with taskset and 2+ cores; BENCH_PIN=0 skips it.
 */
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

const TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU seconds (user + system) the processes `pids` used so far (Linux /proc): their own ("self"),
 * their waited-for children's (the ffmpeg runs they spawned), or both; a process gone counts 0.
 */
function cpuSeconds(pids, which = "both") {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // fields[11..14] are utime, stime, cutime, cstime (fields 14–17 of proc(5)).
      const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number);
      if (which !== "children") ticks += utime + stime;
      if (which !== "self") ticks += cutime + cstime;
    } catch {
      // gone
    }
  }
  return ticks / TICKS;
}

/** "name +seconds" for each [name, performance.now()] mark, each counted from the one before (the first from `started`). */
const phasesOf = (started, marks) =>
  marks.map(([name, at], i) => `${name} +${((at - (i ? marks[i - 1][1] : started)) / 1000).toFixed(2)}`).join(", ");

/** The transcoder's commands for the clip, run here one after another in a fresh job directory, as server.mjs runs them. */
async function direct(ctx, engineName, { pinned = false } = {}) {
  const { work, seconds: SECONDS, probe } = ctx;
  const dir = mkdtempSync(join(work, `direct-${engineName}-`));
  copyFileSync(join(work, "clip.mp4"), join(dir, "input"));
  mkdirSync(join(dir, "out"));
  const engine = createEngine(engineName);
  if (pinned) pin(process.pid, "1"); // ffmpeg, spawned from here, inherits it
  const cpuBefore = cpuSeconds([process.pid], "children");
  const started = performance.now();
  // The transcoder probes every source before choosing its commands; so does the floor.
  const probed = await engine.probe(join(dir, "input"));
  if (!probed.ok) throw new Error(`direct ffprobe failed: ${probed.error}`);
  const probedAt = performance.now();
  const quarters = []; // when the ladder's encode passed 25, 50 and 75 % of the clip
  const onTime = (seconds) => {
    const quarter = Math.floor((seconds / SECONDS) * 4);
    while (quarters.length < Math.min(quarter, 3)) quarters.push(performance.now());
  };
  const ended = [];
  for (const [index, args] of commandsFor("hls", probe).entries()) {
    const result = await engine.run(args, { cwd: dir, onTime: index === 0 ? onTime : undefined });
    if (result.code !== 0) throw new Error(`direct ffmpeg failed: ${result.stderr}`);
    ended.push(performance.now());
  }
  const finished = performance.now();
  const cpu = cpuSeconds([process.pid], "children") - cpuBefore;
  if (pinned) pin(process.pid, ALL_CORES);
  const marks = [
    ["probe", probedAt],
    ...quarters.map((at, i) => [`${(i + 1) * 25}%`, at]),
    ["ladder", ended[0]],
    ["done", finished],
  ];
  return {
    seconds: (finished - started) / 1000,
    encode: (ended[0] - probedAt) / 1000,
    cpu,
    phases: phasesOf(started, marks),
  };
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

async function pipeline(ctx, engineName, { pinned = false } = {}) {
  const { work, port, clip } = ctx;
  const state = mkdtempSync(join(work, `state-${engineName}-`));
  const stack = await startStack({ port, persistTo: state, quiet: true, transcoderEngine: engineName });
  try {
    // The transcoder is this process's child; its ffmpeg children inherit its core when pinned.
    const transcoder = descendantPids(process.pid).filter((pid) =>
      readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("containers/transcoder/server.mjs"),
    );
    if (transcoder.length !== 1) throw new Error("the transcoder process was not found");
    const wrangler = [stack.child.pid, ...descendantPids(stack.child.pid)];
    if (pinned) {
      for (const pid of [process.pid, ...wrangler]) pin(pid, "0");
      pin(transcoder[0], "1");
    }
    const cpuBefore = {
      ffmpeg: cpuSeconds(transcoder, "children"),
      stack: cpuSeconds(wrangler),
      transcoder: cpuSeconds(transcoder, "self"),
    };
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
    const cpu = {
      ffmpeg: cpuSeconds(transcoder, "children") - cpuBefore.ffmpeg,
      stack: cpuSeconds(wrangler) - cpuBefore.stack,
      transcoder: cpuSeconds(transcoder, "self") - cpuBefore.transcoder,
    };
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
      convert: (convertedAt - uploadedAt) / 1000,
      outputs: status.outputs.length,
      phases: phasesOf(started, marks),
      cpu,
    };
  } finally {
    if (pinned) pin(process.pid, ALL_CORES);
    await stack.stop();
  }
}

/** The clip: `seconds` of 1280x720 testsrc2 at 30 fps with a tone, H.264/AAC in MP4. */
async function makeClip(work, seconds) {
  const system = createEngine("system");
  const made = await system.run(
    [
      "-f",
      "lavfi",
      "-i",
      `testsrc2=size=1280x720:rate=30:duration=${seconds}`,
      "-f",
      "lavfi",
      "-i",
      `sine=frequency=440:duration=${seconds}`,
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
  const probed = await system.probe(join(work, "clip.mp4"));
  return { clip: readFileSync(join(work, "clip.mp4")), probe: summarizeProbe(probed.json) };
}

/** One engine in one mode: the floor (direct), then the pipeline. */
async function compare(ctx, engine, pinned) {
  const floor = await direct(ctx, engine, { pinned });
  const run = await pipeline(ctx, engine, { pinned });
  return { floor, run, ratio: run.total / floor.seconds };
}

/** A sentence on where the pipeline's extra seconds go: the client's marks, the direct run's, and CPU seconds per process group. */
function whereTheTimeGoes(result, pinned) {
  const { floor, run } = result;
  const extra = run.total - floor.seconds;
  const afterConvert = run.total - run.upload - run.convert;
  const c = run.cpu;
  return [
    `Of ${extra.toFixed(1)} s over the direct run, the upload takes ${run.upload.toFixed(1)} s and the convert request ${run.convert.toFixed(2)} s; the job itself takes ${afterConvert.toFixed(1)} s from the convert's answer to job_done, against ${floor.seconds.toFixed(1)} s for ffprobe + the same ffmpeg commands by hand.`,
    `CPU: ffmpeg used ${floor.cpu.toFixed(1)} CPU-s by hand and ${c.ffmpeg.toFixed(1)} CPU-s in the transcoder (the same work), the transcoder's own Node ${c.transcoder.toFixed(1)} CPU-s, and wrangler dev's processes (workerd: the queue consumer pulling and storing every segment in local R2, D1 writes, notifications) ${c.stack.toFixed(1)} CPU-s over the ${run.total.toFixed(1)} s.`,
    pinned
      ? "With ffmpeg alone on core 1 in both runs, that stack work sits on core 0 beside it, so the gap is the queue hop, the source's download to the transcoder, segments stored as they appear and the final manifests, plus whatever else the shared machine ran on core 1 meanwhile."
      : "With nothing pinned, ffmpeg's encode shares the two cores with that stack work, so the same encode runs slower than by hand.",
    `Phases (s, each from the one before): pipeline ${run.phases}; by hand ${floor.phases}.`,
  ].join(" ");
}

/**
 * @param {{ port?: number, seconds?: number, engines?: string[], pin?: boolean, log?: (line: string) => void }} [options]
 * @returns {Promise<import("./lib/report.mjs").BenchResult>}
 */
export async function measure(options = {}) {
  const port = options.port ?? Number(process.env.BENCH_PORT ?? 8801);
  const seconds = options.seconds ?? Number(process.env.BENCH_CLIP_SECONDS ?? 30);
  const engines = options.engines ?? (process.env.BENCH_ENGINES ?? "system").split(",");
  const pinned = (options.pin ?? process.env.BENCH_PIN !== "0") && cpus().length >= 2 && hasTaskset();
  const log = options.log ?? ((line) => console.error(line));
  const work = mkdtempSync(join(tmpdir(), "marquee-bench-transcode-"));
  try {
    const { clip, probe } = await makeClip(work, seconds);
    const ctx = { work, port, seconds, clip, probe };
    const commands = commandsFor("hls", probe).map((args) => `ffmpeg ${args.join(" ")}`);
    for (const line of commands) log(`transcode: floor command: ${line}`);
    const rows = [];
    for (const engine of engines) {
      const goal = { op: "<=", value: 1.15 };
      // The system engine: ffmpeg on one core in both runs, the stack on the other (as a container
      // with its own CPUs would be), and, for the record, both sharing every core.
      const main = await compare(ctx, engine, engine === "system" && pinned);
      log(
        `transcode: ${engine}: direct ${main.floor.seconds.toFixed(2)} s, pipeline ${main.run.total.toFixed(2)} s = ${main.ratio.toFixed(2)}x`,
      );
      const extra = {
        clipMB: Number((clip.length / 1e6).toFixed(1)),
        renditions: ladderFor(probe.height)
          .map((r) => `${r.height}p`)
          .join("/"),
        ffmpegCommands: commands.join(" && "),
        pinned: engine === "system" && pinned ? "ffmpeg on core 1 in both runs, the stack on core 0" : "no",
        uploadS: main.run.upload,
        ffmpegCpuByHandS: main.floor.cpu,
        ffmpegCpuInTranscoderS: main.run.cpu.ffmpeg,
        transcoderNodeCpuS: main.run.cpu.transcoder,
        wranglerDevCpuS: main.run.cpu.stack,
        pipelinePhases: main.run.phases,
        directPhases: main.floor.phases,
      };
      if (engine === "system" && pinned) {
        const shared = await compare(ctx, engine, false);
        log(
          `transcode: system, unpinned: direct ${shared.floor.seconds.toFixed(2)} s, pipeline ${shared.run.total.toFixed(2)} s = ${shared.ratio.toFixed(2)}x`,
        );
        extra.unpinnedDirectS = shared.floor.seconds;
        extra.unpinnedPipelineS = shared.run.total;
        extra.unpinnedRatio = shared.ratio;
      }
      const row = ratioRow({
        id: engine === "system" ? "transcode" : `transcode-${engine}`,
        work: `upload → HLS ladder ready, ${seconds} s 720p clip (${engine === "system" ? "system ffmpeg" : "ffmpeg.wasm"}${engine === "system" && pinned ? ", one core each" : ""})`,
        figure: { value: main.run.total, unit: "s" },
        floor: { name: "ffprobe + the transcoder's exact ffmpeg commands run by hand", value: main.floor.seconds, unit: "s" },
        goal,
        extra,
      });
      if (!row.met) row.whereTimeGoes = whereTheTimeGoes(main, engine === "system" && pinned);
      rows.push(row);
    }
    return { rows };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) printResult(await measure());
