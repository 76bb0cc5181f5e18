// What each conversion runs. Every command reads `input` and writes under `out/` in the job's
// directory, so the same arguments work for the system binary and for ffmpeg.wasm.

/** The HLS ladder: up to three renditions at or below the source's height (never upscaled). */
const LADDER = [
  { height: 1080, videoKbps: 5000 },
  { height: 720, videoKbps: 2800 },
  { height: 480, videoKbps: 1400 },
  { height: 360, videoKbps: 800 },
];
export const SEGMENT_SECONDS = 4;

export function ladderFor(sourceHeight) {
  const fitting = LADDER.filter((r) => r.height <= sourceHeight);
  // 1080/720/360 from a 1080p source (a wide spread switches usefully); 720/480/360 from 720p.
  const preferred = fitting.filter((r) => r.height !== 480);
  const chosen = (preferred.length >= Math.min(3, fitting.length) ? preferred : fitting).slice(0, 3);
  if (chosen.length > 0) return chosen;
  const even = Math.max(2, sourceHeight - (sourceHeight % 2));
  return [{ height: even, videoKbps: 600 }];
}

/** The still an HLS conversion also writes; see `optionalStep`. */
export const POSTER = "out/poster.jpg";

/**
 * Whether a command may fail without failing the job: the poster is a nicety, the video is the
 * job (server.mjs retries it once from the first frame, then leaves it out with a warning).
 */
export const optionalStep = (args) => args.at(-1) === POSTER;

const x264 = ["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-profile:v", "high"];
const aac = ["-c:a", "aac", "-b:a", "128k", "-ac", "2"];

/** The ffmpeg commands for a target, given the probe of the source; throws a message for an unsuitable source. */
export function commandsFor(target, probe) {
  if (target === "mp3") {
    if (!probe.hasAudio) throw new Error("The source has no audio track to convert to MP3");
    return [["-i", "input", "-map", "0:a:0", "-vn", "-c:a", "libmp3lame", "-b:a", "192k", "out/audio.mp3"]];
  }
  if (!probe.hasVideo) throw new Error(`The source has no video track to convert to ${target.toUpperCase()}`);
  const audioMap = probe.hasAudio ? ["-map", "0:a:0", ...aac] : [];
  if (target === "mp4") {
    return [["-i", "input", "-map", "0:v:0", ...audioMap, ...x264, "-crf", "23", "-movflags", "+faststart", "out/video.mp4"]];
  }
  if (target === "hls") {
    const renditions = ladderFor(probe.height ?? 360);
    const split = renditions.map((_, i) => `[v${i}]`).join("");
    const scales = renditions.map((r, i) => `[v${i}]scale=-2:${r.height}[v${i}o]`).join(";");
    const maps = renditions.flatMap((r, i) => [
      "-map",
      `[v${i}o]`,
      ...(probe.hasAudio ? ["-map", "0:a:0"] : []),
      `-b:v:${i}`,
      `${r.videoKbps}k`,
      `-maxrate:v:${i}`,
      `${Math.round(r.videoKbps * 1.07)}k`,
      `-bufsize:v:${i}`,
      `${r.videoKbps * 2}k`,
    ]);
    const streamMap = renditions
      .map((r, i) => (probe.hasAudio ? `v:${i},a:${i},name:${r.height}p` : `v:${i},name:${r.height}p`))
      .join(" ");
    const posterAt = Math.min(1, (probe.durationSeconds ?? 0) / 10).toFixed(2);
    return [
      [
        "-i",
        "input",
        "-filter_complex",
        `[0:v]split=${renditions.length}${split};${scales}`,
        ...maps,
        ...x264,
        ...(probe.hasAudio ? aac : []),
        // A keyframe every segment boundary so each segment starts cleanly at 4 s steps.
        "-force_key_frames",
        `expr:gte(t,n_forced*${SEGMENT_SECONDS})`,
        "-sc_threshold",
        "0",
        "-f",
        "hls",
        "-hls_time",
        String(SEGMENT_SECONDS),
        "-hls_playlist_type",
        "vod",
        // A segment only appears under its name once complete, so it can be stored while the rest encodes.
        "-hls_flags",
        "temp_file",
        "-hls_segment_filename",
        "out/%v/seg_%03d.ts",
        "-master_pl_name",
        "master.m3u8",
        "-var_stream_map",
        streamMap,
        "out/%v/index.m3u8",
      ],
      // `-huffman 0`, the standard tables: ffmpeg.wasm (@ffmpeg/core 0.12.10) crashes with "memory
      // access out of bounds" building optimal ones (the encoder's default) for some detailed
      // frames (testsrc2 at 1 s, 7 s, 18 s: every time); the standard tables cost ~10% in size.
      ["-ss", posterAt, "-i", "input", "-frames:v", "1", "-vf", "scale=-2:360", "-q:v", "4", "-huffman", "0", POSTER],
    ];
  }
  throw new Error(`Unknown target ${target}`);
}
