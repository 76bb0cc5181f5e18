import { and, desc, eq, inArray, lt, ne, sql } from "drizzle-orm";
import { type JobOutput, type JobStatus, type JobTarget, mediaItems, mediaJobs, mediaShares, users } from "../db/schema";
import type { AuthContext, Db } from "../lib/context";
import { newId, nowIso } from "../lib/ids";

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
  durationSeconds?: number;
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
    status: "uploaded",
    title: (input.title ?? (input.filename.replace(/\.[^.]*$/, "") || input.filename)).slice(0, 200),
    description: input.description ?? null,
    durationSeconds: input.durationSeconds ?? null,
    width: null,
    height: null,
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

/** Moves a queued job to processing and counts the attempt; undefined when it is already done or failed. */
export async function startJob(db: Db, id: string) {
  return db
    .update(mediaJobs)
    .set({ status: "processing", attempts: sql`${mediaJobs.attempts} + 1`, updatedAt: nowIso() })
    .where(and(eq(mediaJobs.id, id), inArray(mediaJobs.status, ["queued", "processing"])))
    .returning()
    .get();
}

/** Progress only moves forward, and never on a finished job. */
export async function recordProgress(db: Db, id: string, progress: number) {
  await db
    .update(mediaJobs)
    .set({ progress: sql`max(${mediaJobs.progress}, ${progress})`, updatedAt: nowIso() })
    .where(and(eq(mediaJobs.id, id), eq(mediaJobs.status, "processing")));
}

/** Marks the job done with its outputs and stores what the probe learned about the source, in one batch. */
export async function finishJob(
  db: Db,
  job: JobRow,
  outputs: JobOutput[],
  probe: { durationSeconds?: number; width?: number; height?: number },
) {
  const now = nowIso();
  const outputBytes = outputs.reduce((sum, o) => sum + o.sizeBytes, 0);
  const [done] = await db.batch([
    db
      .update(mediaJobs)
      .set({ status: "done", progress: 100, error: null, outputs, outputBytes, updatedAt: now })
      .where(and(eq(mediaJobs.id, job.id), inArray(mediaJobs.status, ["queued", "processing"])))
      .returning(),
    db
      .update(mediaItems)
      .set({
        durationSeconds: probe.durationSeconds ?? sql`${mediaItems.durationSeconds}`,
        width: probe.width ?? sql`${mediaItems.width}`,
        height: probe.height ?? sql`${mediaItems.height}`,
        updatedAt: now,
      })
      .where(eq(mediaItems.id, job.mediaId)),
  ]);
  return done[0];
}

/** Marks a job failed with its reason unless it already finished; returns the row when this call failed it. */
export async function failJob(db: Db, id: string, reason: string) {
  return db
    .update(mediaJobs)
    .set({ status: "failed", error: reason.slice(0, 1000), updatedAt: nowIso() })
    .where(and(eq(mediaJobs.id, id), inArray(mediaJobs.status, ["queued", "processing"])))
    .returning()
    .get();
}

/** Puts a job back in the queue after a failed attempt, keeping that attempt's reason. */
export async function requeueJob(db: Db, id: string, reason: string) {
  await db
    .update(mediaJobs)
    .set({ status: "queued", error: reason.slice(0, 1000), updatedAt: nowIso() })
    .where(and(eq(mediaJobs.id, id), eq(mediaJobs.status, "processing")));
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
