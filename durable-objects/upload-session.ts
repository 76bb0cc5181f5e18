import { DurableObject } from "cloudflare:workers";
import { database } from "../workers/lib/db";
import { log } from "../workers/lib/log";
import { sniffType } from "../workers/media/sniff";
import { sourceKey } from "../workers/media/storage";
import { recordUpload, verifySource } from "../workers/media/upload";
import type { NewUpload, PatchResult, UploadInfo, UploadsContract } from "../workers/media/uploads.contract";

/** R2 needs every part but the last to be at least 5 MiB and all the same size. */
export const PART_SIZE = 5 * 1024 * 1024;
export const UPLOAD_TTL_MS = 24 * 60 * 60 * 1000;

interface UploadState extends NewUpload {
  /** Bytes in uploaded parts. */
  partsBytes: number;
  parts: R2UploadedPart[];
  multipartId: string | null;
  contentType: string | null;
  kind: "audio" | "video" | null;
  /** Bytes received past the last full part, kept in R2 until the next PATCH completes a part. */
  tailBytes: number;
  tailSeq: number;
  createdAt: number;
  expiresAt: number;
  complete: boolean;
  /** The file's first bytes (kept by sessions from before ffprobe decided; unused now). */
  head?: Uint8Array;
}

const tailKey = (state: UploadState) => `uploads/${state.id}/tail-${state.tailSeq}`;

function concat(chunks: Uint8Array[], total: number) {
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/**
 * One per tus upload: its offset, its R2 multipart upload and the parts written so far. Every
 * PATCH runs inside this object, one at a time, so concurrent or retried PATCHes can never
 * write the same bytes twice or leave the offset wrong. An alarm aborts unfinished uploads.
 */
export class UploadSession extends DurableObject<Env> implements UploadsContract {
  /** The PATCH in progress in this instance; a second one is refused with the current offset. */
  private busy = false;

  private load() {
    return this.ctx.storage.get<UploadState>("upload");
  }

  private save(state: UploadState) {
    return this.ctx.storage.put("upload", state);
  }

  private info(state: UploadState): UploadInfo {
    const { id, length, metadataHeader, expiresAt, complete, mediaId } = state;
    return { id, length, metadataHeader, expiresAt, complete, mediaId, offset: state.partsBytes + state.tailBytes };
  }

  async create(input: NewUpload): Promise<UploadInfo> {
    const now = Date.now();
    const state: UploadState = {
      ...input,
      partsBytes: 0,
      parts: [],
      multipartId: null,
      contentType: null,
      kind: null,
      tailBytes: 0,
      tailSeq: 0,
      createdAt: now,
      expiresAt: now + UPLOAD_TTL_MS,
      complete: false,
    };
    await this.save(state);
    await this.ctx.storage.setAlarm(state.expiresAt);
    return this.info(state);
  }

  /** The upload's state for HEAD, or null when it does not exist, is not the caller's, or expired. */
  async describe(ownerId: string): Promise<UploadInfo | null> {
    const state = await this.load();
    if (!state || state.ownerId !== ownerId || state.expiresAt <= Date.now()) return null;
    return this.info(state);
  }

  /** Appends `body` at `offset`. Full parts go to R2 as they fill; the rest waits as a tail object. */
  async patch(ownerId: string, offset: number, body: ReadableStream<Uint8Array>): Promise<PatchResult> {
    const state = await this.load();
    if (!state || state.ownerId !== ownerId || state.expiresAt <= Date.now()) {
      await body.cancel();
      return { status: "not_found" };
    }
    const current = state.partsBytes + state.tailBytes;
    if (this.busy || state.complete || offset !== current) {
      await body.cancel();
      return { status: "conflict", offset: current };
    }
    this.busy = true;
    try {
      return await this.append(state, body);
    } finally {
      this.busy = false;
    }
  }

  private async append(state: UploadState, body: ReadableStream<Uint8Array>): Promise<PatchResult> {
    const chunks: Uint8Array[] = [];
    let buffered = 0;
    if (state.tailBytes > 0) {
      const tail = await this.env.MEDIA.get(tailKey(state));
      if (!tail) throw new Error(`upload ${state.id}: the tail object is missing`);
      chunks.push(new Uint8Array(await tail.arrayBuffer()));
      buffered = state.tailBytes;
    }
    const flush = async (size: number) => {
      const all = concat(chunks, buffered);
      const part = all.subarray(0, size);
      chunks.length = 0;
      if (all.length > size) chunks.push(all.slice(size));
      buffered -= size;
      const refused = await this.uploadPart(state, part);
      if (refused) return refused;
      state.tailBytes = buffered;
      return undefined;
    };

    const reader = body.getReader();
    let tooLarge = false;
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        if (state.partsBytes + buffered + value.length > state.length) {
          tooLarge = true;
          await reader.cancel();
          break;
        }
        chunks.push(value);
        buffered += value.length;
        while (buffered >= PART_SIZE && state.partsBytes + PART_SIZE < state.length) {
          const refused = await flush(PART_SIZE);
          if (refused) return refused;
          await this.save(state);
        }
      }
    } catch (err) {
      // The client went away mid-PATCH: keep every byte that arrived, as tus asks.
      log.info("upload_patch_interrupted", { uploadId: state.id, error: String(err) });
    }
    if (tooLarge) {
      await this.keepTail(state, chunks, buffered);
      return { status: "too_large", length: state.length };
    }
    if (state.partsBytes + buffered === state.length && state.length > 0) {
      const refused = await flush(buffered);
      if (refused) return refused;
      return this.finish(state);
    }
    await this.keepTail(state, chunks, buffered);
    return { status: "ok", offset: state.partsBytes + state.tailBytes, complete: false, mediaId: state.mediaId };
  }

  /** Replaces the stored tail with the bytes still buffered (a new key, so a crash never leaves a half-written tail). */
  private async keepTail(state: UploadState, chunks: Uint8Array[], buffered: number) {
    const previous = state.tailBytes > 0 || state.tailSeq > 0 ? tailKey(state) : null;
    state.tailSeq += 1;
    state.tailBytes = buffered;
    if (buffered > 0) await this.env.MEDIA.put(tailKey(state), concat(chunks, buffered));
    await this.save(state);
    if (previous) await this.env.MEDIA.delete(previous);
  }

  /** Uploads one part, sniffing the type from the first one; returns a refusal for a non-media file. */
  private async uploadPart(state: UploadState, part: Uint8Array): Promise<PatchResult | undefined> {
    if (!state.multipartId) {
      const type = sniffType(part.subarray(0, 4100));
      if (!type) {
        await this.discard(state);
        return {
          status: "unsupported",
          reason: "Only MP3, WAV, FLAC, Ogg, MP4/M4A/MOV, Matroska and WebM files are accepted (checked from the file's content)",
        };
      }
      const multipart = await this.env.MEDIA.createMultipartUpload(sourceKey(state.mediaId), {
        httpMetadata: { contentType: type.contentType },
      });
      state.multipartId = multipart.uploadId;
      state.contentType = type.contentType;
      state.kind = type.kind;
    }
    const multipart = this.env.MEDIA.resumeMultipartUpload(sourceKey(state.mediaId), state.multipartId);
    state.parts.push(await multipart.uploadPart(state.parts.length + 1, part));
    state.partsBytes += part.length;
    return undefined;
  }

  private async finish(state: UploadState): Promise<PatchResult> {
    const multipartId = state.multipartId;
    if (!multipartId || !state.contentType || !state.kind) throw new Error(`upload ${state.id}: completed without parts`);
    await this.env.MEDIA.resumeMultipartUpload(sourceKey(state.mediaId), multipartId).complete(state.parts);
    // The whole file is in R2 now: ffprobe decides what it is before any row trusts it.
    const sniffed = { contentType: state.contentType, kind: state.kind };
    const verdict = await verifySource(this.env, state.mediaId, sniffed);
    if (verdict.status === "refused") {
      state.complete = true;
      await this.discard(state);
      return { status: "rejected", reason: verdict.reason };
    }
    await recordUpload(database(this.env.DB), {
      id: state.mediaId,
      ownerId: state.ownerId,
      sniffed,
      facts: verdict.status === "ok" ? verdict.facts : undefined,
      file: { filename: state.filename, sizeBytes: state.length, title: state.title },
    });
    state.complete = true;
    const previousTail = state.tailSeq > 0 ? tailKey(state) : null;
    state.tailBytes = 0;
    await this.save(state);
    if (previousTail) await this.env.MEDIA.delete(previousTail);
    await this.ctx.storage.setAlarm(Date.now() + UPLOAD_TTL_MS);
    return { status: "ok", offset: state.length, complete: true, mediaId: state.mediaId };
  }

  /** Aborts the multipart upload and forgets the upload. */
  private async discard(state: UploadState) {
    if (state.multipartId && !state.complete) {
      await this.env.MEDIA.resumeMultipartUpload(sourceKey(state.mediaId), state.multipartId)
        .abort()
        .catch(() => undefined);
    }
    if (state.tailSeq > 0) await this.env.MEDIA.delete(tailKey(state));
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
  }

  /** tus termination: false when there is no such upload of this owner. A finished upload only forgets its session. */
  async terminate(ownerId: string): Promise<boolean> {
    const state = await this.load();
    if (!state || state.ownerId !== ownerId) return false;
    if (this.busy) return false;
    await this.discard(state);
    return true;
  }

  /** Expiry: an unfinished upload's parts are aborted; a finished one's session is simply forgotten. */
  async alarm() {
    const state = await this.load();
    if (state) await this.discard(state);
  }
}
