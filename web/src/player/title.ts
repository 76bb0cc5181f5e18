import { useQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import { ok } from "../api/problem";
import type { WatchTarget } from "./progress";

export const watchKinds = ["movie", "episode", "media"] as const;
export type WatchKind = (typeof watchKinds)[number];

export const isWatchKind = (kind: string | undefined): kind is WatchKind => watchKinds.includes(kind as WatchKind);

/** What plays, as the player names it, where "Back" goes, and what comes after it. */
export interface WatchTitle {
  title: string;
  backTo: string;
  next: { id: string; label: string } | null;
}

export const targetOf = (kind: WatchKind, id: string): WatchTarget =>
  kind === "movie" ? { movieId: id } : kind === "episode" ? { episodeId: id } : { mediaId: id };

const episodeLabel = (e: { seasonNumber: number; number: number; title: string }) =>
  `S${e.seasonNumber}:E${e.number} · ${e.title}`;

async function episodeTitle(id: string): Promise<WatchTitle> {
  const episode = await ok(api.episodes[":id"].$get({ param: { id } }));
  const series = await ok(api.series[":id"].$get({ param: { id: episode.seriesId } }));
  // The series' running order: seasons by number, episodes by number within each.
  const order = [...series.seasons]
    .sort((a, b) => a.number - b.number)
    .flatMap((season) => [...season.episodes].sort((a, b) => a.number - b.number));
  const after = order[order.findIndex((e) => e.id === id) + 1];
  return {
    title: `${series.title} · ${episodeLabel(episode)}`,
    backTo: `/series/${episode.seriesId}`,
    next: order.some((e) => e.id === id) && after ? { id: after.id, label: episodeLabel(after) } : null,
  };
}

async function loadTitle(kind: WatchKind, id: string): Promise<WatchTitle> {
  if (kind === "episode") return episodeTitle(id);
  if (kind === "movie") {
    const movie = await ok(api.movies[":id"].$get({ param: { id } }));
    return { title: movie.title, backTo: `/movies/${id}`, next: null };
  }
  const media = await ok(api.media[":id"].$get({ param: { id } }));
  return { title: media.title || media.filename, backTo: `/media/${id}`, next: null };
}

/** Where "Back" goes before the title has loaded (an episode's series is not known yet). */
export const fallbackBack = (kind: WatchKind, id: string) =>
  kind === "movie" ? `/movies/${id}` : kind === "media" ? `/media/${id}` : "/";

export const useWatchTitle = (kind: WatchKind, id: string) =>
  useQuery({ queryKey: ["player", "title", kind, id], queryFn: () => loadTitle(kind, id) });
