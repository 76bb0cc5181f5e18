import type { UseInfiniteQueryResult } from "@tanstack/react-query";
import { Problem } from "../../components/Problem";

/** A log's error (first page or a later one) and its "Load more" button. */
export function LoadMore({ list, noun }: { list: UseInfiniteQueryResult<unknown>; noun: string }) {
  return (
    <>
      {list.isError && (
        <Problem error={list.error} onRetry={() => void (list.isFetchNextPageError ? list.fetchNextPage() : list.refetch())} />
      )}
      {list.hasNextPage && !list.isFetchNextPageError && (
        <button type="button" className="ops-more" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {list.isFetchingNextPage ? "Loading more…" : `Load more ${noun}`}
        </button>
      )}
    </>
  );
}
