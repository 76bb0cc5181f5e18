import { z } from "@hono/zod-openapi";
import { jobStatuses, jobTargets, type mediaItems, type mediaJobs, mediaKinds, mediaStatuses } from "../db/schema";
import { PageQuery } from "../lib/pagination";
import { SIGNED_URL_MAX_TTL_MS } from "../lib/url-signing";
import { Email, Username } from "../users/users.schemas";

export const MediaSchema = z
  .object({
    id: z.string(),
    ownerId: z.string(),
    filename: z.string(),
    contentType: z
      .string()
      .openapi({ example: "video/mp4", description: "What ffprobe read the file as (a first guess from its header until then)" }),
    sizeBytes: z.number().int(),
    kind: z.enum(mediaKinds),
    status: z.enum(mediaStatuses).openapi({
      description:
        "`ready`: ffprobe read the file as audio or video. `uploaded`: not read yet (the transcoder could not be asked at upload; the first conversion reads it, and the original does not play until then). `rejected`: ffprobe could not read it; the file was removed and `statusReason` says why.",
    }),
    statusReason: z.string().optional().openapi({ description: "Why the item was rejected" }),
    container: z.string().optional().openapi({ example: "mov,mp4,m4a,3gp,3g2,mj2", description: "ffprobe's format name" }),
    codecs: z
      .array(z.string())
      .optional()
      .openapi({ example: ["h264", "aac"], description: "The codecs ffprobe found, picture first" }),
    title: z.string(),
    description: z.string().nullable(),
    durationSeconds: z.number().optional().openapi({ description: "ffprobe's reading, known once the file has been probed" }),
    width: z.number().int().optional(),
    height: z.number().int().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Media");

export type Media = z.infer<typeof MediaSchema>;

export function toMedia(row: typeof mediaItems.$inferSelect): Media {
  return {
    id: row.id,
    ownerId: row.ownerId,
    filename: row.filename,
    contentType: row.contentType,
    sizeBytes: row.sizeBytes,
    kind: row.kind,
    status: row.status,
    ...(row.status === "rejected" && row.statusReason ? { statusReason: row.statusReason } : {}),
    ...(row.container ? { container: row.container } : {}),
    ...(row.codecs ? { codecs: row.codecs } : {}),
    title: row.title,
    description: row.description,
    ...(row.durationSeconds === null ? {} : { durationSeconds: row.durationSeconds }),
    ...(row.width === null ? {} : { width: row.width }),
    ...(row.height === null ? {} : { height: row.height }),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export const JobSchema = z
  .object({
    id: z.string(),
    mediaId: z.string(),
    target: z.enum(jobTargets),
    status: z.enum(jobStatuses),
    progress: z
      .number()
      .int()
      .min(0)
      .max(100)
      .openapi({ description: "Of the current attempt: back to 0 whenever the job is queued or started again" }),
    attempts: z.number().int().min(0).openapi({ description: "Attempts started so far (the running one included)" }),
    error: z.string().optional().openapi({ description: "Why the job failed (failed jobs only)" }),
    lastAttemptError: z.string().optional().openapi({
      description: "Why the previous attempt ended, while a retried job is queued or running again",
    }),
    waitingFor: z.enum(["transcoder"]).optional().openapi({
      description: "What a queued job waits for before it can run: `transcoder` while the transcoder's circuit breaker is open",
    }),
    outputs: z.array(z.object({ name: z.string(), contentType: z.string(), sizeBytes: z.number().int() })),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("TranscodeJob");

export type Job = z.infer<typeof JobSchema>;

export const JobsQuery = PageQuery.extend({
  status: z
    .enum(["queued", "running", "processing", "done", "failed"])
    .optional()
    .openapi({ description: "Only jobs in this state; `running` is the jobs whose status reads `processing`" }),
});

export const JobAcrossAccountsSchema = JobSchema.extend({
  media: z.object({ id: z.string(), title: z.string() }),
  owner: z.object({ id: z.string(), username: z.string() }),
}).openapi("TranscodeJobWithOwner");

export function toJob(row: typeof mediaJobs.$inferSelect): Job {
  return {
    id: row.id,
    mediaId: row.mediaId,
    target: row.target,
    status: row.status,
    progress: row.progress,
    attempts: row.attempts,
    ...(row.status === "failed" && row.error ? { error: row.error } : {}),
    ...((row.status === "queued" || row.status === "processing") && row.error ? { lastAttemptError: row.error } : {}),
    ...(row.waitingFor === "transcoder" && row.status !== "done" && row.status !== "failed"
      ? { waitingFor: "transcoder" as const }
      : {}),
    outputs: row.outputs.map(({ name, contentType, sizeBytes }) => ({ name, contentType, sizeBytes })),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export const MediaUpload = z
  .object({
    file: z
      .instanceof(File, { message: "Attach the file as the `file` field" })
      .openapi({ type: "string", format: "binary", description: "The audio or video file" }),
    title: z.string().trim().min(1).max(200).optional(),
    description: z.string().max(5000).optional(),
  })
  .openapi("MediaUpload");

export const MediaPatch = z
  .object({
    title: z.string().trim().min(1).max(200).optional(),
    description: z.string().max(5000).nullable().optional(),
  })
  .strict()
  .refine((v) => v.title !== undefined || v.description !== undefined, { message: "Send a title or a description" })
  .openapi("MediaPatch");

export const ConvertRequest = z.object({ target: z.enum(jobTargets) }).openapi("ConvertRequest");
export const PlaybackSchema = z
  .object({
    url: z.string().openapi({ description: "Signed URL under /stream, valid until expiresAt" }),
    type: z.string().openapi({ example: "application/vnd.apple.mpegurl" }),
    expiresAt: z.string(),
  })
  .openapi("Playback");

export const CatalogPlaybackSchema = PlaybackSchema.extend({
  playbackId: z.string().nullable().openapi({
    description:
      "The stream slot this playback holds: heartbeat it (POST /playbacks/{id}/heartbeat), delete it when done. Null when the title takes no slot (free titles, staff).",
  }),
  heartbeatSeconds: z.number().int().openapi({ example: 30, description: "How often to send a heartbeat" }),
}).openapi("CatalogPlayback");

export const CatalogPlaybackQuery = z.object({
  playbackId: z.string().min(1).max(64).optional().openapi({
    description: "The slot this player already holds (when refreshing its URL), so it is kept rather than a second one taken",
  }),
});

export const PlaybackQuery = z.object({
  job: z.string().min(1).max(64).optional().openapi({
    description:
      "A finished conversion to play; without it, the newest finished HLS, MP4 or MP3 (in that order), else the original",
  }),
  expiresIn: z.coerce
    .number()
    .int()
    .min(60)
    .max(SIGNED_URL_MAX_TTL_MS / 1000)
    .optional()
    .openapi({
      example: 86_400,
      description:
        "How long the URL works, in seconds: 60 to 604800 (7 days); one hour without it. Owners only: it makes a share link, which cannot be revoked before it expires.",
    }),
});

export const ShareRequest = z
  .object({ email: Email.optional(), username: Username.optional() })
  .strict()
  .refine((v) => (v.email === undefined) !== (v.username === undefined), { message: "Send either an email or a username" })
  .openapi("ShareRequest");

export const ShareSchema = z
  .object({ mediaId: z.string(), userId: z.string(), username: z.string(), name: z.string(), createdAt: z.string() })
  .openapi("MediaShare");

const idParam = (name: string) =>
  z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name, in: "path" } });

export const MediaIdParam = z.object({ id: idParam("id") });
export const ShareParams = z.object({ id: idParam("id"), userId: idParam("userId") });
