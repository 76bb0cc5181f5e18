import { api } from "../../api/client";
import { ok } from "../../api/problem";

export type SearchType = "" | "movie" | "series" | "episode" | "person";
export interface Filters {
  q: string;
  type: SearchType;
  genre: string;
  year: string;
  person: string;
}

/** One result as the page lists it. */
export interface Result {
  key: string;
  to: string;
  title: string;
  imageUrl: string | null;
  kind: string;
  detail?: string;
}

const LIMIT = "100";
const KIND = { movie: "Movie", series: "Series", episode: "Episode", person: "Person" } as const;

/** The ids of the titles in a genre (the search endpoint does not filter by genre itself). */
async function titlesInGenre(genre: string) {
  const query = { genre, limit: LIMIT };
  const [movies, series] = await Promise.all([ok(api.movies.$get({ query })), ok(api.series.$get({ query }))]);
  return new Set([...movies.items, ...series.items].map((t) => t.id));
}

async function searchText({ q, type, genre, year }: Filters, signal: AbortSignal): Promise<Result[]> {
  const [page, inGenre] = await Promise.all([
    ok(api.search.$get({ query: { q, limit: LIMIT, ...(type ? { type } : {}) } }, { init: { signal } })),
    genre ? titlesInGenre(genre) : null,
  ]);
  return page.items
    .filter((hit) => !year || hit.releaseYear === Number(year))
    .filter((hit) => !inGenre || inGenre.has(hit.type === "episode" ? (hit.seriesId ?? "") : hit.id))
    .map((hit) => ({
      key: `${hit.type}-${hit.id}`,
      to:
        hit.type === "person"
          ? `/search?person=${hit.id}`
          : hit.type === "episode"
            ? `/series/${hit.seriesId}`
            : `/${hit.type === "movie" ? "movies" : "series"}/${hit.id}`,
      title: hit.title,
      imageUrl: hit.imageUrl,
      kind: KIND[hit.type],
      detail:
        hit.type === "episode" && hit.seasonNumber && hit.episodeNumber
          ? `Season ${hit.seasonNumber}, episode ${hit.episodeNumber}`
          : hit.releaseYear
            ? String(hit.releaseYear)
            : undefined,
    }));
}

/** Without words, the filters browse the catalog: movies and series by genre, year or cast member. */
async function browse({ type, genre, year, person }: Filters): Promise<Result[]> {
  const query = {
    limit: LIMIT,
    sort: "popular" as const,
    ...(genre && { genre }),
    ...(year && { year }),
    ...(person && { person }),
  };
  const [movies, series] = await Promise.all([
    type === "" || type === "movie" ? ok(api.movies.$get({ query })) : null,
    type === "" || type === "series" ? ok(api.series.$get({ query })) : null,
  ]);
  const rows = (
    kind: "movie" | "series",
    items: { id: string; title: string; posterUrl: string | null; releaseYear: number | null }[],
  ) =>
    items.map((t) => ({
      key: `${kind}-${t.id}`,
      to: `/${kind === "movie" ? "movies" : "series"}/${t.id}`,
      title: t.title,
      imageUrl: t.posterUrl,
      kind: KIND[kind],
      detail: t.releaseYear ? String(t.releaseYear) : undefined,
    }));
  return [...rows("movie", movies?.items ?? []), ...rows("series", series?.items ?? [])];
}

export const hasCriteria = (f: Filters) => Boolean(f.q || f.genre || f.year || f.person);

export const findResults = (filters: Filters, signal: AbortSignal) => (filters.q ? searchText(filters, signal) : browse(filters));
