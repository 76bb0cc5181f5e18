import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { bytes, clock, when } from "../lib/format";
import { fetchJobs, fetchPlayback, type Job, keys, type Media, posterOf, targetLabel } from "./queries";

/** The poster of the item's finished HLS conversion, when it has one. */
export function Thumbnail({ media, jobs }: { media: Media; jobs: Job[] | undefined }) {
  const hls = jobs?.find((job) => job.target === "hls" && job.status === "done");
  const playback = useQuery({
    queryKey: keys.playback(media.id, hls?.id),
    queryFn: () => fetchPlayback(media.id, hls?.id),
    enabled: Boolean(hls),
    staleTime: 30 * 60_000,
  });
  const poster = playback.data && posterOf(playback.data);
  if (poster) return <img className="thumb" src={poster} alt="" loading="lazy" />;
  return (
    <div className="thumb thumb-placeholder" aria-hidden="true">
      {media.kind === "audio" ? "♪" : "▶"}
    </div>
  );
}

export function jobSummary(job: Job) {
  const target = targetLabel[job.target];
  if (job.status === "done") return `${target} ready`;
  if (job.status === "failed") return `${target} failed`;
  if (job.status === "queued") return `${target} queued`;
  return `${target} ${job.progress} %`;
}

/** One item of a media list: thumbnail, title, facts and the state of its conversions. */
export function MediaCard({ media, showConversions = true }: { media: Media; showConversions?: boolean }) {
  const jobs = useQuery({ queryKey: keys.jobs(media.id), queryFn: () => fetchJobs(media.id), enabled: showConversions });
  const facts = [
    media.kind === "audio" ? "Audio" : "Video",
    media.durationSeconds ? clock(media.durationSeconds) : null,
    bytes(media.sizeBytes),
    when(media.createdAt),
  ].filter(Boolean);
  return (
    <li className="media-card">
      <Thumbnail media={media} jobs={jobs.data?.items} />
      <div className="media-card-body">
        <h3>
          <Link to={`/media/${media.id}`}>{media.title}</Link>
        </h3>
        <p className="hint">{facts.join(" · ")}</p>
        {showConversions && jobs.data && jobs.data.items.length > 0 && (
          <ul className="job-tags" aria-label={`Conversions of ${media.title}`}>
            {jobs.data.items.map((job) => (
              <li key={job.id} className={`tag job-${job.status}`}>
                {jobSummary(job)}
              </li>
            ))}
          </ul>
        )}
      </div>
    </li>
  );
}
