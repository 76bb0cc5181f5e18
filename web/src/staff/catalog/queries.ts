import type { QueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { type OkBody, ok } from "../../api/problem";

export type Movie = OkBody<Awaited<ReturnType<(typeof api.movies)[":id"]["$get"]>>>;
export type Series = OkBody<Awaited<ReturnType<(typeof api.series)[":id"]["$get"]>>>;
export type Season = Series["seasons"][number];
export type Episode = OkBody<Awaited<ReturnType<(typeof api.episodes)[":id"]["$get"]>>>;
export type Person = OkBody<Awaited<ReturnType<(typeof api.people)[":id"]["$get"]>>>;
export type Character = OkBody<Awaited<ReturnType<(typeof api.characters)[":id"]["$get"]>>>;
export type Genre = OkBody<Awaited<ReturnType<(typeof api.genres)[":id"]["$get"]>>>;
export type CastMember = Movie["cast"][number];
export type TitleKind = "movie" | "series";

/** A row of a catalog list: what the list shows and where its edit page is. */
export interface Row {
  id: string;
  name: string;
  detail?: string;
  imageUrl?: string | null;
}
export type RowPage = { items: Row[]; nextCursor: string | null };

/**
 * Query keys. A title's detail shares its key with the public title page (`["movie", id]`,
 * `["series", id]`), so saving here refreshes that page too; lists start with "catalog".
 */
export const keys = {
  list: (what: string) => ["catalog", what] as const,
  movie: (id: string) => ["movie", id] as const,
  series: (id: string) => ["series", id] as const,
  episode: (id: string) => ["episode", id] as const,
  person: (id: string) => ["person", id] as const,
  character: (id: string) => ["character", id] as const,
  genres: ["genres"] as const,
  genre: (id: string) => ["genre", id] as const,
  charactersOf: (personId: string) => ["catalog", "characters", "of", personId] as const,
  myMedia: ["media", "mine", "catalog-picker"] as const,
};

export const PAGE = 20;

/** After any catalog write: every staff list, the public search and browse rows read fresh. */
export function catalogChanged(queryClient: QueryClient) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: ["catalog"] }),
    queryClient.invalidateQueries({ queryKey: ["search"] }),
    queryClient.invalidateQueries({ queryKey: ["genre-titles"] }),
    queryClient.invalidateQueries({ queryKey: ["new-releases"] }),
    queryClient.invalidateQueries({ queryKey: ["popular-movies"] }),
  ]);
}

const page = (cursor?: string) => ({ limit: String(PAGE), ...(cursor ? { cursor } : {}) });
const year = (y: number | null) => (y ? String(y) : undefined);

/** Movies or series: by title, or the search's best matches for `q`. */
export async function fetchTitles(kind: TitleKind, q: string, cursor?: string): Promise<RowPage> {
  if (q) {
    const found = await ok(api.search.$get({ query: { q, type: kind, ...page(cursor) } }));
    return {
      items: found.items.map((hit) => ({ id: hit.id, name: hit.title, detail: year(hit.releaseYear), imageUrl: hit.imageUrl })),
      nextCursor: found.nextCursor,
    };
  }
  const query = { sort: "title" as const, ...page(cursor) };
  const listed = kind === "movie" ? await ok(api.movies.$get({ query })) : await ok(api.series.$get({ query }));
  return {
    items: listed.items.map((title) => ({
      id: title.id,
      name: title.title,
      detail: year(title.releaseYear),
      imageUrl: title.posterUrl,
    })),
    nextCursor: listed.nextCursor,
  };
}

export async function fetchPeople(q: string, cursor?: string): Promise<RowPage> {
  const listed = await ok(api.people.$get({ query: { ...(q ? { q } : {}), ...page(cursor) } }));
  return {
    items: listed.items.map((person) => ({
      id: person.id,
      name: person.name,
      detail: person.birthDate ? `Born ${person.birthDate}` : undefined,
      imageUrl: person.photoUrl,
    })),
    nextCursor: listed.nextCursor,
  };
}

/** Characters by name, a hundred at a time (the API has no text filter for them: the list filters what it has). */
export async function fetchCharacters(cursor?: string): Promise<RowPage> {
  const listed = await ok(api.characters.$get({ query: { limit: "100", ...(cursor ? { cursor } : {}) } }));
  return {
    items: listed.items.map((character) => ({
      id: character.id,
      name: character.name,
      detail: `played by ${character.person.name}`,
    })),
    nextCursor: listed.nextCursor,
  };
}

/** Every genre (there are few; the API caps a page at 100). */
export const fetchGenres = () => ok(api.genres.$get({ query: { limit: "100" } }));

/** The image as a request body: the typed client has no input for binary bodies, so it goes in `init`. */
export const imageBody = (file: File) => ({ headers: { "content-type": file.type }, init: { body: file } });

/** A number typed in a field, or null when the field is empty (the API then says what it needs). */
export const numberOrNull = (text: string) => (text.trim() === "" ? null : Number(text));
