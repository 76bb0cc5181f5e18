/**
 * The contract of the UploadSession Durable Object (durable-objects/upload-session.ts), one per
 * tus upload: its offset, its R2 multipart upload and the parts written so far. The class
 * implements it; the uploads routes reach a session only through `uploadSession(env, id)`
 * (uploads.index.ts), a stub typed by this interface.
 */
export interface UploadsContract extends Rpc.DurableObjectBranded {
  /** Starts the upload; it expires unless finished in time. */
  create(input: NewUpload): Promise<UploadInfo>;
  /** The upload's state for HEAD, or null when it does not exist, is not `ownerId`'s, or expired. */
  describe(ownerId: string): Promise<UploadInfo | null>;
  /** Appends `body` at `offset` (tus PATCH); one at a time per upload. */
  patch(ownerId: string, offset: number, body: ReadableStream<Uint8Array>): Promise<PatchResult>;
  /** tus termination: false when there is no such upload of `ownerId` (or a PATCH is running). */
  terminate(ownerId: string): Promise<boolean>;
}

export interface NewUpload {
  id: string;
  ownerId: string;
  mediaId: string;
  length: number;
  /** The raw Upload-Metadata header, echoed on HEAD. */
  metadataHeader: string | null;
  filename: string;
  title?: string;
}

export interface UploadInfo {
  id: string;
  mediaId: string;
  length: number;
  metadataHeader: string | null;
  expiresAt: number;
  complete: boolean;
  /** Bytes received so far: where the next PATCH starts. */
  offset: number;
}

export type PatchResult =
  | { status: "ok"; offset: number; complete: boolean; mediaId: string }
  | { status: "not_found" }
  | { status: "conflict"; offset: number }
  | { status: "too_large"; length: number }
  | { status: "unsupported"; reason: string }
  /** The whole file arrived and ffprobe cannot read it as audio or video: nothing is kept. */
  | { status: "rejected"; reason: string };
