import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../api/client";
import { ok } from "../api/problem";
import { useProfileId } from "../api/session";
import { Problem, Skeleton } from "../components/Problem";
import { clock, when } from "../lib/format";
import { type ItemSummary, itemKind, itemPlayer, itemTitle } from "../lib/items";
import { ItemGrid } from "../library/ItemGrid";
import { LibraryNav } from "../library/LibraryNav";
import { LoadMore } from "../library/LoadMore";
import { useHistoryPages } from "../library/queries";

type HistoryQuery = { movieId?: string; episodeId?: string; mediaId?: string };

/** What the profile watched, most recent first; resume any of it, or remove it from history. */
export default function History() {
  const profileId = useProfileId() ?? undefined;
  const queryClient = useQueryClient();
  const history = useHistoryPages();
  const [said, setSaid] = useState("");
  const remove = useMutation({
    mutationFn: (item: ItemSummary) =>
      ok(api.me.history.$delete({ query: { [`${item.type}Id`]: item.id, profileId } as HistoryQuery })),
    onSuccess: (_, item) => {
      setSaid(`Removed ${itemTitle(item)} from your history.`);
      // Home's continue watching and the recommendations read the same history.
      void queryClient.invalidateQueries({ queryKey: ["recommendations"] });
      return queryClient.invalidateQueries({ queryKey: ["history"] });
    },
  });
  const entries = history.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <main id="main" className="page">
      <LibraryNav />
      <h1>History</h1>
      <p role="status">{said}</p>
      {remove.isError && <Problem error={remove.error} />}
      {history.isPending && <Skeleton rows={4} label="Loading your history" />}
      {history.isError && <Problem error={history.error} onRetry={() => history.refetch()} />}
      {history.isSuccess && entries.length === 0 && (
        <p className="library-empty">
          Nothing watched yet on this profile. <Link to="/">Find something to watch</Link>.
        </p>
      )}
      {entries.length > 0 && (
        <ItemGrid
          label="Watched"
          entries={entries.map((entry) => ({
            key: `${entry.item.type}:${entry.item.id}`,
            item: entry.item,
            to: itemPlayer(entry.item),
            progress: entry.progress,
            subtitle: `${itemKind(entry.item)} · ${
              entry.completed ? "Watched" : `Stopped at ${clock(entry.positionSeconds)}`
            } · ${when(entry.updatedAt)}`,
            actions: (
              <button
                type="button"
                onClick={() => remove.mutate(entry.item)}
                disabled={remove.isPending && remove.variables === entry.item}
                aria-label={`Remove from history: ${itemTitle(entry.item)}`}
              >
                Remove from history
              </button>
            ),
          }))}
        />
      )}
      <LoadMore hasMore={history.hasNextPage} loading={history.isFetchingNextPage} onMore={() => history.fetchNextPage()} />
    </main>
  );
}
