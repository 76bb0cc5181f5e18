import type { Db } from "../lib/context";
import { ApiError } from "../lib/errors";
import { newId } from "../lib/ids";
import { insertMedia, type MediaRow, markMediaReady, rejectMedia, usedBytes } from "./media.queries";
import { type MediaFacts, type ProbeVerdict, probeSource, retypeSource } from "./probe";
import { type SniffedType, sniffType } from "./sniff";
import { sourceKey } from "./storage";

export const maxUploadBytes = (env: Env) => Number(env.MEDIA_MAX_UPLOAD_BYTES) || 100 * 1024 * 1024;
export const quotaBytes = (env: Env) => Number(env.MEDIA_QUOTA_BYTES) || 5 * 1024 * 1024 * 1024;

/** 413 when one file is over the limit or would take the user over their quota. */
export async function assertRoomFor(env: Env, db: Db, ownerId: string, sizeBytes: number) {
  const max = maxUploadBytes(env);
  if (sizeBytes > max) throw new ApiError("payload_too_large", `Files are limited to ${max} bytes; this one has ${sizeBytes}`);
  const quota = quotaBytes(env);
  const used = await usedBytes(db, ownerId);
  if (used + sizeBytes > quota)
    throw new ApiError("payload_too_large", `This would exceed your storage quota (${used} of ${quota} bytes used)`, {
      quotaBytes: quota,
      usedBytes: used,
    });
}

/** The sniffed type, or 415 for anything that is not audio or video we accept. */
export function assertMediaType(head: Uint8Array): SniffedType {
  const type = sniffType(head);
  if (!type)
    throw new ApiError(
      "unsupported_media_type",
      "Only MP3, WAV, FLAC, Ogg, MP4/M4A/MOV, Matroska and WebM files are accepted (checked from the file's content)",
    );
  return type;
}

export interface IncomingFile {
  filename: string;
  sizeBytes: number;
  /** The first bytes, for the cheap header gate. */
  head: Uint8Array;
  body: Blob | ReadableStream;
  title?: string;
  description?: string;
}

/**
 * Probes a stored source before anything trusts it: a file ffprobe cannot read as accepted audio
 * or video is deleted and refused (422, with ffprobe's reason); a readable one is stored under the
 * type ffprobe found. When the transcoder cannot be asked the item is kept unverified (its first
 * conversion probes it, and its original is not played until then).
 */
export async function verifySource(env: Env, mediaId: string, sniffed: SniffedType): Promise<ProbeVerdict> {
  const verdict = await probeSource(env, mediaId, sniffed);
  if (verdict.status === "refused") await env.MEDIA.delete(sourceKey(mediaId));
  else if (verdict.status === "ok" && verdict.facts.contentType !== sniffed.contentType)
    await retypeSource(env, mediaId, verdict.facts.contentType);
  return verdict;
}

/** The 422 an upload ffprobe refused answers with. */
export const refusedUpload = (reason: string) => new ApiError("unprocessable", reason);

/** Checks, stores, probes and records an upload; on any refusal nothing is stored. */
export async function storeUpload(env: Env, db: Db, ownerId: string, file: IncomingFile): Promise<MediaRow> {
  const type = assertMediaType(file.head);
  await assertRoomFor(env, db, ownerId, file.sizeBytes);
  const id = newId();
  const key = sourceKey(id);
  await env.MEDIA.put(key, file.body, { httpMetadata: { contentType: type.contentType } });
  let verdict: ProbeVerdict;
  try {
    verdict = await verifySource(env, id, type);
  } catch (err) {
    await env.MEDIA.delete(key);
    throw err;
  }
  if (verdict.status === "refused") throw refusedUpload(verdict.reason);
  try {
    return await recordUpload(db, {
      id,
      ownerId,
      sniffed: type,
      facts: verdict.status === "ok" ? verdict.facts : undefined,
      file,
    });
  } catch (err) {
    await env.MEDIA.delete(key);
    throw err;
  }
}

/** The row for a stored source object (form and tus uploads end here): probed facts when there are some. */
export function recordUpload(
  db: Db,
  input: {
    id: string;
    ownerId: string;
    sniffed: SniffedType;
    facts: MediaFacts | undefined;
    file: Omit<IncomingFile, "body" | "head">;
  },
) {
  const { file, facts } = input;
  return insertMedia(db, {
    id: input.id,
    ownerId: input.ownerId,
    filename: file.filename.slice(0, 255),
    contentType: facts?.contentType ?? input.sniffed.contentType,
    kind: facts?.kind ?? input.sniffed.kind,
    sizeBytes: file.sizeBytes,
    title: file.title,
    description: file.description,
    facts,
  });
}

/**
 * An item stored unverified (the transcoder could not be asked at upload) is probed now: it
 * comes back `ready`, or is rejected (file removed, 422). Still unverified when the transcoder
 * cannot be asked again; a ready or rejected item is returned as it is.
 */
export async function verifyLater(env: Env, db: Db, item: MediaRow): Promise<MediaRow> {
  if (item.status !== "uploaded") return item;
  const verdict = await verifySource(env, item.id, { contentType: item.contentType, kind: item.kind });
  if (verdict.status === "unavailable") return item;
  if (verdict.status === "refused") {
    await rejectMedia(db, item.id, verdict.reason);
    throw refusedUpload(verdict.reason);
  }
  return (await markMediaReady(db, item.id, verdict.facts)) ?? item;
}

/** 422 for an item ffprobe refused: it cannot be played or converted. */
export function assertNotRejected(item: MediaRow) {
  if (item.status === "rejected")
    throw new ApiError("unprocessable", `This file was refused: ${item.statusReason ?? "it is not audio or video"}`);
}
