import { useInfiniteQuery } from "@tanstack/react-query";
import { useId } from "react";
import { Problem, Skeleton } from "../components/Problem";
import { when } from "../lib/format";
import { fetchVouchers, loyaltyKeys, points } from "./queries";

/** "My vouchers": every redemption, newest first, with its code and whether it was used. */
export function Vouchers() {
  const id = useId();
  const vouchers = useInfiniteQuery({
    queryKey: loyaltyKeys.vouchers,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => fetchVouchers(pageParam),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = vouchers.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="loyalty-vouchers" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>My vouchers</h2>
      {vouchers.isPending && <Skeleton rows={2} label="Loading your vouchers" />}
      {vouchers.isError && <Problem error={vouchers.error} onRetry={() => void vouchers.refetch()} />}
      {vouchers.isSuccess && items.length === 0 && <p>No vouchers yet. Redeem a reward to get one.</p>}
      {items.length > 0 && (
        <ul className="voucher-list">
          {items.map((voucher) => (
            <li key={voucher.id} className={`voucher ${voucher.status}`}>
              <span>
                <strong>{voucher.reward.name}</strong> <code className="voucher-code">{voucher.voucherCode}</code>
              </span>
              <span className="hint">
                {voucher.status === "used" && voucher.usedAt ? (
                  <>
                    Used <time dateTime={voucher.usedAt}>{when(voucher.usedAt)}</time>
                  </>
                ) : (
                  <>
                    Ready to use · {points(voucher.points)} points on{" "}
                    <time dateTime={voucher.createdAt}>{when(voucher.createdAt)}</time>
                  </>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
      {vouchers.hasNextPage && (
        <button type="button" onClick={() => void vouchers.fetchNextPage()} disabled={vouchers.isFetchingNextPage}>
          {vouchers.isFetchingNextPage ? "Loading more…" : "More vouchers"}
        </button>
      )}
    </section>
  );
}
