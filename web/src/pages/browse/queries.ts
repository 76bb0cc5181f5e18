import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import { ApiError, ok } from "../../api/problem";
import { useProfileId } from "../../api/session";

/** Query keys shared with the pages that change the same data (invalidate by their first element). */
export const keys = {
  history: (profileId: string | null) => ["history", profileId] as const,
  favorites: (profileId: string | null) => ["favorites", profileId] as const,
  playlists: ["playlists"] as const,
  movie: (id: string) => ["movie", id] as const,
  series: (id: string) => ["series", id] as const,
  reviews: (movieId: string) => ["reviews", movieId] as const,
  playback: (kind: "movie" | "episode", id: string) => ["playback", kind, id] as const,
};

const PAGE = "100";

/** The profile's history (most recent first): resume positions for continue watching and Play buttons. */
export function useHistory() {
  const profileId = useProfileId() ?? undefined;
  return useQuery({
    queryKey: keys.history(profileId ?? null),
    queryFn: () => ok(api.me.history.$get({ query: { profileId, limit: PAGE } })),
  });
}

export function useFavorites() {
  const profileId = useProfileId() ?? undefined;
  return useQuery({
    queryKey: keys.favorites(profileId ?? null),
    queryFn: () => ok(api.me.favorites.$get({ query: { profileId, limit: PAGE } })),
  });
}

export type Playability = { playable: true } | { playable: false; reason: string };

/**
 * Whether a movie or episode has something to play. The API answers 404 (no media) or 409
 * (still converting) with a detail that the page shows instead of a dead Play button.
 */
export function usePlayability(kind: "movie" | "episode", id: string | undefined) {
  return useQuery({
    queryKey: keys.playback(kind, id ?? ""),
    enabled: Boolean(id),
    retry: false,
    staleTime: 60_000,
    queryFn: async (): Promise<Playability> => {
      const param = { id: id ?? "" };
      try {
        await ok(kind === "movie" ? api.movies[":id"].playback.$get({ param }) : api.episodes[":id"].playback.$get({ param }));
        return { playable: true };
      } catch (error) {
        if (error instanceof ApiError && (error.status === 404 || error.status === 409)) {
          return { playable: false, reason: error.detail };
        }
        throw error;
      }
    },
  });
}
