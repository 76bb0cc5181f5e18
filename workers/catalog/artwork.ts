import { ApiError } from "../lib/errors";

export const MAX_ARTWORK_BYTES = 5 * 1024 * 1024;

const formats = {
  jpg: { contentType: "image/jpeg", matches: (b: Uint8Array) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  png: {
    contentType: "image/png",
    matches: (b: Uint8Array) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((byte, i) => b[i] === byte),
  },
  webp: {
    contentType: "image/webp",
    matches: (b: Uint8Array) => ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WEBP",
  },
} as const;

export type ArtworkExtension = keyof typeof formats;
export const artworkExtensions = Object.keys(formats) as ArtworkExtension[];

const ascii = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));

/** What the bytes are (by their magic numbers, not by what the client claims), or undefined. */
export function sniffImage(bytes: Uint8Array): ArtworkExtension | undefined {
  return artworkExtensions.find((ext) => formats[ext].matches(bytes));
}

export const contentTypeOf = (ext: ArtworkExtension) => formats[ext].contentType;

const TOO_LARGE = `Images are limited to ${MAX_ARTWORK_BYTES / 1024 / 1024} MB`;

/** Reads a request body of at most `MAX_ARTWORK_BYTES`, refusing larger ones without buffering them. */
export async function readImageBody(req: Request): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(req.headers.get("content-length") ?? Number.NaN);
  if (declared > MAX_ARTWORK_BYTES) throw new ApiError("payload_too_large", TOO_LARGE);
  if (!req.body) throw new ApiError("bad_request", "Send the image as the request body");
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_ARTWORK_BYTES) {
      await reader.cancel();
      throw new ApiError("payload_too_large", TOO_LARGE);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  if (size === 0) throw new ApiError("bad_request", "Send the image as the request body");
  return bytes;
}

const hex = (buffer: ArrayBuffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");

/**
 * Stores an image in R2 under its content hash (`artwork/<sha256>.<ext>`): the same bytes
 * always get the same key, so the URL never changes meaning and can be cached forever.
 */
export async function storeArtwork(bucket: R2Bucket, bytes: Uint8Array<ArrayBuffer>) {
  const ext = sniffImage(bytes);
  if (!ext) throw new ApiError("unsupported_media_type", "Send a JPEG, PNG or WebP image");
  const key = `artwork/${hex(await crypto.subtle.digest("SHA-256", bytes))}.${ext}`;
  const contentType = contentTypeOf(ext);
  await bucket.put(key, bytes, { httpMetadata: { contentType, cacheControl: IMMUTABLE } });
  return { key, contentType, bytes: bytes.byteLength };
}

export const IMMUTABLE = "public, max-age=31536000, immutable";
