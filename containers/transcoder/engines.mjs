// The two ways the transcoder runs FFmpeg: the system binary when it is on PATH, and
// ffmpeg.wasm (@ffmpeg/core, in a worker thread so the HTTP server stays responsive) when not.
import { spawn, spawnSync } from "node:child_process";
import { Worker } from "node:worker_threads";

export function systemFfmpegAvailable() {
  const ffmpeg = spawnSync("ffmpeg", ["-hide_banner", "-version"], { stdio: "ignore" });
  const ffprobe = spawnSync("ffprobe", ["-hide_banner", "-version"], { stdio: "ignore" });
  return ffmpeg.status === 0 && ffprobe.status === 0;
}

/** "system" | "wasm": TRANSCODER_ENGINE forces one; otherwise the system binary when present. */
export function pickEngine(requested = process.env.TRANSCODER_ENGINE) {
  if (requested === "system" || requested === "wasm") return requested;
  return systemFfmpegAvailable() ? "system" : "wasm";
}

/** Reads ffprobe's JSON into what the jobs need. */
export function summarizeProbe(json) {
  const streams = Array.isArray(json?.streams) ? json.streams : [];
  const video = streams.find((s) => s.codec_type === "video" && s.disposition?.attached_pic !== 1);
  const audio = streams.find((s) => s.codec_type === "audio");
  const duration = Number(json?.format?.duration ?? video?.duration ?? audio?.duration);
  const fps = video?.avg_frame_rate?.includes("/") ? video.avg_frame_rate.split("/").map(Number) : null;
  return {
    durationSeconds: Number.isFinite(duration) && duration > 0 ? Math.round(duration * 1000) / 1000 : undefined,
    width: video?.width,
    height: video?.height,
    fps: fps?.[1] ? fps[0] / fps[1] : undefined,
    hasVideo: Boolean(video),
    hasAudio: Boolean(audio),
    formatName: json?.format?.format_name,
    // The codecs of what plays: the picture, then the sound (cover art and data streams left out).
    codecs: [video?.codec_name, audio?.codec_name].filter(Boolean),
    streams: streams.map((s) => ({
      type: s.codec_type,
      codec: s.codec_name,
      width: s.width,
      height: s.height,
      duration: Number(s.duration) || undefined,
    })),
  };
}

const PROBE_ARGS = ["-v", "error", "-print_format", "json", "-show_format", "-show_streams"];

function systemEngine() {
  return {
    name: "system",
    probe(file) {
      return new Promise((resolve) => {
        const child = spawn("ffprobe", [...PROBE_ARGS, file], { stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        let err = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (err += d));
        child.on("error", (e) => resolve({ ok: false, crashed: true, error: String(e) }));
        child.on("close", (code) => {
          if (code !== 0) return resolve({ ok: false, error: err.trim().split("\n").pop() || `ffprobe exited with ${code}` });
          try {
            resolve({ ok: true, json: JSON.parse(out) });
          } catch {
            resolve({ ok: false, error: "ffprobe printed no JSON" });
          }
        });
      });
    },
    /** Runs one ffmpeg command in `cwd`; onTime gets the output position in seconds. */
    run(args, { cwd, onTime, signal }) {
      return new Promise((resolve) => {
        const child = spawn("ffmpeg", ["-hide_banner", "-nostdin", "-y", "-progress", "pipe:1", "-nostats", ...args], {
          cwd,
          stdio: ["ignore", "pipe", "pipe"],
          signal,
        });
        let err = "";
        child.stdout.on("data", (chunk) => {
          for (const m of String(chunk).matchAll(/out_time_us=(\d+)/g)) onTime?.(Number(m[1]) / 1e6);
        });
        child.stderr.on("data", (d) => (err = (err + d).slice(-4000)));
        child.on("error", (e) => resolve({ code: -1, signal: "error", stderr: String(e) }));
        child.on("close", (code, sig) => resolve({ code, signal: sig, stderr: err }));
      });
    },
  };
}

function wasmEngine() {
  const call = (message, onTime) =>
    new Promise((resolve) => {
      const worker = new Worker(new URL("./wasm-worker.mjs", import.meta.url), { workerData: message });
      worker.on("message", (m) => {
        if (m.type === "time") onTime?.(m.seconds);
        else if (m.type === "result") resolve(m);
      });
      worker.on("error", (e) => resolve({ type: "result", code: -1, signal: "error", crashed: true, stderr: String(e) }));
      worker.on("exit", (code) =>
        resolve({ type: "result", code: code || -1, signal: "exit", stderr: "the wasm worker exited" }),
      );
    });
  return {
    name: "wasm",
    async probe(file) {
      const result = await call({ op: "probe", file });
      if (result.code !== 0 || !result.json)
        return {
          ok: false,
          crashed: Boolean(result.crashed),
          error: result.stderr?.trim().split("\n").pop() || "ffprobe failed",
        };
      return { ok: true, json: result.json };
    },
    async run(args, { cwd, onTime }) {
      return call({ op: "run", args, cwd }, onTime);
    },
  };
}

export function createEngine(name = pickEngine()) {
  return name === "wasm" ? wasmEngine() : systemEngine();
}
