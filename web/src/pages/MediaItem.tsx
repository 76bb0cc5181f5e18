import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Link, useParams } from "react-router";
import { useSession } from "../api/session";
import { Problem, Skeleton } from "../components/Problem";
import { bytes, clock, when } from "../lib/format";
import { Conversions } from "../media/Conversions";
import { EditDetails } from "../media/EditDetails";
import { MediaPlayer } from "../media/MediaPlayer";
import { fetchJobs, fetchMedia, keys, type Media, targetLabel } from "../media/queries";
import { SharePanel } from "../media/SharePanel";
import "../media/media.css";

/** Which finished version plays: the best one (the API's choice) unless the person picks another. */
function VersionPicker({ media, value, onChange }: { media: Media; value?: string; onChange: (jobId?: string) => void }) {
  const id = useId();
  const jobs = useQuery({ queryKey: keys.jobs(media.id), queryFn: () => fetchJobs(media.id) });
  const done = jobs.data?.items.filter((job) => job.status === "done") ?? [];
  if (done.length === 0) return null;
  return (
    <div className="field version-picker">
      <label htmlFor={id}>Version</label>
      <select id={id} value={value ?? ""} onChange={(event) => onChange(event.target.value || undefined)}>
        <option value="">Best available</option>
        {done.map((job) => (
          <option key={job.id} value={job.id}>
            {targetLabel[job.target]}
          </option>
        ))}
      </select>
    </div>
  );
}

export default function MediaItem() {
  const { id = "" } = useParams();
  const session = useSession();
  const [jobId, setJobId] = useState<string | undefined>();
  const media = useQuery({ queryKey: keys.item(id), queryFn: () => fetchMedia(id) });

  if (media.isPending)
    return (
      <main id="main" className="page">
        <Skeleton rows={8} label="Loading the media item" />
      </main>
    );
  if (media.isError)
    return (
      <main id="main" className="page">
        <h1>Media</h1>
        <Problem error={media.error} onRetry={() => void media.refetch()} />
        <p>
          <Link to="/media">Back to my media</Link>
        </p>
      </main>
    );

  const item = media.data;
  const mine = session?.user.id === item.ownerId;
  const facts = [
    item.kind === "audio" ? "Audio" : "Video",
    item.durationSeconds ? clock(item.durationSeconds) : null,
    item.width && item.height ? `${item.width}×${item.height}` : null,
    bytes(item.sizeBytes),
    `added ${when(item.createdAt)}`,
  ].filter(Boolean);
  return (
    <main id="main" className="page media-item">
      <p>
        <Link to={mine ? "/media" : "/shared"}>{mine ? "← My media" : "← Shared with me"}</Link>
      </p>
      <h1>{item.title}</h1>
      <p className="hint">
        {item.filename} · {facts.join(" · ")}
      </p>
      {item.description && <p className="description">{item.description}</p>}
      <div className="media-layout">
        <div className="media-main">
          <MediaPlayer key={jobId ?? "best"} media={item} jobId={jobId} />
          <VersionPicker media={item} value={jobId} onChange={setJobId} />
          <Conversions media={item} canManage={mine} />
        </div>
        {mine && (
          <div className="media-side">
            <EditDetails key={item.id} media={item} />
            <SharePanel media={item} jobId={jobId} />
          </div>
        )}
      </div>
    </main>
  );
}
