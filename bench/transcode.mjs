// `npm run bench:transcode`: a 30 s 1280x720 clip (lavfi), uploaded through the API and converted
// to HLS through the whole pipeline (Worker -> queue -> consumer -> transcoder -> R2), timed from
// the upload until the job is done; next to the same FFmpeg commands run directly (the limit).
// Once with the system ffmpeg and once with ffmpeg.wasm (BENCH_ENGINES=system,wasm to choose).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngine, summarizeProbe } from "../containers/transcoder/engines.mjs";
import { commandsFor } from "../containers/transcoder/jobs.mjs";
import { startStack } from "../scripts/stack.mjs";

const port = Number(process.env.BENCH_PORT ?? 8801);
const engines = (process.env.BENCH_ENGINES ?? "system,wasm").split(",");
const SECONDS = Number(process.env.BENCH_CLIP_SECONDS ?? 30);

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

async function direct(engineName) {
  const dir = mkdtempSync(join(work, `direct-${engineName}-`));
  const { copyFileSync, mkdirSync } = await import("node:fs");
  copyFileSync(join(work, "clip.mp4"), join(dir, "input"));
  mkdirSync(join(dir, "out"));
  const engine = createEngine(engineName);
  const started = performance.now();
  for (const args of commandsFor("hls", probe)) {
    const result = await engine.run(args, { cwd: dir });
    if (result.code !== 0) throw new Error(`direct ffmpeg failed: ${result.stderr}`);
  }
  return (performance.now() - started) / 1000;
}

async function pipeline(engineName) {
  const state = mkdtempSync(join(work, `state-${engineName}-`));
  const stack = await startStack({ port, persistTo: state, quiet: true, transcoderEngine: engineName });
  try {
    const base = stack.baseUrl;
    const name = `bench${Date.now().toString(36)}`;
    const auth = await fetch(`${base}/api/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: `${name}@marquee.local`, password: "bench-password-123", name: "Bench", username: name }),
    }).then((r) => r.json());
    const headers = { authorization: `Bearer ${auth.accessToken}` };
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
    let status;
    do {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = await fetch(`${base}/api/jobs/${job.jobId}`, { headers }).then((r) => r.json());
    } while (status.status === "queued" || status.status === "processing");
    if (status.status !== "done") throw new Error(`the job ${status.status}: ${status.error}`);
    const finished = performance.now();
    return { total: (finished - started) / 1000, upload: (uploadedAt - started) / 1000, outputs: status.outputs.length };
  } finally {
    await stack.stop();
  }
}

const rows = [];
try {
  for (const engine of engines) {
    const limit = await direct(engine);
    const run = await pipeline(engine);
    rows.push({ engine, direct: limit, ...run });
    console.log(
      `${engine.padEnd(6)}  direct ffmpeg ${limit.toFixed(2)} s   pipeline ${run.total.toFixed(2)} s (upload ${run.upload.toFixed(2)} s, ${run.outputs} files)   ratio ${(run.total / limit).toFixed(2)}x   goal <= 1.15x`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(
  `\n${SECONDS} s 1280x720 clip (${(clip.length / 1e6).toFixed(1)} MB) to an HLS ladder (${commandsFor("hls", probe).length} ffmpeg commands). Shared machine: figures are noisy.`,
);
