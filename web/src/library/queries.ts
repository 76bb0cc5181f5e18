import { useInfiniteQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import { ok } from "../api/problem";
import { useProfileId } from "../api/session";

/**
 * Query keys. The first element is shared with the other pages that read the same data (home's
 * continue watching, the title page's favourite and playlist buttons), so invalidating
 * ["history"], ["favorites"] or ["playlists"] refreshes every reader.
 */
export const libraryKeys = {
  history: (profileId: string | null) => ["history", profileId, "pages"] as const,
  favorites: (profileId: string | null) => ["favorites", profileId, "pages"] as const,
  playlists: ["playlists", "mine"] as const,
  playlist: (id: string) => ["playlists", id] as const,
  playlistItems: (id: string) => ["playlists", id, "items"] as const,
};

const PAGE = "24";
const nextPage = (last: { nextCursor: string | null }) => last.nextCursor ?? undefined;

/** The profile's history, most recent first, a page at a time. */
export function useHistoryPages() {
  const profileId = useProfileId() ?? undefined;
  return useInfiniteQuery({
    queryKey: libraryKeys.history(profileId ?? null),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => ok(api.me.history.$get({ query: { profileId, limit: PAGE, cursor: pageParam } })),
    getNextPageParam: nextPage,
  });
}

/** The profile's favourites (My list), newest first, a page at a time. */
export function useFavoritePages() {
  const profileId = useProfileId() ?? undefined;
  return useInfiniteQuery({
    queryKey: libraryKeys.favorites(profileId ?? null),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => ok(api.me.favorites.$get({ query: { profileId, limit: PAGE, cursor: pageParam } })),
    getNextPageParam: nextPage,
  });
}

/** The account's playlists, newest first, a page at a time. */
export function usePlaylistPages() {
  return useInfiniteQuery({
    queryKey: libraryKeys.playlists,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => ok(api.playlists.$get({ query: { limit: PAGE, cursor: pageParam } })),
    getNextPageParam: nextPage,
  });
}
