import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { api } from "../api/client";
import { ok } from "../api/problem";
import { Problem } from "../components/Problem";
import { money, when } from "../lib/format";
import { keys, type Ticket } from "./queries";
import { TicketCard } from "./TicketCard";

const count = (n: number) => `${n} ${n === 1 ? "ticket" : "tickets"}`;

/**
 * One order's tickets under its showtime, with Refund (before the showtime starts, while
 * every ticket is still valid) behind a confirmation that names what goes back.
 */
export function OrderTickets({ orderId, tickets, offline }: { orderId: string; tickets: Ticket[]; offline: boolean }) {
  const queryClient = useQueryClient();
  const headingId = useId();
  const questionId = useId();
  const [confirming, setConfirming] = useState(false);
  const refundButton = useRef<HTMLButtonElement>(null);
  const keepButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  const { showtime } = tickets[0];
  const total = tickets.reduce((sum, t) => sum + t.price, 0);
  const refundable = Date.parse(showtime.startsAt) > Date.now() && tickets.every((t) => t.status === "valid" && !t.checkedInAt);

  const refund = useMutation({
    mutationFn: () => ok(api.orders[":id"].refund.$post({ param: { id: orderId } })),
    onSuccess: (order) => {
      setConfirming(false);
      queryClient.setQueryData(keys.order(order.id), order);
      void queryClient.invalidateQueries({ queryKey: keys.myOrders });
      return queryClient.invalidateQueries({ queryKey: keys.myTickets });
    },
  });

  useEffect(() => {
    if (confirming) keepButton.current?.focus();
    else if (returnFocus.current) {
      returnFocus.current = false;
      refundButton.current?.focus();
    }
  }, [confirming]);

  return (
    <section className="order-group" aria-labelledby={headingId}>
      <header>
        <div>
          <h3 id={headingId}>{showtime.movieTitle}</h3>
          <p className="checkout-when">
            <time dateTime={showtime.startsAt}>{when(showtime.startsAt)}</time> · {showtime.theaterName} · {count(tickets.length)}{" "}
            · {money(total)}
          </p>
        </div>
        {refundable && !confirming && (
          <button
            ref={refundButton}
            type="button"
            className="danger"
            aria-describedby={headingId}
            disabled={offline}
            onClick={() => {
              refund.reset();
              setConfirming(true);
            }}
          >
            Refund
          </button>
        )}
      </header>
      {confirming && (
        <div className="refund-confirm">
          <p id={questionId}>
            Refund {count(tickets.length)} for {money(total)}?
          </p>
          <p className="hint">The money goes back to the card you paid with and the seats go back on sale.</p>
          <div className="actions">
            <button
              type="button"
              className="danger"
              aria-describedby={questionId}
              onClick={() => refund.mutate()}
              disabled={refund.isPending}
            >
              Refund
            </button>
            <button
              ref={keepButton}
              type="button"
              aria-describedby={questionId}
              onClick={() => {
                returnFocus.current = true;
                setConfirming(false);
              }}
              disabled={refund.isPending}
            >
              Keep tickets
            </button>
          </div>
        </div>
      )}
      {refund.isError && <Problem error={refund.error} />}
      <p role="status">{refund.isSuccess ? `Refunded ${money(refund.data.total)} to your card.` : ""}</p>
      <ul className="ticket-list" aria-label={`Tickets for ${showtime.movieTitle}`}>
        {[...tickets]
          .sort((a, b) => a.seat.localeCompare(b.seat, undefined, { numeric: true }))
          .map((ticket) => (
            <TicketCard
              key={ticket.code}
              code={ticket.code}
              seat={ticket.seat}
              kind={ticket.kind}
              status={ticket.status}
              checkedInAt={ticket.checkedInAt}
              startsAt={showtime.startsAt}
              theaterName={showtime.theaterName}
              headingLevel={4}
            />
          ))}
      </ul>
    </section>
  );
}
