import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../api/client";
import { ok } from "../api/problem";
import { useProfileId } from "../api/session";
import { Problem, Skeleton } from "../components/Problem";
import { type ItemSummary, itemPage, itemTitle } from "../lib/items";
import { ItemGrid } from "../library/ItemGrid";
import { LibraryNav } from "../library/LibraryNav";
import { LoadMore } from "../library/LoadMore";
import { useFavoritePages } from "../library/queries";

type FavoriteQuery = { movieId?: string; seriesId?: string; episodeId?: string };

/** My list: the profile's favourites, each with a way to take it off. */
export default function MyList() {
  const profileId = useProfileId() ?? undefined;
  const queryClient = useQueryClient();
  const favorites = useFavoritePages();
  const [said, setSaid] = useState("");
  const remove = useMutation({
    mutationFn: (item: ItemSummary) =>
      ok(api.me.favorites.$delete({ query: { [`${item.type}Id`]: item.id, profileId } as FavoriteQuery })),
    onSuccess: (_, item) => {
      setSaid(`Removed ${itemTitle(item)} from My list.`);
      return queryClient.invalidateQueries({ queryKey: ["favorites"] });
    },
  });
  const items = favorites.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <main id="main" className="page">
      <LibraryNav />
      <h1>My list</h1>
      <p role="status">{said}</p>
      {remove.isError && <Problem error={remove.error} />}
      {favorites.isPending && <Skeleton rows={4} label="Loading My list" />}
      {favorites.isError && <Problem error={favorites.error} onRetry={() => favorites.refetch()} />}
      {favorites.isSuccess && items.length === 0 && (
        <p className="library-empty">
          Nothing here yet. Add movies and series with “Add to My list” on their pages, or <Link to="/search">search</Link> for
          something to watch.
        </p>
      )}
      {items.length > 0 && (
        <ItemGrid
          label="My list"
          entries={items.map(({ item }) => ({
            key: `${item.type}:${item.id}`,
            item,
            to: itemPage(item),
            actions: (
              <button
                type="button"
                onClick={() => remove.mutate(item)}
                disabled={remove.isPending && remove.variables === item}
                aria-label={`Remove from My list: ${itemTitle(item)}`}
              >
                Remove
              </button>
            ),
          }))}
        />
      )}
      <LoadMore hasMore={favorites.hasNextPage} loading={favorites.isFetchingNextPage} onMore={() => favorites.fetchNextPage()} />
    </main>
  );
}
