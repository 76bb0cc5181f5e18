import {
  createExecutionContext,
  createMessageBatch,
  createScheduledController,
  env,
  getQueueResult,
  SELF,
  waitOnExecutionContext,
} from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser, signInAdmin } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";
import worker from "../index";
import { database } from "../lib/db";
import { findJob, finishJob, renewLease } from "./media.queries";
import { clip, corruptMp4, probe, settledJob, unverifiedMedia, uploaded } from "./media.test-helpers";
import { LEASE_MS, MAX_ATTEMPTS, requeueLapsedJobs, retryDelaySeconds } from "./transcode.consumer";

/** The error log's entries for a job (the admin's view of it), from the conversion's queue or its dead letters. */
async function loggedErrorsOf(jobId: string, route: "transcode" | "transcode-dlq") {
  const admin = await signInAdmin();
  const { items } = await expectJson(
    await client(admin.accessToken).admin.errors.$get({ query: { source: "queue", route } }),
    200,
  );
  return items.filter((e) => e.detail.jobId === jobId);
}

const jobOf = (token: string, id: string) => client(token).jobs[":id"].$get({ param: { id } });

/** Asks for a conversion: 201 with a new job and its Location, or 200 with the job already there. */
async function convert(token: string, mediaId: string, target: "mp3" | "mp4" | "hls", expected: 200 | 201 = 201) {
  const res = await client(token).media[":id"].convert.$post({ param: { id: mediaId }, json: { target } });
  const job = await expectJson(res, expected);
  expect(job).toMatchObject({ id: expect.any(String), mediaId, target });
  if (expected === 201) expect(res.headers.get("location")).toBe(`/api/jobs/${job.id}`);
  return job.id;
}

const playbackOf = (token: string, id: string, job?: string) =>
  client(token).media[":id"].playback.$get({ param: { id }, query: { job } });

async function fetchPlayback(token: string, mediaId: string, jobId?: string) {
  return expectJson(await playbackOf(token, mediaId, jobId), 200);
}

const jobRow = (id: string) =>
  env.DB.prepare("SELECT status, attempts, error, progress, outputs FROM media_jobs WHERE id = ?").bind(id).first<{
    status: string;
    attempts: number;
    error: string | null;
    progress: number;
    outputs: string;
  }>();

async function queueJob(mediaId: string, target = "mp3") {
  const id = `job${crypto.randomUUID().replace(/-/g, "")}`;
  await env.DB.prepare(
    "INSERT INTO media_jobs (id, media_id, target, status, progress, outputs, created_at, updated_at) VALUES (?, ?, ?, 'queued', 0, '[]', 'now', 'now')",
  )
    .bind(id, mediaId, target)
    .run();
  return id;
}

async function deliver(
  queue: string,
  messages: { id: string; body: unknown; attempts?: number }[],
  overrides: Partial<Env> = {},
) {
  const batch = createMessageBatch(
    queue,
    messages.map((m) => ({ id: m.id, timestamp: new Date(), attempts: m.attempts ?? 1, body: m.body })),
  );
  // getQueueResult does not report retry delays, so record what the consumer asked for.
  const delays: Record<string, number | undefined> = {};
  for (const message of batch.messages) {
    const retry = message.retry.bind(message);
    Object.defineProperty(message, "retry", {
      value: (options?: QueueRetryOptions) => {
        delays[message.id] = options?.delaySeconds;
        retry(options);
      },
    });
  }
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...env, ...overrides }, ctx);
  return { ...(await getQueueResult(batch, ctx)), delays };
}

describe("conversion through the queue and the transcoder", { timeout: 30_000 }, () => {
  it("converts audio to MP3 and streams the result", { timeout: 120_000 }, async () => {
    const user = await registerUser();
    const item = await uploaded(user.accessToken, clip.wav(), "tone.wav");
    const jobId = await convert(user.accessToken, item.id, "mp3");
    const queued = await expectJson(await jobOf(user.accessToken, jobId), 200);
    expect(queued).toMatchObject({ id: jobId, mediaId: item.id, target: "mp3", outputs: expect.any(Array) });
    const job = await settledJob(user.accessToken, jobId);
    expect(job).toMatchObject({
      status: "done",
      progress: 100,
      outputs: [{ name: "audio.mp3", contentType: "audio/mpeg", sizeBytes: expect.any(Number) }],
    });
    expect(job.error).toBeUndefined();

    const playback = await fetchPlayback(user.accessToken, item.id, jobId);
    expect(playback.type).toBe("audio/mpeg");
    const res = await SELF.fetch(playback.url);
    expect(res.status).toBe(200);
    const info = await probe(await res.arrayBuffer());
    expect(info.streams.map((s) => s.codec)).toEqual(["mp3"]);
    expect(info.durationSeconds).toBeCloseTo(1.5, 0);

    // Asking again for the same target returns the finished job instead of converting twice.
    expect(await convert(user.accessToken, item.id, "mp3", 200)).toBe(jobId);
    const inbox = await env.DB.prepare("SELECT kind FROM notifications WHERE user_id = ?").bind(user.id).all<{ kind: string }>();
    expect(inbox.results.map((n) => n.kind)).toContain("job_done");
  });

  it("converts video to MP4 (H.264/AAC, faststart) and to an HLS ladder with a poster", { timeout: 180_000 }, async () => {
    const user = await registerUser();
    const item = await uploaded(user.accessToken, clip.video(), "clip.mp4");
    const mp4Job = await convert(user.accessToken, item.id, "mp4");
    const hlsJob = await convert(user.accessToken, item.id, "hls");

    const mp4 = await settledJob(user.accessToken, mp4Job);
    expect(mp4.status, mp4.error).toBe("done");
    const mp4Play = await fetchPlayback(user.accessToken, item.id, mp4Job);
    expect(mp4Play.type).toBe("video/mp4");
    const mp4Bytes = new Uint8Array(await (await SELF.fetch(mp4Play.url)).arrayBuffer());
    const mp4Info = await probe(mp4Bytes);
    expect(mp4Info.streams.map((s) => s.codec).sort()).toEqual(["aac", "h264"]);
    expect(mp4Info.durationSeconds).toBeCloseTo(3, 0);
    // faststart: the index (moov) comes before the media data (mdat).
    const text = new TextDecoder("latin1").decode(mp4Bytes.subarray(0, 64 * 1024));
    expect(text.indexOf("moov")).toBeGreaterThan(-1);
    expect(text.indexOf("moov")).toBeLessThan(text.indexOf("mdat"));

    const hls = await settledJob(user.accessToken, hlsJob);
    expect(hls.status, hls.error).toBe("done");
    const names = (hls.outputs as { name: string }[]).map((o) => o.name);
    expect(names).toEqual(
      expect.arrayContaining(["master.m3u8", "poster.jpg", "480p/index.m3u8", "360p/index.m3u8", "480p/seg_000.ts"]),
    );
    expect(names.some((n) => n.startsWith("720p/") || n.startsWith("1080p/"))).toBe(false); // never upscaled

    // Without ?job=, playback prefers the HLS rendition ladder.
    const play = await fetchPlayback(user.accessToken, item.id);
    expect(play.type).toBe("application/vnd.apple.mpegurl");
    const master = await (await SELF.fetch(play.url)).text();
    const variants = master.split("\n").filter((l) => l && !l.startsWith("#"));
    expect(variants).toEqual(["480p/index.m3u8", "360p/index.m3u8"]);
    expect(master).toContain("RESOLUTION=854x480");
    const variantUrl = new URL(variants[1], play.url);
    const variant = await SELF.fetch(variantUrl.href);
    expect(variant.headers.get("content-type")).toBe("application/vnd.apple.mpegurl");
    const playlist = await variant.text();
    const durations = [...playlist.matchAll(/#EXTINF:([\d.]+)/g)].map((m) => Number(m[1]));
    expect(durations.length).toBeGreaterThanOrEqual(1);
    for (const d of durations) expect(d).toBeLessThanOrEqual(6);
    expect(durations.reduce((a, b) => a + b, 0)).toBeCloseTo(3, 0);
    const segmentName = playlist.split("\n").find((l) => l.endsWith(".ts")) ?? "";
    const segment = await SELF.fetch(new URL(segmentName, variantUrl).href);
    expect(segment.status).toBe(200);
    expect(segment.headers.get("content-type")).toBe("video/mp2t");
    const segmentInfo = await probe(await segment.arrayBuffer());
    expect(segmentInfo.streams.find((s) => s.type === "video")).toMatchObject({ codec: "h264", height: 360 });

    const media = await expectJson(await client(user.accessToken).media[":id"].$get({ param: { id: item.id } }), 200);
    expect(media).toMatchObject({ width: 854, height: 480 });
    expect(media.durationSeconds).toBeCloseTo(3, 0);
    const jobs = await expectJson(await client(user.accessToken).media[":id"].jobs.$get({ param: { id: item.id } }), 200);
    expect(jobs.items.map((j) => j.id)).toEqual([hlsJob, mp4Job]);
  });

  it("fails a job once when its unverified source is not media, and rejects the item", { timeout: 120_000 }, async () => {
    const user = await registerUser();
    // Stored while the transcoder could not be asked: the job's probe is the first to read it.
    const mediaId = await unverifiedMedia(user.id, corruptMp4());
    const jobId = await queueJob(mediaId, "mp4");
    const result = await deliver("transcode", [{ id: "m1", body: { jobId } }]);
    expect(result.explicitAcks).toEqual(["m1"]);
    const job = await expectJson(await jobOf(user.accessToken, jobId), 200);
    expect(job).toMatchObject({
      status: "failed",
      attempts: 1,
      error: expect.stringMatching(/could not be read as audio or video/),
    });
    const item = await expectJson(await client(user.accessToken).media[":id"].$get({ param: { id: mediaId } }), 200);
    expect(item).toMatchObject({ status: "rejected", statusReason: expect.stringMatching(/could not be read/) });
    expect(await env.MEDIA.head(`media/${mediaId}/source`)).toBeNull();
    await expectProblemOf(await playbackOf(user.accessToken, mediaId, jobId), 409);
    await expectProblemOf(await playbackOf(user.accessToken, mediaId), 422);
    const inbox = await env.DB.prepare("SELECT kind FROM notifications WHERE user_id = ?").bind(user.id).all<{ kind: string }>();
    expect(inbox.results.map((n) => n.kind)).toContain("job_failed");
    const [logged] = await loggedErrorsOf(jobId, "transcode");
    expect(logged).toMatchObject({ message: expect.stringMatching(/could not be read/), detail: { permanent: true } });
  });

  it("hides jobs from strangers and answers 404 for unknown ones", async () => {
    const owner = await registerUser();
    const stranger = await registerUser();
    const item = await uploaded(owner.accessToken, clip.audio(), "a.mp3");
    const jobId = await queueJob(item.id);
    expect((await jobOf(owner.accessToken, jobId)).status).toBe(200);
    await expectProblemOf(await jobOf(stranger.accessToken, jobId), 404);
    await expectProblemOf(await jobOf(owner.accessToken, "nope"), 404);
    await expectProblemOf(await playbackOf(owner.accessToken, item.id, "nope"), 404);
    await expectProblemOf(await playbackOf(owner.accessToken, item.id, jobId), 409);
  });
});

describe("the transcode queue consumer", { timeout: 30_000 }, () => {
  it("retries with exponential backoff when the transcoder is unreachable", async () => {
    const user = await registerUser();
    const item = await uploaded(user.accessToken, clip.audio(), "a.mp3");
    const jobId = await queueJob(item.id);
    const result = await deliver("transcode", [{ id: "m1", body: { jobId }, attempts: 3 }], {
      TRANSCODER_URL: "http://127.0.0.1:9",
    });
    expect(result.retryMessages).toEqual([{ msgId: "m1" }]);
    expect(result.delays).toEqual({ m1: 40 });
    expect(result.explicitAcks).toEqual([]);
    const row = await jobRow(jobId);
    expect(row).toMatchObject({ status: "queued", attempts: 1 });
    expect(row?.error).toBeTruthy();
    expect([1, 2, 3, 4, 5, 6, 7].map(retryDelaySeconds)).toEqual([10, 20, 40, 80, 160, 320, 600]);
  });

  it("marks a job failed with the last reason when it reaches the dead-letter queue", async () => {
    const user = await registerUser();
    const item = await uploaded(user.accessToken, clip.audio(), "a.mp3");
    const jobId = await queueJob(item.id);
    await deliver("transcode", [{ id: "m1", body: { jobId } }], { TRANSCODER_URL: "http://127.0.0.1:9" });
    const result = await deliver("transcode-dlq", [{ id: "d1", body: { jobId } }]);
    expect(result.explicitAcks).toEqual(["d1"]);
    const job = await expectJson(await jobOf(user.accessToken, jobId), 200);
    expect(job).toMatchObject({ status: "failed", error: expect.stringMatching(/^Gave up after 1 attempts: /) });
    expect(await loggedErrorsOf(jobId, "transcode")).toHaveLength(1);
    expect(await loggedErrorsOf(jobId, "transcode-dlq")).toHaveLength(1);
  });

  it("ignores a redelivered message for a finished job: no new outputs, no status flip", { timeout: 60_000 }, async () => {
    const user = await registerUser();
    const item = await uploaded(user.accessToken, clip.audio(), "a.mp3");
    const jobId = await queueJob(item.id);
    const first = await deliver("transcode", [{ id: "m1", body: { jobId } }]);
    expect(first.explicitAcks).toEqual(["m1"]);
    const done = await jobRow(jobId);
    expect(done).toMatchObject({ status: "done", attempts: 1 });
    const objects = (await env.MEDIA.list({ prefix: `media/${item.id}/${jobId}/` })).objects.map((o) => [o.key, o.etag]);
    expect(objects).toHaveLength(1);

    const again = await deliver("transcode", [{ id: "m1", body: { jobId }, attempts: 2 }]);
    expect(again.explicitAcks).toEqual(["m1"]);
    expect(await jobRow(jobId)).toEqual(done);
    expect((await env.MEDIA.list({ prefix: `media/${item.id}/${jobId}/` })).objects.map((o) => [o.key, o.etag])).toEqual(objects);
    // The dead-letter queue cannot fail a done job either.
    await deliver("transcode-dlq", [{ id: "d1", body: { jobId } }]);
    expect((await jobRow(jobId))?.status).toBe("done");
  });

  it("acknowledges malformed messages and jobs that no longer exist", async () => {
    const result = await deliver("transcode", [
      { id: "a", body: { nope: true } },
      { id: "b", body: { jobId: "missing-job" } },
    ]);
    expect(result.explicitAcks.sort()).toEqual(["a", "b"]);
    expect(result.retryMessages).toEqual([]);
  });

  it("starts a re-queued job's progress again at 0 and shows its attempt and why the last one ended", async () => {
    const user = await registerUser();
    const item = await uploaded(user.accessToken, clip.audio(), "a.mp3");
    const jobId = await queueJob(item.id);
    // The first attempt got to 70 % and then its transcoder went away.
    await env.DB.prepare("UPDATE media_jobs SET status = 'processing', attempts = 1, progress = 70 WHERE id = ?")
      .bind(jobId)
      .run();
    const redelivered = await deliver("transcode", [{ id: "m1", body: { jobId }, attempts: 2 }], {
      TRANSCODER_URL: "http://127.0.0.1:9",
    });
    expect(redelivered.retryMessages).toEqual([{ msgId: "m1" }]);
    const queued = await expectJson(await jobOf(user.accessToken, jobId), 200);
    expect(queued).toMatchObject({ status: "queued", progress: 0, attempts: 2, lastAttemptError: expect.any(String) });
    expect(queued.error).toBeUndefined();
    // The next delivery runs it to the end from 0; only its own progress shows.
    await deliver("transcode", [{ id: "m1", body: { jobId }, attempts: 3 }]);
    const done = await expectJson(await jobOf(user.accessToken, jobId), 200);
    expect(done).toMatchObject({ status: "done", progress: 100, attempts: 3 });
    expect(done.lastAttemptError).toBeUndefined();
  });

  it("puts a job whose lease lapsed back in the queue from the cron, and it finishes once", { timeout: 60_000 }, async () => {
    const user = await registerUser();
    const item = await uploaded(user.accessToken, clip.audio(), "a.mp3");
    const lapsed = await queueJob(item.id);
    const other = await uploaded(user.accessToken, clip.audio(), "b.mp3");
    const alive = await queueJob(other.id);
    // Both were started by a consumer; the first one's consumer died (no renewal for a minute).
    const hold = (id: string, leaseUntil: number) =>
      env.DB.prepare(
        "UPDATE media_jobs SET status = 'processing', attempts = 1, progress = 40, lease_expires_at = ? WHERE id = ?",
      )
        .bind(leaseUntil, id)
        .run();
    await hold(lapsed, Date.now() - 1000);
    await hold(alive, Date.now() + LEASE_MS);
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "*/5 * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(await jobRow(alive)).toMatchObject({ status: "processing", progress: 40, attempts: 1 });
    // Re-queued (the queue's consumer then runs it): it is never left running, and ends done once.
    const job = await settledJob(user.accessToken, lapsed, 45_000);
    expect(job).toMatchObject({ status: "done", progress: 100, attempts: 2 });
    const keys = (await env.MEDIA.list({ prefix: `media/${item.id}/${lapsed}/` })).objects.map((o) => o.key);
    expect(keys).toEqual([`media/${item.id}/${lapsed}/audio.mp3`]);
    expect(job.outputs.map((o) => o.name)).toEqual(["audio.mp3"]);
  });

  it("fails a lapsed job whose attempts are spent, with its reason on the dead-letter path", async () => {
    const user = await registerUser();
    const item = await uploaded(user.accessToken, clip.audio(), "a.mp3");
    const jobId = await queueJob(item.id);
    await env.DB.prepare("UPDATE media_jobs SET status = 'processing', attempts = ?, lease_expires_at = ? WHERE id = ?")
      .bind(MAX_ATTEMPTS, Date.now() - 1, jobId)
      .run();
    expect(await requeueLapsedJobs(env, createExecutionContext())).toMatchObject({ failed: 1 });
    const job = await expectJson(await jobOf(user.accessToken, jobId), 200);
    expect(job).toMatchObject({
      status: "failed",
      error: expect.stringMatching(new RegExp(`^Gave up after ${MAX_ATTEMPTS} attempts: .*lease lapsed`)),
    });
    expect(await loggedErrorsOf(jobId, "transcode-dlq")).toHaveLength(1);
    // A second sweep finds nothing to do.
    expect(await requeueLapsedJobs(env, createExecutionContext())).toEqual({ requeued: 0, failed: 0 });
  });

  it("fences a stale attempt: it can neither renew the lease nor finish the job", async () => {
    const user = await registerUser();
    const item = await uploaded(user.accessToken, clip.audio(), "a.mp3");
    const jobId = await queueJob(item.id);
    await env.DB.prepare("UPDATE media_jobs SET status = 'processing', attempts = 2, lease_expires_at = ? WHERE id = ?")
      .bind(Date.now() + LEASE_MS, jobId)
      .run();
    const db = database(env.DB);
    const row = await findJob(db, jobId);
    if (!row) throw new Error("no job");
    const stale = { ...row, attempts: 1 };
    expect(await renewLease(db, jobId, 1, Date.now() + LEASE_MS)).toBe(false);
    expect(
      await finishJob(db, stale, [{ name: "audio.mp3", key: "k", contentType: "audio/mpeg", sizeBytes: 1 }], undefined),
    ).toBe(undefined);
    expect(await jobRow(jobId)).toMatchObject({ status: "processing", attempts: 2, outputs: "[]" });
    expect(await renewLease(db, jobId, 2, Date.now() + LEASE_MS)).toBe(true);
  });
});
