import type { api } from "../api/client";
import type { OkBody } from "../api/problem";

/** What the API says about a movie, series, episode or media item in a list (its ItemSummary). */
export type ItemSummary = OkBody<Awaited<ReturnType<typeof api.me.favorites.$get>>>["items"][number]["item"];

/** The page of the thing itself: a title page, or the media item's page. */
export function itemPage(item: ItemSummary): string {
  if (item.type === "movie") return `/movies/${item.id}`;
  if (item.type === "series") return `/series/${item.id}`;
  if (item.type === "episode") return item.seriesId ? `/series/${item.seriesId}` : `/watch/episode/${item.id}`;
  return `/media/${item.id}`;
}

/** The player, for what can be played (a series cannot: its episodes can). */
export function itemPlayer(item: ItemSummary): string {
  return item.type === "series" ? itemPage(item) : `/watch/${item.type}/${item.id}`;
}

/** "S1 · E3" for an episode, "Series", "Movie", "Your video" for the rest. */
export function itemKind(item: ItemSummary): string {
  if (item.type === "episode") return episodeLabel(item) ?? "Episode";
  return { movie: "Movie", series: "Series", media: "Video" }[item.type];
}

/** The title to show and announce, even when the thing has gone. */
export const itemTitle = (item: ItemSummary) => item.title ?? "No longer available";

/** The query naming this item for the API's `?movieId=` / `seriesId=` / `episodeId=` / `mediaId=`. */
export const itemQuery = (item: ItemSummary) => ({ [`${item.type}Id`]: item.id }) as Record<`${ItemSummary["type"]}Id`, string>;

/** "S1 · E3" for an episode (or anything with a season and an episode number). */
export function episodeLabel(item: { seasonNumber?: number | null; episodeNumber?: number | null }) {
  return item.seasonNumber && item.episodeNumber ? `S${item.seasonNumber} · E${item.episodeNumber}` : undefined;
}
