import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine, pickEngine, systemFfmpegAvailable } from "../../containers/transcoder/engines.mjs";
import { createTranscoder, type Transcoder } from "../../containers/transcoder/server.mjs";

const CLIP = [
  "-f",
  "lavfi",
  "-i",
  "testsrc2=size=320x240:rate=25:duration=2",
  "-f",
  "lavfi",
  "-i",
  "sine=frequency=440:duration=2",
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
  "clip.mp4",
];

interface Event {
  type: string;
  progress?: number;
  permanent?: boolean;
  rejected?: boolean;
  message?: string;
  outputs?: { name: string; sizeBytes: number }[];
}

async function runJob(url: string, id: string, target: string, body: Uint8Array) {
  const res = await fetch(`${url}/jobs/${id}?target=${target}`, { method: "POST", body });
  expect(res.status).toBe(200);
  return (await res.text())
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Event)
    .filter((event) => event.type !== "heartbeat");
}

async function probeFile(url: string, id: string, name: string) {
  const bytes = await (await fetch(`${url}/jobs/${id}/files/${name}`)).arrayBuffer();
  return (await (await fetch(`${url}/probe`, { method: "POST", body: bytes })).json()) as {
    durationSeconds: number;
    streams: { codec: string }[];
  };
}

describe("engine selection", () => {
  it("uses the system ffmpeg when it is on PATH, and honours TRANSCODER_ENGINE", () => {
    expect(systemFfmpegAvailable()).toBe(true);
    expect(pickEngine(undefined)).toBe("system");
    expect(pickEngine("wasm")).toBe("wasm");
    expect(pickEngine("system")).toBe("system");
  });
});

for (const engine of ["system", "wasm"] as const) {
  describe(`the ${engine} engine`, { timeout: 300_000 }, () => {
    let transcoder: Transcoder;
    let url: string;
    let clip: Uint8Array;
    let dir: string;

    beforeAll(async () => {
      transcoder = createTranscoder({ engine });
      url = await transcoder.listen(0, "127.0.0.1");
      dir = await mkdtemp(join(tmpdir(), `engine-${engine}-`));
      const made = await createEngine(engine).run(CLIP, { cwd: dir });
      expect(made.code, made.stderr).toBe(0);
      clip = await readFile(join(dir, "clip.mp4"));
    });
    afterAll(async () => {
      await transcoder.close();
      await rm(dir, { recursive: true, force: true });
    });

    it("reports itself on /health", async () => {
      expect(await (await fetch(`${url}/health`)).json()).toEqual({ status: "ok", engine });
    });

    it("converts to MP3 and MP4 with progress", async () => {
      const mp3 = await runJob(url, `${engine}-mp3`, "mp3", clip);
      expect(mp3[0]).toMatchObject({ type: "probe", width: 320, height: 240, hasVideo: true, hasAudio: true });
      expect(mp3.at(-1)).toMatchObject({ type: "done", outputs: [{ name: "audio.mp3" }] });
      expect(mp3.filter((e) => e.type === "progress").at(-1)?.progress).toBe(100);
      expect((await probeFile(url, `${engine}-mp3`, "audio.mp3")).streams.map((s: { codec: string }) => s.codec)).toEqual([
        "mp3",
      ]);

      const mp4 = await runJob(url, `${engine}-mp4`, "mp4", clip);
      expect(mp4.at(-1)).toMatchObject({ type: "done", outputs: [{ name: "video.mp4" }] });
      const info = await probeFile(url, `${engine}-mp4`, "video.mp4");
      expect(info.streams.map((s: { codec: string }) => s.codec).sort()).toEqual(["aac", "h264"]);
      expect(info.durationSeconds).toBeCloseTo(2, 0);
    });

    it("builds an HLS ladder that never upscales", async () => {
      const hls = await runJob(url, `${engine}-hls`, "hls", clip);
      const done = hls.at(-1);
      expect(done?.type, JSON.stringify(done)).toBe("done");
      const names = done?.outputs?.map((o) => o.name) ?? [];
      // A 240p source gets one rendition at its own height.
      expect(names).toEqual(expect.arrayContaining(["master.m3u8", "poster.jpg", "240p/index.m3u8", "240p/seg_000.ts"]));
      expect(names.filter((n) => n.endsWith("index.m3u8"))).toHaveLength(1);
    });

    it("fails a corrupt input permanently", async () => {
      const events = await runJob(url, `${engine}-bad`, "mp4", new TextEncoder().encode("garbage ".repeat(500)));
      expect(events).toEqual([
        { type: "error", permanent: true, rejected: true, message: expect.stringMatching(/could not be read as audio or video/) },
      ]);
      // ffprobe's reason names no path on the transcoder's machine.
      expect(events[0].message).not.toMatch(/marquee-transcoder-|\/input/);
    });
  });
}
