import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./users";

export const mediaKinds = ["audio", "video"] as const;
export type MediaKind = (typeof mediaKinds)[number];
/**
 * uploaded: stored, not yet read by ffprobe (the transcoder could not be reached at upload; the
 * first conversion probes it). ready: ffprobe read it as audio or video. rejected: ffprobe could
 * not, so its object was removed and `status_reason` says why.
 */
export const mediaStatuses = ["uploaded", "ready", "rejected"] as const;
export type MediaStatus = (typeof mediaStatuses)[number];

export const mediaItems = sqliteTable(
  "media_items",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    filename: text("filename").notNull(),
    // From ffprobe's reading of the file (sniffed from its first bytes until then), never from the client.
    contentType: text("content_type").notNull(),
    kind: text("kind", { enum: mediaKinds }).notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    status: text("status", { enum: mediaStatuses }).notNull().default("uploaded"),
    // Why the item was rejected (ffprobe's reading), shown to its owner.
    statusReason: text("status_reason"),
    // ffprobe's format name (e.g. "mov,mp4,m4a,3gp,3g2,mj2") and each stream's codec, video first.
    container: text("container"),
    codecs: text("codecs", { mode: "json" }).$type<string[]>(),
    title: text("title").notNull(),
    description: text("description"),
    // From ffprobe at upload (or the first conversion's probe), never from a header's claim.
    durationSeconds: real("duration_seconds"),
    width: integer("width"),
    height: integer("height"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("media_items_owner_idx").on(t.ownerId, t.id)],
);

export const jobTargets = ["mp3", "mp4", "hls"] as const;
export type JobTarget = (typeof jobTargets)[number];
export const jobStatuses = ["queued", "processing", "done", "failed"] as const;
export type JobStatus = (typeof jobStatuses)[number];

export interface JobOutput {
  name: string;
  key: string;
  contentType: string;
  sizeBytes: number;
}

export const mediaJobs = sqliteTable(
  "media_jobs",
  {
    id: text("id").primaryKey(),
    mediaId: text("media_id")
      .notNull()
      .references(() => mediaItems.id, { onDelete: "cascade" }),
    target: text("target", { enum: jobTargets }).notNull(),
    status: text("status", { enum: jobStatuses }).notNull().default("queued"),
    progress: integer("progress").notNull().default(0),
    // While queued again after a failed attempt this holds that attempt's reason; once failed, the final one.
    error: text("error"),
    attempts: integer("attempts").notNull().default(0),
    // Why a queued job is not running yet, e.g. "waiting for the transcoder" while its breaker is open.
    waitingFor: text("waiting_for"),
    // Until when the running attempt holds the job (ms since the epoch): every line from the
    // transcoder renews it; a cron puts a job whose lease lapsed back in the queue.
    leaseExpiresAt: integer("lease_expires_at"),
    outputs: text("outputs", { mode: "json" }).$type<JobOutput[]>().notNull().default([]),
    outputBytes: integer("output_bytes").notNull().default(0),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("media_jobs_media_idx").on(t.mediaId, t.id), index("media_jobs_status_lease_idx").on(t.status, t.leaseExpiresAt)],
);

export const mediaShares = sqliteTable(
  "media_shares",
  {
    mediaId: text("media_id")
      .notNull()
      .references(() => mediaItems.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: text("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.mediaId, t.userId] }), index("media_shares_user_idx").on(t.userId, t.mediaId)],
);

export const catalogTitleTypes = ["movie", "episode"] as const;
export type CatalogTitleType = (typeof catalogTitleTypes)[number];

/** The playable asset of a catalog title: a media item an admin attached (one per title). */
export const catalogMedia = sqliteTable(
  "catalog_media",
  {
    titleType: text("title_type", { enum: catalogTitleTypes }).notNull(),
    titleId: text("title_id").notNull(),
    mediaId: text("media_id")
      .notNull()
      .references(() => mediaItems.id, { onDelete: "cascade" }),
    attachedBy: text("attached_by").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.titleType, t.titleId] }), index("catalog_media_media_idx").on(t.mediaId)],
);
