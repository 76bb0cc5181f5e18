import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import { ok } from "../../api/problem";
import { useProfileId } from "../../api/session";

/** Query keys shared with the pages that change the same data (invalidate by their first element). */
export const keys = {
  history: (profileId: string | null) => ["history", profileId] as const,
  favorites: (profileId: string | null) => ["favorites", profileId] as const,
  playlists: ["playlists"] as const,
  movie: (id: string) => ["movie", id] as const,
  series: (id: string) => ["series", id] as const,
  reviews: (movieId: string) => ["reviews", movieId] as const,
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
