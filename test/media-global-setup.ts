import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { createEngine } from "../containers/transcoder/engines.mjs";
import { createTranscoder } from "../containers/transcoder/server.mjs";

/** Small clips made with FFmpeg's lavfi sources; workerd cannot run FFmpeg, so Node makes them here. */
const CLIPS = {
  video: [
    "-f",
    "lavfi",
    "-i",
    "testsrc2=size=854x480:rate=25:duration=3",
    "-f",
    "lavfi",
    "-i",
    "sine=frequency=440:duration=3",
    "-c:v",
    "libx264",
    "-preset",
    "ultrafast",
    "-pix_fmt",
    "yuv420p",
    "-c:a",
    "aac",
    "-shortest",
    "-f",
    "mp4",
    "video.mp4",
  ],
  audio: ["-f", "lavfi", "-i", "sine=frequency=660:duration=2", "-c:a", "libmp3lame", "-b:a", "64k", "-f", "mp3", "audio.mp3"],
  wav: [
    "-f",
    "lavfi",
    "-i",
    "sine=frequency=220:duration=1.5",
    "-ac",
    "1",
    "-ar",
    "8000",
    "-c:a",
    "pcm_s16le",
    "-f",
    "wav",
    "audio.wav",
  ],
} as const;

/**
 * Starts the transcoder (the container's server, as a Node process) on loopback for the Worker
 * to reach at TRANSCODER_URL, and provides the test clips as base64.
 */
export default async function setup(project: TestProject) {
  const transcoder = createTranscoder();
  project.provide("transcoderUrl", await transcoder.listen(0, "127.0.0.1"));
  const dir = await mkdtemp(join(tmpdir(), "marquee-clips-"));
  const engine = createEngine(transcoder.engine);
  for (const [name, args] of Object.entries(CLIPS)) {
    const result = await engine.run([...args], { cwd: dir });
    if (result.code !== 0) throw new Error(`making the ${name} clip failed: ${result.stderr}`);
  }
  const read = async (file: string) => (await readFile(join(dir, file))).toString("base64");
  project.provide("mediaClips", { video: await read("video.mp4"), audio: await read("audio.mp3"), wav: await read("audio.wav") });
  await rm(dir, { recursive: true, force: true });
  return () => transcoder.close();
}

declare module "vitest" {
  export interface ProvidedContext {
    transcoderUrl: string;
    mediaClips: { video: string; audio: string; wav: string };
  }
}
