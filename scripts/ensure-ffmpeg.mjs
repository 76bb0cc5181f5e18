// `npm test` runs before this (pretest): the transcoder's system-FFmpeg engine is tested, so the
// machine needs ffmpeg on PATH. When it is missing and we may use apt (root on Debian/Ubuntu, as
// in CI), install it; otherwise say how. `npm start` itself never needs it (ffmpeg.wasm fallback).
import { spawnSync } from "node:child_process";
import { systemFfmpegAvailable } from "../containers/transcoder/engines.mjs";

if (!systemFfmpegAvailable()) {
  const hasApt = spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0;
  if (hasApt && process.getuid?.() === 0) {
    console.log("ffmpeg is not installed; installing it with apt-get for the transcoder tests");
    for (const args of [["update"], ["install", "-y", "--no-install-recommends", "ffmpeg"]]) {
      const result = spawnSync("apt-get", args, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
      if (result.status !== 0) process.exit(result.status ?? 1);
    }
  }
  if (!systemFfmpegAvailable()) {
    console.error("The tests need ffmpeg and ffprobe on PATH (e.g. `sudo apt-get install ffmpeg` or `brew install ffmpeg`).");
    process.exit(1);
  }
}
