import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Link, useLocation, useParams } from "react-router";
import { api } from "../../api/client";
import { ok } from "../../api/problem";
import { Problem, Skeleton } from "../../components/Problem";
import { money, when } from "../../lib/format";
import { clockTime, localDay, showtimeKeys } from "./days";

const statusLabels: Record<string, string> = { scheduled: "Scheduled", cancelled: "Cancelled", finished: "Finished" };
export const statusLabel = (status: string) => statusLabels[status] ?? status[0].toUpperCase() + status.slice(1);

/** The showtime's sales (admin): paid and refunded orders, tickets, check-ins, gross. */
export const useSales = (id: string) =>
  useQuery({ queryKey: showtimeKeys.sales(id), queryFn: () => ok(api.showtimes[":id"].sales.$get({ param: { id } })) });

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** `/staff/showtimes/:id`: what it is, how it sells, and cancelling it (every paid order refunded). */
export function ShowtimeDetail() {
  const { id = "" } = useParams();
  const queryClient = useQueryClient();
  const showtime = useQuery({ queryKey: showtimeKeys.one(id), queryFn: () => ok(api.showtimes[":id"].$get({ param: { id } })) });
  const sales = useSales(id);
  const [confirming, setConfirming] = useState(false);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const outcome = useRef<HTMLParagraphElement>(null);
  const notice = (useLocation().state as { notice?: string } | null)?.notice;

  const cancel = useMutation({
    mutationFn: () => ok(api.showtimes[":id"].cancel.$post({ param: { id } })),
    onSuccess: (result) => {
      const { refundedOrders: _, ...cancelled } = result;
      queryClient.setQueryData(showtimeKeys.one(id), cancelled);
      setConfirming(false);
      // The cancel section goes away with the button that had the focus: the result takes it.
      requestAnimationFrame(() => outcome.current?.focus());
      void queryClient.invalidateQueries({ queryKey: showtimeKeys.sales(id) });
      void queryClient.invalidateQueries({ queryKey: showtimeKeys.day(localDay(new Date(result.startsAt))) });
    },
  });

  if (showtime.isPending) return <Skeleton rows={6} label="Loading the showtime" />;
  if (showtime.isError)
    return (
      <section aria-labelledby="showtime-heading">
        <h1 id="showtime-heading">Showtime</h1>
        <Problem error={showtime.error} onRetry={() => showtime.refetch()} />
        <p>
          <Link to="/staff/showtimes">All showtimes</Link>
        </p>
      </section>
    );

  const s = showtime.data;
  const time = clockTime(s.startsAt);
  const day = localDay(new Date(s.startsAt));
  const extraPrices = (["premium", "wheelchair", "companion"] as const).filter((kind) => s.prices[kind] !== s.prices.standard);

  return (
    <section aria-labelledby="showtime-heading" className="showtime-detail">
      <p>
        <Link to={`/staff/showtimes?day=${day}`}>All showtimes that day</Link>
      </p>
      <h1 id="showtime-heading">
        {s.movieTitle}, {time}
      </h1>
      {notice && !cancel.data && <p className="notice">{notice}</p>}
      <dl className="showtime-facts">
        <dt>Status</dt>
        <dd>{statusLabel(s.status)}</dd>
        <dt>Theater</dt>
        <dd>{s.theaterName}</dd>
        <dt>Starts</dt>
        <dd>{when(s.startsAt)}</dd>
        <dt>Theater free again</dt>
        <dd>{when(s.endsAt)} (cleaning included)</dd>
        <dt>Price</dt>
        <dd>
          {money(s.prices.standard, s.currency)}
          {extraPrices.map((kind) => `; ${kind} ${money(s.prices[kind], s.currency)}`).join("")}
        </dd>
        <dt>Hold time</dt>
        <dd>{plural(s.holdTtlSeconds, "second")}</dd>
      </dl>

      <h2>Sales</h2>
      {sales.isPending && <Skeleton rows={2} label="Loading sales" />}
      {sales.isError && <Problem error={sales.error} onRetry={() => sales.refetch()} />}
      {sales.data && (
        <dl className="showtime-facts">
          <dt>Paid orders</dt>
          <dd>{sales.data.paidOrders}</dd>
          <dt>Tickets sold</dt>
          <dd>{sales.data.ticketsSold}</dd>
          <dt>Checked in</dt>
          <dd>{sales.data.checkedIn}</dd>
          <dt>Refunded orders</dt>
          <dd>{sales.data.refundedOrders}</dd>
          <dt>Gross</dt>
          <dd>{money(sales.data.gross, sales.data.currency)}</dd>
        </dl>
      )}

      <p role="status" className={cancel.data ? "notice" : undefined} ref={outcome} tabIndex={-1}>
        {cancel.data &&
          `The showtime is cancelled. ${plural(cancel.data.refundedOrders, "order")} ${cancel.data.refundedOrders === 1 ? "was" : "were"} refunded in full.`}
      </p>

      {s.status === "scheduled" && (
        <section aria-labelledby="cancel-heading" className="danger-zone">
          <h2 id="cancel-heading">Cancel this showtime</h2>
          {!confirming ? (
            <button ref={cancelButton} type="button" className="danger" onClick={() => setConfirming(true)}>
              Cancel showtime
            </button>
          ) : (
            <CancelConfirmation
              question={
                sales.data
                  ? `Cancel the ${time} showing of ${s.movieTitle}? ${
                      sales.data.paidOrders === 0
                        ? "No paid orders to refund."
                        : `${plural(sales.data.paidOrders, "paid order")} (${plural(sales.data.ticketsSold, "ticket")}) will be refunded in full.`
                    }`
                  : `Cancel the ${time} showing of ${s.movieTitle}? Every paid order will be refunded in full.`
              }
              pending={cancel.isPending}
              onConfirm={() => cancel.mutate()}
              onKeep={() => {
                setConfirming(false);
                cancel.reset();
                requestAnimationFrame(() => cancelButton.current?.focus());
              }}
            />
          )}
          {cancel.isError && <Problem error={cancel.error} />}
        </section>
      )}
    </section>
  );
}

function CancelConfirmation(props: { question: string; pending: boolean; onConfirm: () => void; onKeep: () => void }) {
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => confirm.current?.focus(), []);
  return (
    <div className="confirm">
      <p id="cancel-question">{props.question}</p>
      <p className="hint">Buyers are told, and their seats are released. This cannot be undone.</p>
      <div className="actions">
        <button type="button" className="danger" onClick={props.onConfirm} disabled={props.pending} ref={confirm}>
          {props.pending ? "Cancelling…" : "Cancel showtime and refund"}
        </button>
        <button type="button" onClick={props.onKeep}>
          Keep it
        </button>
      </div>
    </div>
  );
}
