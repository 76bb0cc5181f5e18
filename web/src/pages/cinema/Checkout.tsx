import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api } from "../../api/client";
import { ApiError, messageOf, ok } from "../../api/problem";
import { Problem, Skeleton } from "../../components/Problem";
import { money, seatName, when } from "../../lib/format";
import { Countdown, useRemaining } from "../../tickets/Countdown";
import { forgetKey } from "../../tickets/checkout-key";
import { PaymentForm } from "../../tickets/PaymentForm";
import { usePay } from "../../tickets/pay";
import { fetchHold, fetchSeats, fetchShowtime, findPaidOrder, type Hold, keys } from "../../tickets/queries";
import { useQuote } from "../../tickets/quote";
import { VoucherField } from "../../tickets/VoucherField";
import "../../tickets/tickets.css";

const ENDED: Record<string, string> = {
  expired: "Your hold expired and the seats were released",
  released: "Your hold was released and the seats are back on sale",
  replaced: "You held other seats for this showtime since, so this hold was released",
  cancelled: "This showtime was cancelled, so the hold was released",
};

const kindName: Record<string, string> = {
  standard: "Standard",
  premium: "Premium",
  wheelchair: "Wheelchair space",
  companion: "Companion seat",
};

const clockTime = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });

/** The seats of the hold with their kinds and prices, and the total. */
function useLines(hold: Hold) {
  const showtime = useQuery({ queryKey: keys.showtime(hold.showtimeId), queryFn: () => fetchShowtime(hold.showtimeId) });
  const seats = useQuery({ queryKey: keys.seats(hold.showtimeId), queryFn: () => fetchSeats(hold.showtimeId) });
  const lines =
    showtime.data && seats.data
      ? hold.seats.map((label) => {
          const kind = seats.data.seats.find((seat) => seat.label === label)?.kind ?? "standard";
          return { label, kind, price: showtime.data.prices[kind] };
        })
      : undefined;
  return { showtime, seats, lines, total: lines?.reduce((sum, line) => sum + line.price, 0) ?? 0 };
}

/** Paying for a hold that is still live, with its countdown, one extension and a way out. */
function CheckoutFor({ hold }: { hold: Hold }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { showtime, seats, lines, total } = useLines(hold);
  const remaining = useRemaining(hold.expiresAt);
  const { pay, paying, error } = usePay(hold.id, hold.showtimeId);
  const [voucherCode, setVoucherCode] = useState<string | null>(null);
  const priced = useQuote(hold.id, voucherCode);
  // What the API will charge (member discount and voucher taken off); the seats' sum until the quote is in.
  const due = priced.quote?.total ?? total;

  const lapsed = hold.status === "active" && remaining === 0 && !paying;
  const ended = lapsed ? ENDED.expired : ENDED[hold.status];

  // The clock ran out here: ask the API, which has the last word (and may already say "expired").
  useEffect(() => {
    if (lapsed) void queryClient.invalidateQueries({ queryKey: keys.hold(hold.id) });
  }, [lapsed, hold.id, queryClient]);
  useEffect(() => {
    if (ended) forgetKey(hold.id);
  }, [ended, hold.id]);

  // Paid already (in another tab, or just before a reload): straight to the order.
  const paid = useQuery({
    queryKey: [...keys.myOrders, "for-hold", hold.id],
    queryFn: () => findPaidOrder(hold),
    enabled: hold.status === "sold",
  });
  useEffect(() => {
    if (paid.data) {
      forgetKey(hold.id);
      navigate(`/orders/${paid.data.id}`, { replace: true });
    }
  }, [paid.data, hold.id, navigate]);

  const extend = useMutation({
    mutationFn: () => ok(api.holds[":id"].$patch({ param: { id: hold.id } })),
    onSuccess: (extended) => queryClient.setQueryData(keys.hold(hold.id), extended),
    onError: (failure) => {
      if (failure instanceof ApiError && failure.status === 410)
        void queryClient.invalidateQueries({ queryKey: keys.hold(hold.id) });
    },
  });
  const cancel = useMutation({
    mutationFn: () => ok(api.holds[":id"].$delete({ param: { id: hold.id } })),
    onSuccess: () => {
      forgetKey(hold.id);
      queryClient.removeQueries({ queryKey: keys.hold(hold.id) });
      void queryClient.invalidateQueries({ queryKey: keys.seats(hold.showtimeId) });
      navigate(`/showtimes/${hold.showtimeId}`);
    },
  });

  const movie = showtime.data?.movieTitle;
  return (
    <>
      <section className="checkout-summary" aria-labelledby="checkout-movie">
        {showtime.isPending && <Skeleton rows={3} label="Loading the showtime" />}
        {showtime.isError && <Problem error={showtime.error} onRetry={() => void showtime.refetch()} />}
        {showtime.data && (
          <>
            <h2 id="checkout-movie">{movie}</h2>
            <p className="checkout-when">
              <time dateTime={showtime.data.startsAt}>{when(showtime.data.startsAt)}</time> · {showtime.data.theaterName}
            </p>
          </>
        )}
        {seats.isError && <Problem error={seats.error} onRetry={() => void seats.refetch()} />}
        {lines && (
          <>
            <ul className="checkout-seats" aria-label="Your seats">
              {lines.map((line) => (
                <li key={line.label}>
                  <span>
                    {seatName(line.label)} <span className="hint">{kindName[line.kind] ?? line.kind}</span>
                  </span>
                  <span>{money(line.price)}</span>
                </li>
              ))}
            </ul>
            {priced.quote && priced.quote.discounts.length > 0 && (
              <ul className="checkout-discounts" aria-label="Discounts">
                <li>
                  <span>Subtotal</span>
                  <span>{money(priced.quote.subtotal)}</span>
                </li>
                {priced.quote.discounts.map((discount) => (
                  <li key={discount.label}>
                    <span>{discount.label}</span>
                    <span>−{money(discount.amount)}</span>
                  </li>
                ))}
              </ul>
            )}
            <p className="checkout-total">
              <span>Total</span> <strong>{money(due)}</strong>
            </p>
            {priced.baseError && <Problem error={priced.baseError} onRetry={priced.retryBase} />}
          </>
        )}
        {hold.status === "active" && (
          <VoucherField
            applied={voucherCode}
            checking={priced.checking}
            accepted={priced.voucherApplies}
            error={priced.voucherError}
            disabled={paying}
            onApply={setVoucherCode}
          />
        )}
      </section>

      {ended ? (
        <div className="hold-ended">
          <div className="problem" role="alert">
            <p>{ended}.</p>
          </div>
          <p className="actions">
            <Link className="button primary" to={`/showtimes/${hold.showtimeId}`}>
              Choose seats again
            </Link>
          </p>
        </div>
      ) : hold.status === "sold" ? (
        paid.isError ? (
          <Problem error={paid.error} onRetry={() => void paid.refetch()} />
        ) : (
          <p role="status">These seats are paid for. Opening your order…</p>
        )
      ) : (
        <>
          <section className="hold-box" aria-label="Your hold">
            {hold.status === "paying" && !paying ? (
              <p role="status">Your payment is being processed. This page updates when it is done.</p>
            ) : (
              <Countdown remainingMs={remaining} canExtend={!hold.extended} />
            )}
            <div className="actions">
              {!hold.extended && hold.status === "active" && (
                <button type="button" onClick={() => extend.mutate()} disabled={extend.isPending || paying}>
                  More time
                </button>
              )}
              {hold.status === "active" && (
                <button type="button" className="danger" onClick={() => cancel.mutate()} disabled={cancel.isPending || paying}>
                  Cancel
                </button>
              )}
            </div>
            <p role="status" className="hint">
              {extend.isSuccess ? `More time given: your seats are held until ${clockTime(hold.expiresAt)}.` : ""}
            </p>
            {extend.isError && <Problem error={extend.error} />}
            {cancel.isError && <Problem error={cancel.error} />}
          </section>

          {hold.status !== "paying" || paying ? (
            <section className="payment" aria-labelledby="payment-heading">
              <h2 id="payment-heading">Payment</h2>
              {error instanceof ApiError && error.status === 402 ? (
                <div className="problem" role="alert">
                  <p>{messageOf(error)}. Your seats are still held: try another card.</p>
                </div>
              ) : (
                error && <Problem error={error} />
              )}
              <PaymentForm
                holdId={hold.id}
                total={due}
                paying={paying || !lines}
                error={error}
                onPay={(order) => pay(priced.voucherApplies && voucherCode ? { ...order, voucherCode } : order)}
              />
            </section>
          ) : null}
        </>
      )}
    </>
  );
}

/** `/checkout/:holdId`: what is being bought, the time left to buy it, and paying once. */
export default function Checkout() {
  const { holdId = "" } = useParams();
  const hold = useQuery({
    queryKey: keys.hold(holdId),
    queryFn: () => fetchHold(holdId),
    // A payment under way (this checkout before a reload, or another tab) is followed until it settles.
    refetchInterval: (query) => (query.state.data?.status === "paying" ? 1500 : false),
  });
  return (
    <main id="main" className="page checkout">
      <h1>Checkout</h1>
      {hold.isPending && <Skeleton rows={5} label="Loading your hold" />}
      {hold.isError && (
        <>
          <Problem error={hold.error} onRetry={() => void hold.refetch()} />
          <p>
            <Link to="/cinema">Back to Now showing</Link>
          </p>
        </>
      )}
      {hold.data && <CheckoutFor hold={hold.data} />}
    </main>
  );
}
