import { createExecutionContext, createMessageBatch, env, getQueueResult, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser, signInAdmin } from "../../test/api";
import { client, expectJson } from "../../test/client";
import worker from "../index";
import { clip, uploaded } from "./media.test-helpers";

// The breaker's threshold comes with each call, from the caller's configuration: these tests use 3
// (the suite's default is high so that retry tests never trip it) and BREAKER_OPEN_SECONDS=2.
const THRESHOLD = 3;
const DOWN = { TRANSCODER_URL: "http://127.0.0.1:9", BREAKER_FAILURE_THRESHOLD: String(THRESHOLD) };
const UP = { BREAKER_FAILURE_THRESHOLD: String(THRESHOLD) };

async function queueJob(mediaId: string) {
  const id = `job${crypto.randomUUID().replace(/-/g, "")}`;
  await env.DB.prepare(
    "INSERT INTO media_jobs (id, media_id, target, status, progress, outputs, created_at, updated_at) VALUES (?, ?, 'mp3', 'queued', 0, '[]', 'now', 'now')",
  )
    .bind(id, mediaId)
    .run();
  return id;
}

/** Hands one message to the consumer with `overrides` in its env; answers what it acked, retried and with which delay. */
async function deliver(jobId: string, overrides: Partial<Env>, queue = "transcode") {
  const batch = createMessageBatch(queue, [{ id: "m", timestamp: new Date(), attempts: 1, body: { jobId } }]);
  let delay: number | undefined;
  const [message] = batch.messages;
  const retry = message.retry.bind(message);
  Object.defineProperty(message, "retry", {
    value: (options?: QueueRetryOptions) => {
      delay = options?.delaySeconds;
      retry(options);
    },
  });
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...env, ...overrides }, ctx);
  const result = await getQueueResult(batch, ctx);
  return { acked: result.explicitAcks.length === 1, retried: result.retryMessages.length === 1, delay };
}

const jobRow = (id: string) =>
  env.DB.prepare("SELECT status, attempts, waiting_for AS waitingFor FROM media_jobs WHERE id = ?")
    .bind(id)
    .first<{ status: string; attempts: number; waitingFor: string | null }>();

async function breakerOf(adminToken: string) {
  const summary = await expectJson(await client(adminToken).admin.monitor.summary.$get(), 200);
  return summary.breakers.find((b) => b.name === "transcoder");
}

/** Audit rows are written in the background by the breaker object: wait for them. */
async function auditActions(since: string) {
  let rows: string[] = [];
  for (let i = 0; i < 50; i++) {
    const result = await env.DB.prepare(
      "SELECT action FROM audit_log WHERE target_type = 'breaker' AND target_id = 'transcoder' AND at >= ? ORDER BY at, id",
    )
      .bind(since)
      .all<{ action: string }>();
    rows = result.results.map((r) => r.action);
    if (rows.at(-1) === "breaker.closed") break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return rows;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the transcoder's circuit breaker", { timeout: 60_000 }, () => {
  it("opens after the threshold, holds jobs as waiting, half-opens after the open period and closes when the transcoder returns", async () => {
    const since = new Date().toISOString();
    const admin = await signInAdmin();
    const user = await registerUser();
    const item = await uploaded(user.accessToken, clip.wav(), "tone.wav");
    const jobId = await queueJob(item.id);

    // The transcoder is unreachable: each attempt fails and is retried with backoff.
    for (let i = 1; i <= THRESHOLD; i++) {
      const result = await deliver(jobId, DOWN);
      expect(result).toMatchObject({ retried: true, delay: 10 });
      expect(await jobRow(jobId)).toMatchObject({ status: "queued", attempts: i, waitingFor: null });
    }
    const open = await breakerOf(admin.accessToken);
    expect(open).toMatchObject({ state: "open", failures: THRESHOLD, openedAt: expect.any(String), retryAt: expect.any(String) });

    // Open: the job is not attempted; it waits for the transcoder and comes back when a trial may go out.
    const held = await deliver(jobId, UP);
    expect(held.retried).toBe(true);
    expect(held.delay).toBeGreaterThanOrEqual(1);
    expect(held.delay).toBeLessThanOrEqual(2);
    expect(await jobRow(jobId)).toMatchObject({ status: "queued", attempts: THRESHOLD, waitingFor: "transcoder" });
    const waiting = await expectJson(await client(user.accessToken).jobs[":id"].$get({ param: { id: jobId } }), 200);
    expect(waiting).toMatchObject({ status: "queued", waitingFor: "transcoder" });
    const staffList = await expectJson(await client(admin.accessToken).jobs.$get({ query: { status: "queued" } }), 200);
    expect(staffList.items.find((j) => j.id === jobId)?.waitingFor).toBe("transcoder");
    const summary = await expectJson(await client(admin.accessToken).admin.monitor.summary.$get(), 200);
    expect(summary.transcoder.jobsWaiting).toBe(1);

    // Readiness still finds the transcoder up (it is, again) and names the open breaker.
    const ready = await SELF.fetch("https://marquee.test/health/ready");
    const readiness = (await ready.json()) as { checks: { transcoder: { status: string; detail?: string } } };
    expect(readiness.checks.transcoder).toMatchObject({ status: "ok", detail: expect.stringContaining("breaker open") });

    // After the open period one trial goes through; it succeeds, the breaker closes and the job runs.
    await sleep(Date.parse(open?.retryAt ?? "") - Date.now() + 100);
    const trial = await deliver(jobId, UP);
    expect(trial.acked).toBe(true);
    expect(await jobRow(jobId)).toMatchObject({ status: "done", waitingFor: null });
    const done = await expectJson(await client(user.accessToken).jobs[":id"].$get({ param: { id: jobId } }), 200);
    expect(done.status).toBe("done");
    expect(done.waitingFor).toBeUndefined();
    expect(await breakerOf(admin.accessToken)).toMatchObject({ state: "closed", failures: 0, openedAt: null, retryAt: null });

    expect(await auditActions(since)).toEqual(["breaker.opened", "breaker.half_opened", "breaker.closed"]);
  });

  it("re-opens when the half-open trial fails; a waiting job whose deliveries run out is queued again", async () => {
    const admin = await signInAdmin();
    const user = await registerUser();
    const item = await uploaded(user.accessToken, clip.wav(), "tone.wav");
    const first = await queueJob(item.id);
    const second = await queueJob(item.id);
    for (let i = 0; i < THRESHOLD; i++) await deliver(first, DOWN);
    const open = await breakerOf(admin.accessToken);
    expect(open?.state).toBe("open");

    await sleep(Date.parse(open?.retryAt ?? "") - Date.now() + 100);
    // The trial fails (still down): open again for another period, and the next job waits.
    expect(await deliver(first, DOWN)).toMatchObject({ retried: true, delay: 10 });
    const reopened = await breakerOf(admin.accessToken);
    expect(reopened?.state).toBe("open");
    expect(Date.parse(reopened?.retryAt ?? "")).toBeGreaterThan(Date.parse(open?.retryAt ?? ""));
    expect((await deliver(second, UP)).retried).toBe(true);
    expect((await jobRow(second))?.waitingFor).toBe("transcoder");

    // A waiting job whose deliveries run out is queued again, not failed.
    expect((await deliver(second, UP, "transcode-dlq")).acked).toBe(true);
    expect(await jobRow(second)).toMatchObject({ status: "queued", waitingFor: "transcoder" });

    // Leave the transcoder's breaker closed for whatever runs next.
    await sleep(Date.parse(reopened?.retryAt ?? "") - Date.now() + 100);
    expect((await deliver(second, UP)).acked).toBe(true);
    expect(await jobRow(second)).toMatchObject({ status: "done", waitingFor: null });
    expect((await breakerOf(admin.accessToken))?.state).toBe("closed");
  });
});
