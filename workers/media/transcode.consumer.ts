import { and, eq, inArray } from "drizzle-orm";
import { type JobOutput, mediaJobs } from "../db/schema";
import { breaker } from "../lib/circuit-breaker";
import type { Db } from "../lib/context";
import { database } from "../lib/db";
import { writeError } from "../lib/error-log";
import { log } from "../lib/log";
import { notify } from "../notifications/notify";
import {
  failJob,
  findJob,
  finishJob,
  type JobRow,
  lapsedJobs,
  ownerOf,
  recordProgress,
  rejectMedia,
  renewLease,
  requeueJob,
  startJob,
} from "./media.queries";
import { factsFromProbe, type MediaFacts, retypeSource } from "./probe";
import { deletePrefix, jobPrefix, outputContentType, sourceKey } from "./storage";
import { TranscodeMessage, TranscoderEvent } from "./transcode.message";
import { transcoderFetch } from "./transcoder-client";

type Ctx = { waitUntil(promise: Promise<unknown>): void };

/** A failure that another attempt cannot fix (a corrupt or unsuitable input): the job fails at once. */
export class PermanentFailure extends Error {}

/** ffprobe cannot read the source as audio or video: the job fails and the item is rejected. */
class RejectedSource extends PermanentFailure {}

/** This attempt no longer holds the job (its lease lapsed and another attempt took it): it stops, writing nothing. */
class LostLease extends Error {}

/**
 * How long an attempt holds its job without a word from the transcoder (which sends a line at
 * least every 5 s). The cron puts a job whose lease lapsed back in the queue, so a consumer that
 * dies mid-job never leaves it `processing`.
 */
export const LEASE_MS = 60_000;
/** A lease is written again at most this often (every transcoder line would be a D1 write). */
const RENEW_EVERY_MS = 10_000;
/** Attempts a job gets: the first delivery and the queue's max_retries (wrangler.toml: 5). */
export const MAX_ATTEMPTS = 6;

/** Exponential backoff between attempts: 10 s, 20 s, 40 s, ... capped at 10 minutes. */
export const retryDelaySeconds = (attempts: number) => Math.min(600, 10 * 2 ** Math.max(0, attempts - 1));

const PROGRESS_STEP = 10;

/** What a job waits for while the transcoder's circuit breaker is open (media_jobs.waiting_for). */
export const WAITING_FOR_TRANSCODER = "transcoder";

/** A refused message comes back when the breaker lets a trial through, and never sooner than this. */
const MIN_BREAKER_DELAY_SECONDS = 1;

/** Marks a queued job as waiting for the transcoder (no attempt is spent: it never ran). */
async function markWaiting(db: Db, jobId: string) {
  await db
    .update(mediaJobs)
    .set({ waitingFor: WAITING_FOR_TRANSCODER })
    .where(and(eq(mediaJobs.id, jobId), inArray(mediaJobs.status, ["queued", "processing"])));
}

/** Whether the error says the transcoder itself is unwell (so its breaker counts it). */
const blamesTranscoder = (err: unknown) => !(err instanceof PermanentFailure);

/** The body's lines; throws when none arrives for `idleMs` (the transcoder went silent). */
async function* lines(body: ReadableStream<Uint8Array>, idleMs: number) {
  let buffered = "";
  const reader = body.pipeThrough<string>(new TextDecoderStream() as TransformStream<Uint8Array, string>).getReader();
  for (;;) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const silent = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`The transcoder sent nothing for ${idleMs / 1000} s`)), idleMs);
    });
    const { value, done } = await Promise.race([reader.read(), silent])
      .catch(async (err) => {
        await reader.cancel().catch(() => undefined);
        throw err;
      })
      .finally(() => clearTimeout(timer));
    if (value) buffered += value;
    let newline = buffered.indexOf("\n");
    while (newline >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line) yield line;
      newline = buffered.indexOf("\n");
    }
    if (done) break;
  }
  if (buffered.trim()) yield buffered.trim();
}

function parseEvent(line: string): TranscoderEvent {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    throw new Error(`The transcoder sent a line that is not JSON: ${line.slice(0, 100)}`);
  }
  const parsed = TranscoderEvent.safeParse(json);
  if (!parsed.success) throw new Error(`The transcoder sent an unexpected event: ${line.slice(0, 100)}`);
  return parsed.data;
}

/** Copies one output from the transcoder into R2 without buffering it. */
async function pullOutput(env: Env, job: JobRow, name: string, sizeBytes: number): Promise<JobOutput> {
  const res = await transcoderFetch(env, job.id, `/jobs/${job.id}/files/${name}`);
  if (!res.ok || !res.body) throw new Error(`Fetching output ${name} from the transcoder answered ${res.status}`);
  const key = `${jobPrefix(job.mediaId, job.id)}${name}`;
  const contentType = outputContentType(name);
  const { readable, writable } = new FixedLengthStream(sizeBytes);
  const [stored] = await Promise.all([
    env.MEDIA.put(key, readable, { httpMetadata: { contentType } }),
    res.body.pipeTo(writable),
  ]);
  return { name, key, contentType, sizeBytes: stored?.size ?? sizeBytes };
}

const PULLS_AT_ONCE = 4;

/**
 * Copies outputs into R2, at most PULLS_AT_ONCE at a time, as they are named: segments while
 * the job still runs, then whatever the final list adds. `finish` waits for every copy.
 */
function outputPuller(env: Env, job: JobRow) {
  const stored: JobOutput[] = [];
  const named = new Map<string, number>();
  const waiting: { name: string; sizeBytes: number }[] = [];
  const running = new Set<Promise<void>>();
  let failure: unknown;
  const next = () => {
    while (running.size < PULLS_AT_ONCE && waiting.length > 0 && failure === undefined) {
      const file = waiting.shift() as { name: string; sizeBytes: number };
      const pull: Promise<void> = pullOutput(env, job, file.name, file.sizeBytes).then(
        (output) => {
          stored.push(output);
        },
        (err) => {
          failure ??= err;
        },
      );
      running.add(pull);
      pull.finally(() => {
        running.delete(pull);
        next();
      });
    }
  };
  return {
    add(file: { name: string; sizeBytes: number }) {
      const announced = named.get(file.name);
      if (announced !== undefined) {
        // Stored while the job ran: the final list must agree, or that copy may be partial.
        if (announced !== file.sizeBytes) failure ??= new Error(`Output ${file.name} changed size after it was stored`);
        return;
      }
      named.set(file.name, file.sizeBytes);
      waiting.push(file);
      next();
    },
    async finish(): Promise<JobOutput[]> {
      while (running.size > 0) await Promise.all(running);
      if (failure !== undefined) throw failure;
      return stored.sort((a, b) => a.name.localeCompare(b.name));
    },
  };
}

/** Sends the source to the transcoder, follows its progress, and stores its outputs in R2. */
async function runJob(env: Env, ctx: Ctx, db: Db, job: JobRow & { ownerId: string }) {
  const source = await env.MEDIA.get(sourceKey(job.mediaId));
  if (!source) throw new PermanentFailure("The source file is missing from storage");
  // A previous attempt may have stored some outputs; start clean so none is left over.
  await deletePrefix(env.MEDIA, jobPrefix(job.mediaId, job.id));
  const { readable, writable } = new FixedLengthStream(source.size);
  const upload = source.body.pipeTo(writable).catch(() => undefined);
  const res = await transcoderFetch(env, job.id, `/jobs/${job.id}?target=${job.target}`, {
    method: "POST",
    body: readable,
    headers: { "content-type": "application/octet-stream" },
  });
  if (res.status >= 400 && res.status < 500)
    throw new PermanentFailure(`The transcoder refused the job: ${(await res.text()).slice(0, 300)}`);
  if (!res.ok || !res.body) throw new Error(`The transcoder answered ${res.status}`);

  let facts: MediaFacts | undefined;
  let outputs: { name: string; sizeBytes: number }[] | undefined;
  const puller = outputPuller(env, job);
  let recorded = 0;
  let renewedAt = Date.now();
  try {
    for await (const line of lines(res.body, LEASE_MS)) {
      if (Date.now() - renewedAt >= RENEW_EVERY_MS) {
        renewedAt = Date.now();
        if (!(await renewLease(db, job.id, job.attempts, renewedAt + LEASE_MS)))
          throw new LostLease(`Attempt ${job.attempts} of job ${job.id} lost its lease`);
      }
      const event = parseEvent(line);
      if (event.type === "probe") {
        const read = factsFromProbe(event);
        if ("refused" in read) throw new RejectedSource(read.refused);
        facts = read;
      } else if (event.type === "progress" && event.progress >= recorded + PROGRESS_STEP && event.progress < 100) {
        recorded = Math.floor(event.progress);
        await recordProgress(db, job.id, job.attempts, recorded);
        if (Math.floor(recorded / 25) > Math.floor((recorded - PROGRESS_STEP) / 25))
          await notify(env, ctx, job.ownerId, "job_progress", {
            jobId: job.id,
            mediaId: job.mediaId,
            target: job.target,
            progress: recorded,
          });
      } else if (event.type === "error") {
        if (event.rejected) throw new RejectedSource(event.message);
        if (event.permanent) throw new PermanentFailure(event.message);
        throw new Error(event.message);
      } else if (event.type === "file") puller.add(event);
      else if (event.type === "done") outputs = event.outputs;
    }
    await upload;
    if (!outputs) throw new Error("The transcoder stopped before finishing");
  } catch (err) {
    // Copies already started must end before a retry clears the job's prefix.
    await puller.finish().catch(() => undefined);
    throw err;
  }
  for (const output of outputs) puller.add(output);
  const stored = await puller.finish();
  // ffprobe's type for the source, for an item stored before it could be read (a no-op otherwise).
  if (facts) await retypeSource(env, job.mediaId, facts.contentType);
  const done = await finishJob(db, job, stored, facts);
  if (!done) throw new LostLease(`Attempt ${job.attempts} of job ${job.id} finished after losing its lease`);
  ctx.waitUntil(
    transcoderFetch(env, job.id, `/jobs/${job.id}`, { method: "DELETE" }).then(
      (r) => r.body?.cancel(),
      () => undefined,
    ),
  );
  if (done) await notify(env, ctx, job.ownerId, "job_done", { jobId: job.id, mediaId: job.mediaId, target: job.target });
}

async function handleMessage(message: Message<unknown>, env: Env, ctx: Ctx, db: Db) {
  const parsed = TranscodeMessage.safeParse(message.body);
  if (!parsed.success) {
    log.error("transcode_message_invalid", { id: message.id });
    message.ack();
    return;
  }
  const { jobId } = parsed.data;
  // While the transcoder's breaker is open the job is not attempted: it waits, and the message
  // comes back when a trial call may go out (a wait spends no attempt of the job's own).
  const guard = breaker(env, "transcoder");
  const admission = await guard.admit();
  if (!admission.allowed) {
    await markWaiting(db, jobId);
    log.info("transcode_waiting", { jobId, breaker: admission.state, retryAfterSeconds: admission.retryAfterSeconds });
    message.retry({ delaySeconds: Math.max(MIN_BREAKER_DELAY_SECONDS, admission.retryAfterSeconds) });
    return;
  }
  // Only a queued (or interrupted) job starts; a redelivered message for a done or failed job does nothing.
  const started = await startJob(db, jobId, Date.now() + LEASE_MS);
  const ownerId = started && (await ownerOf(db, started.mediaId));
  if (!started || !ownerId) {
    // Admitted but never called: a half-open breaker's trial slot is freed by the next caller's success or its timeout.
    message.ack();
    return;
  }
  if (started.waitingFor !== null) await clearWaiting(db, jobId);
  const job = { ...started, waitingFor: null, ownerId };
  try {
    await runJob(env, ctx, db, job);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    if (err instanceof LostLease) {
      // Another attempt holds the job now (it was re-queued when this one's lease lapsed): it
      // writes the result; this one leaves the row and the outputs alone.
      log.warn("transcode_lease_lost", { jobId, attempt: job.attempts });
      message.ack();
      return;
    }
    // A refused input still proves the transcoder answers; anything else counts against it.
    await guard.report(!blamesTranscoder(err));
    await writeError(env, {
      source: "queue",
      route: "transcode",
      message: reason,
      error: err,
      detail: { jobId, attempts: message.attempts, permanent: err instanceof PermanentFailure },
    });
    if (err instanceof PermanentFailure) {
      log.warn("transcode_failed", { jobId, reason });
      if (err instanceof RejectedSource) {
        // Not audio or video after all: the item is refused and its file never served.
        await rejectMedia(db, job.mediaId, reason);
        await env.MEDIA.delete(sourceKey(job.mediaId));
      }
      if (await failJob(db, jobId, reason, job.attempts))
        await notify(env, ctx, job.ownerId, "job_failed", { jobId, mediaId: job.mediaId, target: job.target, error: reason });
      message.ack();
      return;
    }
    log.warn("transcode_retry", { jobId, attempts: message.attempts, reason });
    if (!(await requeueJob(db, jobId, job.attempts, reason))) {
      message.ack();
      return;
    }
    message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    return;
  }
  await guard.report(true);
  message.ack();
}

async function clearWaiting(db: Db, jobId: string) {
  await db.update(mediaJobs).set({ waitingFor: null }).where(eq(mediaJobs.id, jobId));
}

/** The `transcode` queue: each job runs once to completion, is retried with backoff, or fails for good. */
export async function consumeTranscodeBatch(batch: MessageBatch<unknown>, env: Env, ctx: Ctx) {
  const db = database(env.DB);
  await Promise.all(batch.messages.map((message) => handleMessage(message, env, ctx, db)));
}

/** The `transcode-dlq` queue: a job whose retries ran out fails with the last attempt's reason. */
export async function consumeTranscodeDeadLetters(batch: MessageBatch<unknown>, env: Env, ctx: Ctx) {
  const db = database(env.DB);
  for (const message of batch.messages) {
    const parsed = TranscodeMessage.safeParse(message.body);
    if (parsed.success) {
      const job = await findJob(db, parsed.data.jobId);
      if (job?.waitingFor === WAITING_FOR_TRANSCODER && job.status === "queued") {
        // Its deliveries ran out while the transcoder's breaker held it back, not by its own failures.
        await env.TRANSCODE_QUEUE.send({ jobId: job.id } satisfies TranscodeMessage, { delaySeconds: retryDelaySeconds(1) });
        message.ack();
        continue;
      }
      if (job) await giveUp(env, ctx, db, job);
    } else log.error("transcode_dead_letter_invalid", { id: message.id });
    message.ack();
  }
}

/** The dead-letter path: the job fails with its last attempt's reason, logged and told to its owner. */
async function giveUp(env: Env, ctx: Ctx, db: Db, job: JobRow, attempt?: number) {
  const reason = `Gave up after ${job.attempts} attempts: ${job.error ?? "the transcoder did not answer"}`;
  const failed = await failJob(db, job.id, reason, attempt);
  if (!failed) return false;
  await writeError(env, { source: "queue", route: "transcode-dlq", message: reason, detail: { jobId: job.id } });
  const owner = await ownerOf(db, job.mediaId);
  if (owner)
    await notify(env, ctx, owner, "job_failed", { jobId: job.id, mediaId: job.mediaId, target: job.target, error: reason });
  return true;
}

const LAPSED = "The transcoder stopped answering and the attempt's lease lapsed";

/**
 * The cron's sweep: a job whose attempt stopped renewing its lease (the consumer or the
 * transcoder died without a word) goes back to the queue with its progress at 0, or, once its
 * attempts are spent, takes the dead-letter path. Each change is fenced by the attempt number,
 * so a run that is in fact alive and finishing meanwhile wins, and nothing happens twice.
 */
export async function requeueLapsedJobs(env: Env, ctx: Ctx, now = Date.now()) {
  const db = database(env.DB);
  let requeued = 0;
  let failed = 0;
  for (const job of await lapsedJobs(db, now)) {
    if (job.attempts >= MAX_ATTEMPTS) {
      if (await giveUp(env, ctx, db, { ...job, error: LAPSED }, job.attempts)) failed++;
      continue;
    }
    if (!(await requeueJob(db, job.id, job.attempts, LAPSED))) continue;
    await env.TRANSCODE_QUEUE.send({ jobId: job.id } satisfies TranscodeMessage);
    requeued++;
  }
  if (requeued + failed > 0) log.warn("transcode_leases_lapsed", { requeued, failed });
  return { requeued, failed };
}
