import { useQuery } from "@tanstack/react-query";
import { useRef } from "react";
import { api } from "../api/client";
import { ok } from "../api/problem";
import type { WatchKind } from "./title";

/** What plays and, for a subscription title, the stream slot it holds (personal media hold none). */
export interface PlaybackAnswer {
  url: string;
  type: string;
  expiresAt: string;
  playbackId: string | null;
  heartbeatSeconds: number | null;
}

async function signedUrl(kind: WatchKind, id: string, playbackId: string | null): Promise<PlaybackAnswer> {
  const param = { id };
  // The slot this player holds already, so refreshing the URL keeps it instead of taking another.
  const query = playbackId ? { playbackId } : {};
  if (kind === "movie") return ok(api.movies[":id"].playback.$get({ param, query }));
  if (kind === "episode") return ok(api.episodes[":id"].playback.$get({ param, query }));
  const media = await ok(api.media[":id"].playback.$get({ param, query: {} }));
  return { ...media, playbackId: null, heartbeatSeconds: null };
}

/**
 * A signed streaming URL for what plays. Never served from the cache: each opening (and each
 * expiry) asks for a fresh one, valid for the hour at most.
 */
export function usePlayback(kind: WatchKind, id: string) {
  const slot = useRef<string | null>(null);
  return useQuery({
    queryKey: ["player", "playback", kind, id],
    queryFn: async () => {
      const answer = await signedUrl(kind, id, slot.current);
      slot.current = answer.playbackId;
      return answer;
    },
    staleTime: 0,
    gcTime: 0,
    // A new URL reloads the stream: only the player itself decides when it needs one.
    refetchOnReconnect: false,
  });
}

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
