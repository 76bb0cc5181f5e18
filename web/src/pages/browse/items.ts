/** The API's ItemSummary: a movie, series, episode or media item as engagement lists carry it. */
export interface Item {
  type: "movie" | "series" | "episode" | "media";
  id: string;
  title: string | null;
  posterUrl: string | null;
  seriesId?: string;
  seasonNumber?: number;
  episodeNumber?: number;
  available: boolean;
}

/** The page that shows an item: the title page, the series of an episode, or the media page. */
export function pageOf(item: Item): string {
  if (item.type === "movie") return `/movies/${item.id}`;
  if (item.type === "series") return `/series/${item.id}`;
  if (item.type === "episode") return item.seriesId ? `/series/${item.seriesId}` : `/watch/episode/${item.id}`;
  return `/media/${item.id}`;
}

/** The player for an item (the player reads the resume position itself). */
export function watchOf(item: Item): string {
  if (item.type === "movie" || item.type === "episode") return `/watch/${item.type}/${item.id}`;
  return pageOf(item);
}

export const nameOf = (item: Item) => item.title ?? "A title that is no longer available";

/** "S1 · E3" for an episode. */
export function episodeLabel(item: { seasonNumber?: number | null; episodeNumber?: number | null }) {
  return item.seasonNumber && item.episodeNumber ? `S${item.seasonNumber} · E${item.episodeNumber}` : undefined;
}
