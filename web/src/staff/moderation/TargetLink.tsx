import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../../api/client";
import { ok } from "../../api/problem";
import { fetchMedia, keys as mediaKeys } from "../../media/queries";
import { keys as titleKeys } from "../../pages/browse/queries";
import { useRole } from "../staff-role";
import type { QueuedComment } from "./queries";

const nouns: Record<QueuedComment["targetType"], string> = {
  movie: "movie",
  series: "series",
  episode: "episode",
  media: "media item",
};

/**
 * The title's name and page. Each kind is read with the same key and call as its own page reads it
 * (so the two share the cache); only the query of the comment's kind runs.
 */
function useTarget(type: QueuedComment["targetType"], id: string) {
  const movie = useQuery({
    queryKey: titleKeys.movie(id),
    queryFn: () => ok(api.movies[":id"].$get({ param: { id } })),
    enabled: type === "movie",
  });
  const series = useQuery({
    queryKey: titleKeys.series(id),
    queryFn: () => ok(api.series[":id"].$get({ param: { id } })),
    enabled: type === "series",
  });
  const episode = useQuery({
    queryKey: ["episode", id],
    queryFn: () => ok(api.episodes[":id"].$get({ param: { id } })),
    enabled: type === "episode",
  });
  // Only admins may read any media item; for a moderator a private one would be a 404, so it is not asked for.
  const { role } = useRole();
  const media = useQuery({
    queryKey: mediaKeys.item(id),
    queryFn: () => fetchMedia(id),
    enabled: type === "media" && role === "admin",
  });
  if (type === "movie") return { ...movie, target: movie.data && { title: movie.data.title, href: `/movies/${id}` } };
  if (type === "series") return { ...series, target: series.data && { title: series.data.title, href: `/series/${id}` } };
  if (type === "episode") {
    const e = episode.data;
    return { ...episode, target: e && { title: `${e.title} (S${e.seasonNumber} E${e.number})`, href: `/series/${e.seriesId}` } };
  }
  if (role !== "admin") return { isError: true, target: undefined };
  return { ...media, target: media.data && { title: media.data.title, href: `/media/${id}` } };
}

/** "on the movie <Nebula Rising>": the title a comment is on, linked to its page. */
export function TargetLink({ type, id }: { type: QueuedComment["targetType"]; id: string }) {
  const target = useTarget(type, id);
  const noun = nouns[type];
  if (target.isError) return <span>on a {noun} you cannot open</span>;
  if (!target.target) return <span className="hint">on a {noun}…</span>;
  return (
    <span>
      on the {noun} <Link to={target.target.href}>{target.target.title}</Link>
    </span>
  );
}
