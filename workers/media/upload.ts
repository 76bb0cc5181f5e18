import type { Db } from "../lib/context";
import { ApiError } from "../lib/errors";
import { newId } from "../lib/ids";
import { insertMedia, type MediaRow, usedBytes } from "./media.queries";
import { type SniffedType, sniffType, wavDurationSeconds } from "./sniff";
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
  /** The first bytes, for sniffing. */
  head: Uint8Array;
  body: Blob | ReadableStream;
  title?: string;
  description?: string;
}

/** Checks, stores and records an upload; on any refusal nothing is stored. */
export async function storeUpload(env: Env, db: Db, ownerId: string, file: IncomingFile): Promise<MediaRow> {
  const type = assertMediaType(file.head);
  await assertRoomFor(env, db, ownerId, file.sizeBytes);
  const id = newId();
  const key = sourceKey(id);
  await env.MEDIA.put(key, file.body, { httpMetadata: { contentType: type.contentType } });
  try {
    return await recordUpload(db, { id, ownerId, ...type, file });
  } catch (err) {
    await env.MEDIA.delete(key);
    throw err;
  }
}

/** The row for a stored source object (form and tus uploads end here). */
export function recordUpload(
  db: Db,
  input: { id: string; ownerId: string; contentType: string; kind: MediaRow["kind"]; file: Omit<IncomingFile, "body"> },
) {
  const { file } = input;
  return insertMedia(db, {
    id: input.id,
    ownerId: input.ownerId,
    filename: file.filename.slice(0, 255),
    contentType: input.contentType,
    kind: input.kind,
    sizeBytes: file.sizeBytes,
    title: file.title,
    description: file.description,
    durationSeconds: input.contentType === "audio/wav" ? wavDurationSeconds(file.head, file.sizeBytes) : undefined,
  });
}
