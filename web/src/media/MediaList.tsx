import { useInfiniteQuery } from "@tanstack/react-query";
import { Problem, Skeleton } from "../components/Problem";
import { MediaCard } from "./MediaCard";
import type { Media } from "./queries";

type Page = { items: Media[]; nextCursor: string | null };

/** A paged grid of media with its loading, empty and error states. */
export function MediaList({
  queryKey,
  fetchPage,
  label,
  empty,
  showConversions,
}: {
  queryKey: readonly unknown[];
  fetchPage: (cursor?: string) => Promise<Page>;
  label: string;
  empty: React.ReactNode;
  showConversions?: boolean;
}) {
  const list = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (list.isPending) return <Skeleton rows={4} label={`Loading ${label.toLowerCase()}`} />;
  // A failed next page keeps the pages already shown; only a failed first page replaces the list.
  if (!list.data) return <Problem error={list.error} onRetry={() => void list.refetch()} />;
  const items = list.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return <div className="empty">{empty}</div>;
  return (
    <>
      <ul className="media-grid" aria-label={label}>
        {items.map((media) => (
          <MediaCard key={media.id} media={media} showConversions={showConversions} />
        ))}
      </ul>
      {list.hasNextPage && (
        <div className="actions">
          <button type="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
            {list.isFetchingNextPage ? "Loading…" : "Show more"}
          </button>
        </div>
      )}
      {list.isFetchNextPageError && <Problem error={list.error} onRetry={() => void list.fetchNextPage()} />}
    </>
  );
}
