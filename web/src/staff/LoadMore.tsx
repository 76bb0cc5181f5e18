import type { UseInfiniteQueryResult } from "@tanstack/react-query";
import { Problem } from "../components/Problem";

/**
 * A paged staff list's error (of the first page or a later one, with its retry) and its "load more" button.
 * @example <LoadMore list={results} label="Load more tickets" className="more-tickets" />
 */
export function LoadMore({
  list,
  label,
  className,
}: {
  list: UseInfiniteQueryResult<unknown>;
  label: string;
  className?: string;
}) {
  return (
    <>
      {list.isError && (
        <Problem error={list.error} onRetry={() => void (list.isFetchNextPageError ? list.fetchNextPage() : list.refetch())} />
      )}
      {list.hasNextPage && !list.isFetchNextPageError && (
        <button type="button" className={className} onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {list.isFetchingNextPage ? "Loading more…" : label}
        </button>
      )}
    </>
  );
}
