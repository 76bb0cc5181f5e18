import { useInfiniteQuery } from "@tanstack/react-query";
import { useId } from "react";
import { Problem, Skeleton } from "../components/Problem";
import { when } from "../lib/format";
import { entryKinds, fetchLedger, loyaltyKeys, signedPoints } from "./queries";

/** The points ledger, newest first, a page at a time. */
export function Ledger() {
  const id = useId();
  const ledger = useInfiniteQuery({
    queryKey: loyaltyKeys.ledger,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => fetchLedger(pageParam),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const entries = ledger.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="loyalty-ledger" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Points history</h2>
      {ledger.isPending && <Skeleton rows={4} label="Loading your points history" />}
      {ledger.isSuccess && entries.length === 0 && <p>No points yet. Buy a ticket or subscribe to start earning.</p>}
      {entries.length > 0 && (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1).
        <section className="table-scroll" aria-labelledby={`${id}-h`} tabIndex={0}>
          <table className="ledger-table">
            <thead>
              <tr>
                <th scope="col">What</th>
                <th scope="col" className="num">
                  Points
                </th>
                <th scope="col">Date</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <th scope="row">{entryKinds[entry.kind] ?? entry.kind}</th>
                  <td className={`num ${entry.points < 0 ? "minus" : "plus"}`}>{signedPoints(entry.points)}</td>
                  <td>
                    <time dateTime={entry.createdAt}>{when(entry.createdAt)}</time>
                  </td>
                  <td>{entry.reason ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {ledger.isError && (
        <Problem
          error={ledger.error}
          onRetry={() => void (ledger.isFetchNextPageError ? ledger.fetchNextPage() : ledger.refetch())}
        />
      )}
      {ledger.hasNextPage && !ledger.isFetchNextPageError && (
        <button type="button" onClick={() => void ledger.fetchNextPage()} disabled={ledger.isFetchingNextPage}>
          {ledger.isFetchingNextPage ? "Loading more…" : "Load more"}
        </button>
      )}
    </section>
  );
}
