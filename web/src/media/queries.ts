import { api } from "../api/client";
import { type OkBody, ok } from "../api/problem";

export type Media = OkBody<Awaited<ReturnType<(typeof api.media)[":id"]["$get"]>>>;
export type Job = OkBody<Awaited<ReturnType<(typeof api.jobs)[":id"]["$get"]>>>;
export type Share = OkBody<Awaited<ReturnType<(typeof api.media)[":id"]["shares"]["$post"]>>>;
export type Playback = OkBody<Awaited<ReturnType<(typeof api.media)[":id"]["playback"]["$get"]>>>;
export type Target = Job["target"];

/** One query key per resource; mutations invalidate the keys they change. */
export const keys = {
  mine: ["media", "mine"] as const,
  sharedWithMe: ["media", "shared-with-me"] as const,
  item: (id: string) => ["media", id] as const,
  jobs: (id: string) => ["media", id, "jobs"] as const,
  job: (jobId: string) => ["jobs", jobId] as const,
  playback: (id: string, jobId?: string) => ["media", id, "playback", jobId ?? "best"] as const,
  shares: (id: string) => ["media", id, "shares"] as const,
};

export const PAGE_SIZE = 12;

export const fetchMine = (cursor?: string) =>
  ok(api.media.$get({ query: { limit: String(PAGE_SIZE), ...(cursor ? { cursor } : {}) } }));
export const fetchSharedWithMe = (cursor?: string) =>
  ok(api.media["shared-with-me"].$get({ query: { limit: String(PAGE_SIZE), ...(cursor ? { cursor } : {}) } }));
export const fetchMedia = (id: string) => ok(api.media[":id"].$get({ param: { id } }));
export const fetchJobs = (id: string) => ok(api.media[":id"].jobs.$get({ param: { id } }));
export const fetchJob = (jobId: string) => ok(api.jobs[":id"].$get({ param: { id: jobId } }));
export const fetchPlayback = (id: string, jobId?: string, expiresIn?: number) =>
  ok(
    api.media[":id"].playback.$get({
      param: { id },
      query: { ...(jobId ? { job: jobId } : {}), ...(expiresIn ? { expiresIn: String(expiresIn) } : {}) },
    }),
  );

export const targetLabel: Record<Target, string> = { mp4: "MP4", mp3: "MP3", hls: "HLS" };
export const isActive = (job: Job) => job.status === "queued" || job.status === "processing";

/** An HLS conversion also writes poster.jpg beside master.m3u8, under the same signed prefix. */
export function posterOf(playback: Playback): string | undefined {
  const url = new URL(playback.url, window.location.href);
  if (!url.pathname.endsWith("/master.m3u8")) return undefined;
  url.pathname = url.pathname.replace(/master\.m3u8$/, "poster.jpg");
  return url.toString();
}
