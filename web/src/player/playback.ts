import { useQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import { ok } from "../api/problem";
import type { WatchKind } from "./title";

function signedUrl(kind: WatchKind, id: string) {
  const param = { id };
  if (kind === "movie") return ok(api.movies[":id"].playback.$get({ param }));
  if (kind === "episode") return ok(api.episodes[":id"].playback.$get({ param }));
  return ok(api.media[":id"].playback.$get({ param, query: {} }));
}

/**
 * A signed streaming URL for what plays. Never served from the cache: each opening (and each
 * expiry) asks for a fresh one, valid for the hour.
 */
export const usePlayback = (kind: WatchKind, id: string) =>
  useQuery({
    queryKey: ["player", "playback", kind, id],
    queryFn: () => signedUrl(kind, id),
    staleTime: 0,
    gcTime: 0,
    // A new URL reloads the stream: only the player itself decides when it needs one.
    refetchOnReconnect: false,
  });

/**
 * Where to start: `?t=` (seconds) when the address says, else where this profile stopped (its
 * history), else the beginning. History that cannot be read is no reason not to play: then 0.
 */
export function useStartPosition(kind: WatchKind, id: string, profileId: string, t: string | null) {
  const fromAddress = t !== null && Number.isFinite(Number(t)) ? Math.max(0, Number(t)) : null;
  const history = useQuery({
    queryKey: ["player", "resume", profileId, kind, id],
    queryFn: async () => {
      const page = await ok(api.me.history.$get({ query: { profileId, filter: "in_progress", limit: "100" } }));
      return page.items.find((entry) => entry.item.type === kind && entry.item.id === id)?.positionSeconds ?? 0;
    },
    enabled: fromAddress === null,
    staleTime: 0,
    gcTime: 0,
    retry: false,
    refetchOnReconnect: false,
  });
  if (fromAddress !== null) return { ready: true, position: fromAddress };
  return { ready: !history.isPending, position: history.data ?? 0 };
}
