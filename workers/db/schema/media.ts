import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./users";

export const mediaKinds = ["audio", "video"] as const;
export type MediaKind = (typeof mediaKinds)[number];

export const mediaItems = sqliteTable(
  "media_items",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    filename: text("filename").notNull(),
    // Sniffed from the file's first bytes, never taken from the client.
    contentType: text("content_type").notNull(),
    kind: text("kind", { enum: mediaKinds }).notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    status: text("status").notNull().default("uploaded"),
    title: text("title").notNull(),
    description: text("description"),
    // Filled in from the header (WAV) at upload, or from the transcoder's probe later.
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
    outputs: text("outputs", { mode: "json" }).$type<JobOutput[]>().notNull().default([]),
    outputBytes: integer("output_bytes").notNull().default(0),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("media_jobs_media_idx").on(t.mediaId, t.id)],
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
