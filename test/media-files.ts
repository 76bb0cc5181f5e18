import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngine } from "../containers/transcoder/engines.mjs";

/** Runs ffmpeg (the transcoder's own engine) with `args` ending in `out`, and answers the bytes it wrote. */
async function madeByFfmpeg(args: string[], out: string) {
  const dir = await mkdtemp(join(tmpdir(), "marquee-media-"));
  try {
    const made = await createEngine().run([...args, out], { cwd: dir });
    if (made.code !== 0) throw new Error(`ffmpeg exited with ${made.code}: ${made.stderr.slice(-400)}`);
    return await readFile(join(dir, out));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * A real MP4 cut short after its media data begins: ffprobe reads its header (4 s of H.264), so the
 * upload is accepted, and every conversion fails for real when ffmpeg reaches the missing frames.
 */
export async function truncatedMp4() {
  const whole = await madeByFfmpeg(
    [
      "-f",
      "lavfi",
      "-i",
      "testsrc=duration=4:size=320x240:rate=25",
      "-c:v",
      "libx264",
      "-pix_fmt",
      "yuv420p",
      "-movflags",
      "+faststart",
    ],
    "whole.mp4",
  );
  const mdat = whole.indexOf("mdat");
  if (mdat < 0) throw new Error("ffmpeg wrote an MP4 without an mdat box");
  return whole.subarray(0, mdat + 4 + 64);
}

/** A real 320 kb/s MP3 of white noise (it does not compress), at least `minBytes` long. */
export function noiseMp3(minBytes: number) {
  const seconds = Math.ceil(minBytes / 40_000) + 1;
  return madeByFfmpeg(
    ["-f", "lavfi", "-i", `anoisesrc=d=${seconds}:c=white:r=44100`, "-c:a", "libmp3lame", "-b:a", "320k"],
    "noise.mp3",
  );
}
