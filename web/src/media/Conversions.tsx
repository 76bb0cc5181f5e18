import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { api } from "../api/client";
import { ok } from "../api/problem";
import { Problem, Skeleton } from "../components/Problem";
import { jobSummary } from "./MediaCard";
import { fetchJob, fetchJobs, isActive, type Job, keys, type Media, type Target, targetLabel } from "./queries";
import { type PushedNotification, useNotificationSocket } from "./useNotificationSocket";

const POLL_MS = 2_000;
/** Even with the socket up, a slow check: a frame folded into a digest must not leave a job stuck. */
const SAFETY_POLL_MS = 15_000;
const JOB_KINDS = new Set(["job_progress", "job_done", "job_failed"]);

const targets: { target: Target; needsVideo: boolean; what: string }[] = [
  { target: "mp4", needsVideo: true, what: "plays everywhere" },
  { target: "mp3", needsVideo: false, what: "audio only" },
  { target: "hls", needsVideo: true, what: "adaptive streaming" },
];

/**
 * Live job progress: the notification socket patches each job as the transcoder reports it; while
 * the socket is down, each unfinished job is polled every 2 s instead.
 */
function useLiveJobs(mediaId: string, jobs: Job[] | undefined) {
  const queryClient = useQueryClient();
  const active = jobs?.some(isActive) ?? false;
  const finished = useCallback(
    (jobId: string) => {
      void queryClient.invalidateQueries({ queryKey: keys.job(jobId) });
      void queryClient.invalidateQueries({ queryKey: keys.jobs(mediaId) });
      void queryClient.invalidateQueries({ queryKey: [...keys.item(mediaId), "playback"] });
    },
    [queryClient, mediaId],
  );
  const onNotification = useCallback(
    (notification: PushedNotification) => {
      const { jobId, mediaId: about, progress } = notification.payload as { jobId?: string; mediaId?: string; progress?: number };
      if (!JOB_KINDS.has(notification.kind) || about !== mediaId || !jobId) return;
      if (notification.kind === "job_progress" && typeof progress === "number")
        queryClient.setQueryData<Job>(keys.job(jobId), (job) => job && { ...job, status: "processing", progress });
      else finished(jobId);
    },
    [queryClient, mediaId, finished],
  );
  // Whatever happened before the socket was up is read once it is.
  const onReady = useCallback(() => {
    for (const job of jobs ?? []) if (isActive(job)) void queryClient.invalidateQueries({ queryKey: keys.job(job.id) });
  }, [queryClient, jobs]);
  return useNotificationSocket(active, onNotification, onReady);
}

function JobRow({ job: listed, live, onDone }: { job: Job; live: boolean; onDone: (job: Job) => void }) {
  const query = useQuery({
    queryKey: keys.job(listed.id),
    queryFn: async () => {
      const job = await fetchJob(listed.id);
      if (!isActive(job)) onDone(job);
      return job;
    },
    initialData: listed,
    refetchInterval: (q) => (q.state.data && isActive(q.state.data) ? (live ? SAFETY_POLL_MS : POLL_MS) : false),
  });
  const job = query.data;
  const label = `${targetLabel[job.target]} conversion`;
  return (
    <li className={`job-row job-${job.status}`}>
      <div className="upload-head">
        <strong>{label}</strong>
        <span className="hint" aria-live="polite">
          {job.status === "done" ? "Done" : job.status === "failed" ? "Failed" : jobSummary(job)}
        </span>
      </div>
      {job.status !== "failed" && (
        <div
          className={`progress ${job.status}`}
          role="progressbar"
          aria-label={label}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={job.status === "done" ? 100 : job.progress}
        >
          <div className="progress-fill" style={{ width: `${job.status === "done" ? 100 : job.progress}%` }} />
        </div>
      )}
      {job.error && <p className="field-error">{job.error}</p>}
    </li>
  );
}

/** Convert to MP4, MP3 or HLS (owners only) and follow each job live until it is done. */
export function Conversions({ media, canManage }: { media: Media; canManage: boolean }) {
  const queryClient = useQueryClient();
  const jobs = useQuery({ queryKey: keys.jobs(media.id), queryFn: () => fetchJobs(media.id) });
  const live = useLiveJobs(media.id, jobs.data?.items);
  const convert = useMutation({
    mutationFn: (target: Target) => ok(api.media[":id"].convert.$post({ param: { id: media.id }, json: { target } })),
    onSuccess: (job) => {
      queryClient.setQueryData(keys.job(job.id), job);
      return queryClient.invalidateQueries({ queryKey: keys.jobs(media.id) });
    },
  });
  const onDone = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: keys.jobs(media.id) });
    void queryClient.invalidateQueries({ queryKey: [...keys.item(media.id), "playback"] });
  }, [queryClient, media.id]);

  return (
    <section aria-labelledby="conversions-heading" className="panel">
      <h2 id="conversions-heading">Conversions</h2>
      {canManage && (
        <div className="actions">
          {targets.map(({ target, needsVideo, what }) => {
            const impossible = needsVideo && media.kind !== "video";
            return (
              <button
                key={target}
                type="button"
                onClick={() => convert.mutate(target)}
                disabled={impossible || convert.isPending}
                title={what}
              >
                Convert to {targetLabel[target]}
              </button>
            );
          })}
        </div>
      )}
      {canManage && media.kind === "audio" && <p className="hint">MP4 and HLS need a video; this file is audio only.</p>}
      {convert.isError && <Problem error={convert.error} />}
      {jobs.isPending ? (
        <Skeleton rows={2} label="Loading conversions" />
      ) : jobs.isError ? (
        <Problem error={jobs.error} onRetry={() => void jobs.refetch()} />
      ) : jobs.data.items.length === 0 ? (
        <p className="hint">{canManage ? "Not converted yet." : "No conversions."}</p>
      ) : (
        <ul className="job-list" aria-label="Conversion jobs">
          {jobs.data.items.map((job) => (
            <JobRow key={job.id} job={job} live={live} onDone={onDone} />
          ))}
        </ul>
      )}
    </section>
  );
}
