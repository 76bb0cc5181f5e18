import type { JobTarget } from "../db/schema";

/** Every R2 object of a media item lives under this prefix, so deleting the item is one listing. */
export const mediaPrefix = (mediaId: string) => `media/${mediaId}/`;
export const sourceKey = (mediaId: string) => `media/${mediaId}/source`;
export const jobPrefix = (mediaId: string, jobId: string) => `media/${mediaId}/${jobId}/`;

/** The file a player opens first for each target. */
export const entryFile: Record<JobTarget, string> = { mp3: "audio.mp3", mp4: "video.mp4", hls: "master.m3u8" };

const typesByExtension: Record<string, string> = {
  m3u8: "application/vnd.apple.mpegurl",
  ts: "video/mp2t",
  mp3: "audio/mpeg",
  mp4: "video/mp4",
  jpg: "image/jpeg",
};

/** The Content-Type a transcoder output is stored (and streamed) with. */
export function outputContentType(name: string): string {
  return typesByExtension[name.split(".").pop() ?? ""] ?? "application/octet-stream";
}

/** Deletes every object under `prefix`, a page of up to 1000 keys at a time. */
export async function deletePrefix(bucket: R2Bucket, prefix: string): Promise<number> {
  let deleted = 0;
  let cursor: string | undefined;
  do {
    const listing = await bucket.list({ prefix, cursor, limit: 1000 });
    if (listing.objects.length > 0) {
      await bucket.delete(listing.objects.map((o) => o.key));
      deleted += listing.objects.length;
    }
    cursor = listing.truncated ? listing.cursor : undefined;
  } while (cursor);
  return deleted;
}
