import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../api/client";
import { type OkBody, ok } from "../api/problem";
import { libraryKeys } from "./queries";

export type PlaylistItem = OkBody<Awaited<ReturnType<(typeof api.playlists)[":id"]["items"]["$get"]>>>["items"][number];

/** Every item of a playlist, in order (a playlist holds at most 500, so all of it is read for reordering). */
async function allItems(id: string): Promise<PlaylistItem[]> {
  const items: PlaylistItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await ok(api.playlists[":id"].items.$get({ param: { id }, query: { limit: "100", cursor } }));
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

export const usePlaylistItems = (id: string) =>
  useQuery({ queryKey: libraryKeys.playlistItems(id), queryFn: () => allItems(id) });

/** `items` with the one at `from` moved to index `to`. */
export function moved<T>(items: readonly T[], from: number, to: number): T[] {
  const next = [...items];
  const [item] = next.splice(from, 1);
  next.splice(Math.max(0, Math.min(to, next.length)), 0, item);
  return next;
}

/**
 * Moves an item at once on screen, then on the server. Moves run one after another (one mutation
 * scope per playlist), so quick repeated moves reach the server in the order they were made; the
 * server's order is read again after the last one, or after a failure.
 */
export function useMoveItem(id: string) {
  const queryClient = useQueryClient();
  const key = libraryKeys.playlistItems(id);
  const mutationKey = ["playlists", id, "move"];
  return useMutation({
    mutationKey,
    scope: { id: `playlist-order-${id}` },
    mutationFn: ({ itemId, position }: { itemId: string; position: number }) =>
      ok(api.playlists[":id"].items.$patch({ param: { id }, json: { itemId, position } })),
    onMutate: async ({ itemId, position }) => {
      await queryClient.cancelQueries({ queryKey: key });
      queryClient.setQueryData<PlaylistItem[]>(key, (items) => {
        if (!items) return items;
        const from = items.findIndex((item) => item.id === itemId);
        return from < 0 ? items : moved(items, from, position);
      });
    },
    onSettled: (_data, error) => {
      // 1: this one is still counted while it settles.
      if (error || queryClient.isMutating({ mutationKey }) <= 1) return queryClient.invalidateQueries({ queryKey: key });
    },
  });
}

export function useRemoveItem(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (itemId: string) => ok(api.playlists[":id"].items[":itemId"].$delete({ param: { id, itemId } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["playlists"] }),
  });
}
