import { useQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import { ApiError, type OkBody, ok } from "../api/problem";

const quoteCall = (holdId: string, voucherCode?: string) =>
  api.holds[":id"].quote.$get({ param: { id: holdId }, query: voucherCode ? { voucherCode } : {} });
export type Quote = OkBody<Awaited<ReturnType<typeof quoteCall>>>;

export const quoteKey = (holdId: string, voucherCode: string | null) => ["hold", holdId, "quote", voucherCode ?? ""] as const;

/**
 * What the hold costs the person: the seats, the member discount (Gold's 10 %) and the voucher they
 * applied, as the API will charge it. A voucher the API refuses (used, unknown, someone else's) leaves
 * the quote without it, and its `detail` for the field.
 */
export function useQuote(holdId: string, voucherCode: string | null) {
  const base = useQuery({ queryKey: quoteKey(holdId, null), queryFn: () => ok(quoteCall(holdId)) });
  const withVoucher = useQuery({
    queryKey: quoteKey(holdId, voucherCode),
    queryFn: () => ok(quoteCall(holdId, voucherCode ?? undefined)),
    enabled: voucherCode !== null,
    retry: false,
  });
  const refused = voucherCode !== null && withVoucher.isError && withVoucher.error instanceof ApiError ? withVoucher.error : null;
  const quote = voucherCode !== null && withVoucher.data ? withVoucher.data : base.data;
  return {
    quote,
    /** The voucher applies: the order is sent with it. */
    voucherApplies: voucherCode !== null && withVoucher.isSuccess,
    checking: voucherCode !== null && withVoucher.isFetching,
    voucherError: refused ?? (voucherCode !== null && withVoucher.isError ? withVoucher.error : null),
    baseError: base.error,
    retryBase: () => void base.refetch(),
  };
}
