// Fault: the transcoder is killed mid-job (SIGKILL to its process group) and started again on the
// same port. The job must be retried and finish once (or fail with a reason after its budget),
// and never be left `processing`. Its own stack: wrangler dev plus a transcoder it can kill.
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDevVars, freePort, type Stack, startStack, startTranscoder } from "../../scripts/stack.mjs";

interface Job {
  id: string;
  status: "queued" | "processing" | "done" | "failed";
  progress: number;
  attempts: number;
  error?: string;
  outputs: { name: string }[];
}

let stack: Stack;
let dir: string;
let restarted: { stop(): Promise<void> } | undefined;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  ensureDevVars();
  dir = await mkdtemp(join(tmpdir(), "marquee-chaos-transcoder-"));
  stack = await startStack({ port: await freePort(), transcoderPort: await freePort(), persistTo: dir, quiet: true });
}, 240_000);

afterAll(async () => {
  await restarted?.stop();
  await stack?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function api<T>(path: string, init: RequestInit & { token?: string } = {}): Promise<{ status: number; body: T }> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  const res = await fetch(`${stack.baseUrl}/api${path}`, { ...init, headers });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as T };
}

describe("the transcoder killed mid-job", () => {
  it("retries the job on a restarted transcoder: it finishes once and is never left running", { timeout: 300_000 }, async () => {
    // A clip long enough that the kill lands while ffmpeg encodes (lavfi, never downloaded).
    execFileSync("ffmpeg", [
      ...["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25:duration=20"],
      ...["-f", "lavfi", "-i", "sine=duration=20", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac"],
      ...["-shortest", join(dir, "clip.mp4")],
    ]);
    const email = `chaos-${Date.now()}@marquee.test`;
    const registered = await api<{ accessToken: string }>("/auth/register", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password: "chaos-password-123", name: "Chaos", username: `chaos${Date.now()}` }),
    });
    expect(registered.status).toBe(201);
    const token = registered.body.accessToken;
    const form = new FormData();
    form.set("file", new Blob([await readFile(join(dir, "clip.mp4"))]), "clip.mp4");
    const item = await api<{ id: string; status: string }>("/media", { method: "POST", body: form, token });
    expect(item).toMatchObject({ status: 201, body: { status: "ready" } });
    const queued = await api<Job>(`/media/${item.body.id}/convert`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ target: "hls" }),
      token,
    });
    expect(queued.status).toBe(201);
    const jobOf = async () => (await api<Job>(`/jobs/${queued.body.id}`, { token })).body;

    // Wait until the transcoder is at work on it, then kill its whole process group.
    for (let job = await jobOf(); !(job.status === "processing" && job.progress > 0); job = await jobOf()) {
      if (job.status === "done" || job.status === "failed") throw new Error(`the job ended before the kill: ${job.status}`);
      await sleep(100);
    }
    const port = Number(new URL(stack.transcoderUrl).port);
    process.kill(-(stack.transcoderChild.pid as number), "SIGKILL");
    await sleep(1000);
    restarted = await startTranscoder({ port, quiet: true });

    const deadline = Date.now() + 240_000;
    let job = await jobOf();
    while (job.status !== "done" && job.status !== "failed") {
      if (Date.now() > deadline) throw new Error(`job still ${job.status} (attempt ${job.attempts})`);
      await sleep(500);
      job = await jobOf();
    }
    // Retried, finished once, one rendition set: every output named once, one master playlist.
    expect(job).toMatchObject({ status: "done", progress: 100 });
    expect(job.attempts).toBeGreaterThanOrEqual(2);
    const names = job.outputs.map((o) => o.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((n) => n === "master.m3u8")).toHaveLength(1);
    const jobs = await api<{ items: Job[] }>(`/media/${item.body.id}/jobs`, { token });
    expect(jobs.body.items.map((j) => j.status)).toEqual(["done"]);
    const playback = await api<{ url: string }>(`/media/${item.body.id}/playback`, { token });
    expect(playback.status).toBe(200);
    expect((await fetch(playback.body.url)).status).toBe(200);
  });
});
