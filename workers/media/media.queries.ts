import { and, desc, eq, inArray, lt, ne, sql } from "drizzle-orm";
import { type JobOutput, type JobStatus, type JobTarget, mediaItems, mediaJobs, mediaShares, users } from "../db/schema";
import type { AuthContext, Db } from "../lib/context";
import { newId, nowIso } from "../lib/ids";
import type { MediaFacts } from "./probe";

export type MediaRow = typeof mediaItems.$inferSelect;
export type JobRow = typeof mediaJobs.$inferSelect;

/** What the caller may do with an item: owners and admins manage it, shared-with users read it. */
export type Access = "manage" | "read";

/** The item and the caller's access to it, in one query; undefined when the caller may not see it. */
export async function findAccessibleMedia(db: Db, auth: AuthContext, id: string) {
  const row = await db
    .select({ item: mediaItems, sharedAt: mediaShares.createdAt })
    .from(mediaItems)
    .leftJoin(mediaShares, and(eq(mediaShares.mediaId, mediaItems.id), eq(mediaShares.userId, auth.userId)))
    .where(eq(mediaItems.id, id))
    .get();
  if (!row) return undefined;
  if (row.item.ownerId === auth.userId || auth.role === "admin") return { item: row.item, access: "manage" as Access };
  if (row.sharedAt) return { item: row.item, access: "read" as Access };
  return undefined;
}

/** Bytes a user keeps in storage: their originals plus every conversion output. */
export async function usedBytes(db: Db, ownerId: string): Promise<number> {
  const row = await db
    .select({
      total: sql<number>`coalesce(sum(${mediaItems.sizeBytes}), 0) + coalesce((select sum(${mediaJobs.outputBytes}) from ${mediaJobs} where ${mediaJobs.mediaId} in (select ${mediaItems.id} from ${mediaItems} where ${mediaItems.ownerId} = ${ownerId})), 0)`,
    })
    .from(mediaItems)
    .where(eq(mediaItems.ownerId, ownerId))
    .get();
  return Number(row?.total ?? 0);
}

export interface NewMedia {
  id?: string;
  ownerId: string;
  filename: string;
  contentType: string;
  kind: MediaRow["kind"];
  sizeBytes: number;
  title?: string;
  description?: string;
  /** ffprobe's reading; without it the item is stored unverified (`uploaded`). */
  facts?: MediaFacts;
}

export async function insertMedia(db: Db, input: NewMedia): Promise<MediaRow> {
  const now = nowIso();
  const row: MediaRow = {
    id: input.id ?? newId(),
    ownerId: input.ownerId,
    filename: input.filename,
    contentType: input.contentType,
    kind: input.kind,
    sizeBytes: input.sizeBytes,
    status: input.facts ? "ready" : "uploaded",
    statusReason: null,
    container: input.facts?.container ?? null,
    codecs: input.facts?.codecs ?? null,
    title: (input.title ?? (input.filename.replace(/\.[^.]*$/, "") || input.filename)).slice(0, 200),
    description: input.description ?? null,
    durationSeconds: input.facts?.durationSeconds ?? null,
    width: input.facts?.width ?? null,
    height: input.facts?.height ?? null,
    createdAt: now,
    updatedAt: now,
  };
  await db.insert(mediaItems).values(row);
  return row;
}

export async function listOwnMedia(db: Db, ownerId: string, limit: number, after?: string) {
  return db
    .select()
    .from(mediaItems)
    .where(and(eq(mediaItems.ownerId, ownerId), after ? lt(mediaItems.id, after) : undefined))
    .orderBy(desc(mediaItems.id))
    .limit(limit + 1)
    .all();
}

export async function listSharedWith(db: Db, userId: string, limit: number, after?: string) {
  return db
    .select({ item: mediaItems })
    .from(mediaShares)
    .innerJoin(mediaItems, eq(mediaItems.id, mediaShares.mediaId))
    .where(and(eq(mediaShares.userId, userId), after ? lt(mediaItems.id, after) : undefined))
    .orderBy(desc(mediaItems.id))
    .limit(limit + 1)
    .all()
    .then((rows) => rows.map((r) => r.item));
}

export async function updateMedia(db: Db, id: string, changes: { title?: string; description?: string | null }) {
  return db
    .update(mediaItems)
    .set({ ...changes, updatedAt: nowIso() })
    .where(eq(mediaItems.id, id))
    .returning()
    .get();
}

/** Deletes the item; its jobs and shares go with it (ON DELETE CASCADE, one statement). */
export async function deleteMedia(db: Db, id: string) {
  const deleted = await db.delete(mediaItems).where(eq(mediaItems.id, id)).returning({ id: mediaItems.id });
  return deleted.length > 0;
}

/** A queued, running or finished job for the same target, so asking twice converts once. */
export async function findLiveJob(db: Db, mediaId: string, target: JobTarget) {
  return db
    .select()
    .from(mediaJobs)
    .where(and(eq(mediaJobs.mediaId, mediaId), eq(mediaJobs.target, target), ne(mediaJobs.status, "failed")))
    .orderBy(desc(mediaJobs.id))
    .get();
}

export async function insertJob(db: Db, mediaId: string, target: JobTarget): Promise<JobRow> {
  const now = nowIso();
  return db
    .insert(mediaJobs)
    .values({ id: newId(), mediaId, target, status: "queued", progress: 0, outputs: [], createdAt: now, updatedAt: now })
    .returning()
    .get();
}

/** Every account's jobs, newest first (ids grow), with each one's item and owner: the staff's view. */
export async function listAllJobs(db: Db, filter: { status?: JobStatus; limit: number; before?: string }) {
  return db
    .select({
      job: mediaJobs,
      mediaTitle: mediaItems.title,
      ownerId: users.id,
      ownerUsername: users.username,
    })
    .from(mediaJobs)
    .innerJoin(mediaItems, eq(mediaItems.id, mediaJobs.mediaId))
    .innerJoin(users, eq(users.id, mediaItems.ownerId))
    .where(
      and(
        filter.status ? eq(mediaJobs.status, filter.status) : undefined,
        filter.before === undefined ? undefined : lt(mediaJobs.id, filter.before),
      ),
    )
    .orderBy(desc(mediaJobs.id))
    .limit(filter.limit + 1)
    .all();
}

export async function findJob(db: Db, id: string) {
  return db.select().from(mediaJobs).where(eq(mediaJobs.id, id)).get();
}

export async function deleteJob(db: Db, id: string) {
  await db.delete(mediaJobs).where(eq(mediaJobs.id, id));
}

export async function listJobs(db: Db, mediaId: string) {
  return db.select().from(mediaJobs).where(eq(mediaJobs.mediaId, mediaId)).orderBy(desc(mediaJobs.id)).all();
}

/** The newest finished job, preferring HLS, then MP4, then MP3. */
export async function bestDoneJob(db: Db, mediaId: string) {
  return db
    .select()
    .from(mediaJobs)
    .where(and(eq(mediaJobs.mediaId, mediaId), eq(mediaJobs.status, "done")))
    .orderBy(sql`case ${mediaJobs.target} when 'hls' then 0 when 'mp4' then 1 else 2 end`, desc(mediaJobs.id))
    .get();
}

/**
 * Moves a queued job to processing, counts the attempt, starts its progress again at 0 and gives
 * it a lease until `leaseUntil` (ms); undefined when it is already done or failed. A redelivered
 * message for a job still marked processing takes it over: its attempt number fences the old run.
 */
export async function startJob(db: Db, id: string, leaseUntil: number) {
  return db
    .update(mediaJobs)
    .set({
      status: "processing",
      attempts: sql`${mediaJobs.attempts} + 1`,
      progress: 0,
      leaseExpiresAt: leaseUntil,
      updatedAt: nowIso(),
    })
    .where(and(eq(mediaJobs.id, id), inArray(mediaJobs.status, ["queued", "processing"])))
    .returning()
    .get();
}

/** The running attempt `attempt` of the job: only it may write progress, its lease and its result. */
const runningAttempt = (id: string, attempt: number) =>
  and(eq(mediaJobs.id, id), eq(mediaJobs.status, "processing"), eq(mediaJobs.attempts, attempt));

/** Progress only moves forward within an attempt, and never on a finished job. */
export async function recordProgress(db: Db, id: string, attempt: number, progress: number) {
  await db
    .update(mediaJobs)
    .set({ progress: sql`max(${mediaJobs.progress}, ${progress})`, updatedAt: nowIso() })
    .where(runningAttempt(id, attempt));
}

/** Extends the attempt's lease; false when the attempt no longer holds the job (it must stop). */
export async function renewLease(db: Db, id: string, attempt: number, leaseUntil: number) {
  const renewed = await db
    .update(mediaJobs)
    .set({ leaseExpiresAt: leaseUntil })
    .where(runningAttempt(id, attempt))
    .returning({ id: mediaJobs.id });
  return renewed.length > 0;
}

/**
 * Marks the attempt's job done with its outputs and stores what ffprobe learned about the source,
 * in one batch; undefined when that attempt no longer holds the job (nothing is written then).
 */
export async function finishJob(db: Db, job: JobRow, outputs: JobOutput[], facts: MediaFacts | undefined) {
  const now = nowIso();
  const outputBytes = outputs.reduce((sum, o) => sum + o.sizeBytes, 0);
  const [done] = await db.batch([
    db
      .update(mediaJobs)
      .set({ status: "done", progress: 100, error: null, leaseExpiresAt: null, outputs, outputBytes, updatedAt: now })
      .where(runningAttempt(job.id, job.attempts))
      .returning(),
    db
      .update(mediaItems)
      .set(facts ? { ...readyColumns(facts), updatedAt: now } : { updatedAt: now })
      // Only when this attempt finished the job (the batch is one transaction, in order).
      .where(
        and(
          eq(mediaItems.id, job.mediaId),
          sql`exists (select 1 from ${mediaJobs} where ${mediaJobs.id} = ${job.id} and ${mediaJobs.status} = 'done' and ${mediaJobs.attempts} = ${job.attempts})`,
        ),
      ),
  ]);
  return done[0];
}

/**
 * Marks a job failed with its reason unless it already finished; returns the row when this call
 * failed it. With `attempt`, only while that attempt still holds the job.
 */
export async function failJob(db: Db, id: string, reason: string, attempt?: number) {
  return db
    .update(mediaJobs)
    .set({ status: "failed", error: reason.slice(0, 1000), leaseExpiresAt: null, updatedAt: nowIso() })
    .where(
      attempt === undefined
        ? and(eq(mediaJobs.id, id), inArray(mediaJobs.status, ["queued", "processing"]))
        : runningAttempt(id, attempt),
    )
    .returning()
    .get();
}

/**
 * Puts the attempt's job back in the queue, keeping its reason; its progress starts again at 0.
 * False when the attempt no longer holds the job (someone else already re-queued or finished it).
 */
export async function requeueJob(db: Db, id: string, attempt: number, reason: string) {
  const requeued = await db
    .update(mediaJobs)
    .set({ status: "queued", progress: 0, error: reason.slice(0, 1000), leaseExpiresAt: null, updatedAt: nowIso() })
    .where(runningAttempt(id, attempt))
    .returning({ id: mediaJobs.id });
  return requeued.length > 0;
}

/** Running jobs whose lease lapsed before `now` (ms): their attempt died without a word. */
export async function lapsedJobs(db: Db, now: number, limit = 100) {
  return db
    .select()
    .from(mediaJobs)
    .where(and(eq(mediaJobs.status, "processing"), lt(mediaJobs.leaseExpiresAt, now)))
    .limit(limit)
    .all();
}

/** The item is not audio or video after all (ffprobe said so at its first conversion). */
export async function rejectMedia(db: Db, id: string, reason: string) {
  await db
    .update(mediaItems)
    .set({ status: "rejected", statusReason: reason.slice(0, 1000), updatedAt: nowIso() })
    .where(eq(mediaItems.id, id));
}

/** The columns ffprobe's reading sets on an item: it is ready, with its real type and shape. */
function readyColumns(facts: MediaFacts) {
  return {
    status: "ready" as const,
    statusReason: null,
    contentType: facts.contentType,
    kind: facts.kind,
    container: facts.container,
    codecs: facts.codecs,
    durationSeconds: facts.durationSeconds ?? null,
    width: facts.width ?? null,
    height: facts.height ?? null,
  };
}

/** Records ffprobe's reading of an item that was stored unverified. */
export async function markMediaReady(db: Db, id: string, facts: MediaFacts) {
  return db
    .update(mediaItems)
    .set({ ...readyColumns(facts), updatedAt: nowIso() })
    .where(eq(mediaItems.id, id))
    .returning()
    .get();
}

export async function findUserForShare(db: Db, by: { email?: string; username?: string }) {
  const where = by.email ? eq(users.email, by.email) : eq(users.username, by.username ?? "");
  return db
    .select({ id: users.id, username: users.username, name: users.name, deletedAt: users.deletedAt })
    .from(users)
    .where(where)
    .get();
}

/** Shares an item; returns whether the share is new (a repeat keeps the first one). */
export async function addShare(db: Db, mediaId: string, userId: string) {
  const inserted = await db
    .insert(mediaShares)
    .values({ mediaId, userId, createdAt: nowIso() })
    .onConflictDoNothing()
    .returning({ createdAt: mediaShares.createdAt });
  if (inserted.length > 0) return { created: true, createdAt: inserted[0].createdAt };
  const existing = await db
    .select({ createdAt: mediaShares.createdAt })
    .from(mediaShares)
    .where(and(eq(mediaShares.mediaId, mediaId), eq(mediaShares.userId, userId)))
    .get();
  return { created: false, createdAt: existing?.createdAt ?? nowIso() };
}

export async function removeShare(db: Db, mediaId: string, userId: string) {
  const deleted = await db
    .delete(mediaShares)
    .where(and(eq(mediaShares.mediaId, mediaId), eq(mediaShares.userId, userId)))
    .returning({ userId: mediaShares.userId });
  return deleted.length > 0;
}

export async function listShares(db: Db, mediaId: string) {
  return db
    .select({
      mediaId: mediaShares.mediaId,
      userId: users.id,
      username: users.username,
      name: users.name,
      createdAt: mediaShares.createdAt,
    })
    .from(mediaShares)
    .innerJoin(users, eq(users.id, mediaShares.userId))
    .where(eq(mediaShares.mediaId, mediaId))
    .orderBy(desc(mediaShares.createdAt))
    .all();
}

export async function ownerOf(db: Db, mediaId: string) {
  const row = await db.select({ ownerId: mediaItems.ownerId }).from(mediaItems).where(eq(mediaItems.id, mediaId)).get();
  return row?.ownerId;
}
