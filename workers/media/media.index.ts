import type { Context } from "hono";
import { recordEvent } from "../analytics/events";
import type { JobTarget } from "../db/schema";
import { withLikes } from "../engagement/detail-likes";
import type { AppEnv, Db } from "../lib/context";
import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { log } from "../lib/log";
import { decodeCursor, page } from "../lib/pagination";
import { notify } from "../notifications/notify";
import { titlePagesChanged, titlePagesPlaying } from "./catalog-link";
import {
  type Access,
  addShare,
  bestDoneJob,
  deleteJob,
  deleteMedia,
  findAccessibleMedia,
  findJob,
  findLiveJob,
  findUserForShare,
  insertJob,
  listAllJobs,
  listJobs,
  listOwnMedia,
  listSharedWith,
  listShares,
  removeShare,
  updateMedia,
} from "./media.queries";
import * as routes from "./media.routes";
import { toJob, toMedia } from "./media.schemas";
import { signedPlayback } from "./playback";
import { deletePrefix, mediaPrefix } from "./storage";
import type { TranscodeMessage } from "./transcode.message";
import { assertNotRejected, storeUpload, verifyLater } from "./upload";

const NOT_FOUND = "No such media";
const NO_JOB = "No such job";

/**
 * A new queued conversion of the item, on the transcode queue: what converting and retrying
 * both do. When the queue refuses the message the job is removed again (503), so no job waits
 * forever for a message that was never sent.
 */
async function queueConversion(env: Env, db: Db, mediaId: string, target: JobTarget) {
  const job = await insertJob(db, mediaId, target);
  try {
    await env.TRANSCODE_QUEUE.send({ jobId: job.id } satisfies TranscodeMessage);
  } catch (err) {
    await deleteJob(db, job.id);
    log.error("transcode_enqueue_failed", { jobId: job.id, error: String(err) });
    throw new ApiError("service_unavailable", "The conversion queue is unavailable; try again shortly");
  }
  return job;
}

/** The item when the caller may see it (404 otherwise), and 403 when `need` is manage but they may only read. */
async function reachable(c: Context<AppEnv>, id: string, need: Access = "read") {
  const found = await findAccessibleMedia(c.get("db"), c.get("auth"), id);
  if (!found) throw new ApiError("not_found", NOT_FOUND);
  if (need === "manage" && found.access !== "manage") throw new ApiError("forbidden", "Only the owner can change this item");
  return found.item;
}

const cursorAfter = (cursor: string | undefined) => {
  const after = decodeCursor(cursor)?.[0];
  return after === undefined ? undefined : String(after);
};

export const mediaRouter = createRouter()
  .openapi(routes.uploadMedia, async (c) => {
    const { file, title, description } = c.req.valid("form");
    const item = await storeUpload(c.env, c.get("db"), c.get("auth").userId, {
      filename: file.name || "upload",
      sizeBytes: file.size,
      head: new Uint8Array(await file.slice(0, 4100).arrayBuffer()),
      body: file,
      title,
      description,
    });
    return c.json(toMedia(item), 201, { location: `/api/media/${item.id}` });
  })
  .openapi(routes.listMedia, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const rows = await listOwnMedia(c.get("db"), c.get("auth").userId, limit, cursorAfter(cursor));
    return c.json(
      page(rows, limit, (r) => [r.id], toMedia),
      200,
    );
  })
  .openapi(routes.sharedWithMe, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const rows = await listSharedWith(c.get("db"), c.get("auth").userId, limit, cursorAfter(cursor));
    return c.json(
      page(rows, limit, (r) => [r.id], toMedia),
      200,
    );
  })
  .openapi(routes.getMedia, async (c) => {
    const item = toMedia(await reachable(c, c.req.valid("param").id));
    return withLikes(c, "media", item.id, item);
  })
  .openapi(routes.patchMedia, async (c) => {
    const item = await reachable(c, c.req.valid("param").id, "manage");
    const updated = await updateMedia(c.get("db"), item.id, c.req.valid("json"));
    if (!updated) throw new ApiError("not_found", NOT_FOUND);
    return c.json(toMedia(updated), 200);
  })
  .openapi(routes.deleteMedia, async (c) => {
    const item = await reachable(c, c.req.valid("param").id, "manage");
    const db = c.get("db");
    const pages = await titlePagesPlaying(db, item.id);
    // The row goes first so nothing can start a new conversion; then every object under its prefix.
    if (!(await deleteMedia(db, item.id))) throw new ApiError("not_found", NOT_FOUND);
    await titlePagesChanged(c.env, pages);
    await deletePrefix(c.env.MEDIA, mediaPrefix(item.id));
    return c.body(null, 204);
  })
  .openapi(routes.convertMedia, async (c) => {
    const found = await reachable(c, c.req.valid("param").id, "manage");
    const { target } = c.req.valid("json");
    assertNotRejected(found);
    // An item stored unverified is read now when the transcoder answers (else the job reads it).
    const item = await verifyLater(c.env, c.get("db"), found);
    if (target !== "mp3" && item.kind !== "video")
      throw new ApiError("unprocessable", `${target.toUpperCase()} needs a video source; this item is audio (convert it to mp3)`);
    const db = c.get("db");
    const existing = await findLiveJob(db, item.id, target);
    if (existing) return c.json(toJob(existing), 200);
    const job = await queueConversion(c.env, db, item.id, target);
    return c.json(toJob(job), 201, { location: `/api/jobs/${job.id}` });
  })
  .openapi(routes.listJobs, async (c) => {
    const item = await reachable(c, c.req.valid("param").id);
    return c.json({ items: (await listJobs(c.get("db"), item.id)).map(toJob) }, 200);
  })
  .openapi(routes.getJob, async (c) => {
    const job = await findJob(c.get("db"), c.req.valid("param").id);
    if (!job || !(await findAccessibleMedia(c.get("db"), c.get("auth"), job.mediaId))) throw new ApiError("not_found", NO_JOB);
    return c.json(toJob(job), 200);
  })
  .openapi(routes.listAllJobs, async (c) => {
    const { status, limit, cursor } = c.req.valid("query");
    const rows = await listAllJobs(c.get("db"), {
      status: status === "running" ? "processing" : status,
      limit,
      before: cursorAfter(cursor),
    });
    return c.json(
      page(
        rows,
        limit,
        (r) => [r.job.id],
        (r) => ({
          ...toJob(r.job),
          media: { id: r.job.mediaId, title: r.mediaTitle },
          owner: { id: r.ownerId, username: r.ownerUsername },
        }),
      ),
      200,
    );
  })
  .openapi(routes.retryJob, async (c) => {
    const db = c.get("db");
    const failed = await findJob(db, c.req.valid("param").id);
    if (!failed || !(await findAccessibleMedia(db, c.get("auth"), failed.mediaId))) throw new ApiError("not_found", NO_JOB);
    const item = await reachable(c, failed.mediaId, "manage");
    if (failed.status !== "failed") {
      throw new ApiError("conflict", `Only a failed job can be retried; this one is ${failed.status}`, {
        jobStatus: failed.status,
      });
    }
    const live = await findLiveJob(db, item.id, failed.target);
    if (live) {
      throw new ApiError("conflict", `This item already has a ${failed.target.toUpperCase()} conversion that is ${live.status}`, {
        jobId: live.id,
      });
    }
    const job = await queueConversion(c.env, db, item.id, failed.target);
    return c.json(toJob(job), 202, { location: `/api/jobs/${job.id}` });
  })
  .openapi(routes.playback, async (c) => {
    const { job: jobId, expiresIn } = c.req.valid("query");
    // Choosing how long a link lives makes a share link, which only the owner hands out.
    const found = await reachable(c, c.req.valid("param").id, expiresIn === undefined ? "read" : "manage");
    const db = c.get("db");
    const job = jobId ? await findJob(db, jobId) : await bestDoneJob(db, found.id);
    // Without a finished conversion the original plays, once ffprobe has read it.
    const item = job ? found : await verifyLater(c.env, db, found);
    if (jobId && (!job || job.mediaId !== item.id)) throw new ApiError("not_found", "No such job for this media");
    const playback = await signedPlayback(c.env, new URL(c.req.url).origin, item, job, expiresIn);
    // A share link is handed out, not played.
    if (expiresIn === undefined) {
      recordEvent(c.env, c.executionCtx, {
        type: "play_started",
        userId: c.get("auth").userId,
        targetType: "media",
        targetId: item.id,
      });
    }
    return c.json(playback, 200);
  })
  .openapi(routes.addShare, async (c) => {
    const item = await reachable(c, c.req.valid("param").id, "manage");
    const db = c.get("db");
    const user = await findUserForShare(db, c.req.valid("json"));
    if (!user || user.deletedAt) throw new ApiError("not_found", "No user with that email or username");
    if (user.id === item.ownerId) throw new ApiError("unprocessable", "The owner already has access");
    const share = await addShare(db, item.id, user.id);
    if (share.created)
      await notify(c.env, c.executionCtx, user.id, "media_shared", {
        mediaId: item.id,
        title: item.title,
        ownerId: item.ownerId,
      });
    const body = { mediaId: item.id, userId: user.id, username: user.username, name: user.name, createdAt: share.createdAt };
    return share.created ? c.json(body, 201, { location: `/api/media/${item.id}/shares/${user.id}` }) : c.json(body, 200);
  })
  .openapi(routes.listShares, async (c) => {
    const item = await reachable(c, c.req.valid("param").id, "manage");
    return c.json({ items: await listShares(c.get("db"), item.id) }, 200);
  })
  .openapi(routes.removeShare, async (c) => {
    const { id, userId } = c.req.valid("param");
    // Someone an item is shared with may also drop it from their own list.
    const item = await reachable(c, id, userId === c.get("auth").userId ? "read" : "manage");
    if (!(await removeShare(c.get("db"), item.id, userId)))
      throw new ApiError("not_found", "That user has no share of this item");
    return c.body(null, 204);
  });
