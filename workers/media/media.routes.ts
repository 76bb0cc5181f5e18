import { createRoute, z } from "@hono/zod-openapi";
import { requireAdmin, requireAuth } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { ProblemSchema, pickErrors } from "../lib/errors";
import { jsonBody, jsonResponse } from "../lib/openapi";
import { PageQuery, pageOf } from "../lib/pagination";
import {
  ConvertRequest,
  JobAcrossAccountsSchema,
  JobSchema,
  JobsQuery,
  MediaIdParam,
  MediaPatch,
  MediaSchema,
  MediaUpload,
  PlaybackQuery,
  PlaybackSchema,
  ShareParams,
  ShareRequest,
  ShareSchema,
} from "./media.schemas";

const authed = { security: bearerAuth, middleware: [requireAuth()], tags: ["media"] };
const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: ProblemSchema } } });

export const uploadMedia = createRoute({
  ...authed,
  method: "post",
  path: "/media",
  summary: "Upload an audio or video file",
  description:
    "A multipart form with the file in `file` (up to 100 MB). A first look at its first bytes refuses anything that is not MP3, WAV, FLAC, Ogg, MP4/M4A/MOV, Matroska or WebM with 415; then ffprobe reads the whole file, and one it cannot read as audio or video is refused with 422 (its reason in `detail`). Either way nothing is stored. Kind, type, duration and size come from ffprobe; `status` is `ready` once it has read the file (`uploaded` when the transcoder could not be asked yet: the first conversion reads it).",
  request: { body: { content: { "multipart/form-data": { schema: MediaUpload } }, required: true } },
  responses: {
    201: jsonResponse(MediaSchema, "The stored item"),
    ...pickErrors(400, 401),
    413: problem("Larger than the upload limit, or over your storage quota"),
    415: problem("Not an audio or video format we accept"),
    422: problem("ffprobe cannot read the file as audio or video we accept"),
  },
});

export const listMedia = createRoute({
  ...authed,
  method: "get",
  path: "/media",
  summary: "Your media, newest first",
  request: { query: PageQuery },
  responses: { 200: jsonResponse(pageOf(MediaSchema), "A page of your media"), ...pickErrors(400, 401) },
});

export const sharedWithMe = createRoute({
  ...authed,
  method: "get",
  path: "/media/shared-with-me",
  summary: "Media other people shared with you",
  request: { query: PageQuery },
  responses: { 200: jsonResponse(pageOf(MediaSchema), "A page of shared media"), ...pickErrors(400, 401) },
});

export const getMedia = createRoute({
  ...authed,
  method: "get",
  path: "/media/{id}",
  summary: "One media item (yours, shared with you, or any for admins)",
  request: { params: MediaIdParam },
  responses: { 200: jsonResponse(MediaSchema, "The item"), ...pickErrors(401, 404) },
});

export const patchMedia = createRoute({
  ...authed,
  method: "patch",
  path: "/media/{id}",
  summary: "Change an item's title or description",
  request: { params: MediaIdParam, body: jsonBody(MediaPatch) },
  responses: { 200: jsonResponse(MediaSchema, "The changed item"), ...pickErrors(400, 401, 403, 404) },
});

export const deleteMedia = createRoute({
  ...authed,
  method: "delete",
  path: "/media/{id}",
  summary: "Delete an item, its conversions and every stored file",
  request: { params: MediaIdParam },
  responses: { 204: { description: "Deleted" }, ...pickErrors(401, 403, 404) },
});

export const convertMedia = createRoute({
  ...authed,
  method: "post",
  path: "/media/{id}/convert",
  summary: "Convert to MP3, MP4 or HLS",
  description:
    "Queues a conversion and answers 201 with the job and its `Location`. MP3 works from audio or video; MP4 (H.264/AAC) and HLS (an adaptive ladder) need video. Asking again for a target that is queued, running or done answers 200 with that job.",
  request: { params: MediaIdParam, body: jsonBody(ConvertRequest) },
  responses: {
    201: jsonResponse(JobSchema, "The queued job"),
    200: jsonResponse(JobSchema, "The job already queued, running or done for this target"),
    ...pickErrors(400, 401, 403, 404, 422),
  },
});

export const listJobs = createRoute({
  ...authed,
  method: "get",
  path: "/media/{id}/jobs",
  summary: "An item's conversions, newest first",
  request: { params: MediaIdParam },
  responses: { 200: jsonResponse(z.object({ items: z.array(JobSchema) }), "The jobs"), ...pickErrors(401, 404) },
});

export const getJob = createRoute({
  ...authed,
  method: "get",
  path: "/jobs/{id}",
  summary: "A conversion's status, progress and outputs",
  request: { params: MediaIdParam },
  responses: { 200: jsonResponse(JobSchema, "The job"), ...pickErrors(401, 404) },
});

export const listAllJobs = createRoute({
  security: bearerAuth,
  middleware: [requireAdmin],
  tags: ["media"],
  method: "get",
  path: "/jobs",
  summary: "Conversions across every account, newest first (admin)",
  description:
    "Each job with its item (`media`) and the item's owner; a failed job carries its reason in `error`. Filter by `status` (`running` is the jobs whose status reads `processing`).",
  request: { query: JobsQuery },
  responses: { 200: jsonResponse(pageOf(JobAcrossAccountsSchema), "The jobs"), ...pickErrors(400, 401, 403) },
});

export const retryJob = createRoute({
  ...authed,
  method: "post",
  path: "/jobs/{id}/retry",
  summary: "Convert again after a failure (the item's owner, or an admin)",
  description:
    "Queues a new job for the same item and target, the way `POST /media/{id}/convert` does, and answers 202 with it. Only a failed job can be retried (409 names its status); 409 too when the item already has a conversion to that target queued, running or done.",
  request: { params: MediaIdParam },
  responses: {
    202: jsonResponse(JobSchema, "The new, queued job"),
    ...pickErrors(401, 403, 404, 409),
    503: problem("The conversion queue is unavailable"),
  },
});

export const playback = createRoute({
  ...authed,
  method: "get",
  path: "/media/{id}/playback",
  summary: "A signed streaming URL (valid one hour, or `expiresIn` seconds)",
  description:
    "Anyone who may see the item gets a one-hour URL. The owner may choose how long it works with `expiresIn` (up to 7 days), to share it as a link; others asking for that get 403.",
  request: { params: MediaIdParam, query: PlaybackQuery },
  responses: { 200: jsonResponse(PlaybackSchema, "Where to stream from"), ...pickErrors(400, 401, 403, 404, 409, 422) },
});

export const addShare = createRoute({
  ...authed,
  method: "post",
  path: "/media/{id}/shares",
  summary: "Share read access with another user",
  request: { params: MediaIdParam, body: jsonBody(ShareRequest) },
  responses: {
    201: jsonResponse(ShareSchema, "Shared"),
    200: jsonResponse(ShareSchema, "Already shared with that user"),
    ...pickErrors(400, 401, 403, 404, 422),
  },
});

export const listShares = createRoute({
  ...authed,
  method: "get",
  path: "/media/{id}/shares",
  summary: "Who an item is shared with",
  request: { params: MediaIdParam },
  responses: { 200: jsonResponse(z.object({ items: z.array(ShareSchema) }), "The shares"), ...pickErrors(401, 403, 404) },
});

export const removeShare = createRoute({
  ...authed,
  method: "delete",
  path: "/media/{id}/shares/{userId}",
  summary: "Revoke a share",
  request: { params: ShareParams },
  responses: { 204: { description: "Revoked" }, ...pickErrors(401, 403, 404) },
});
