import { useMutation, useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { Problem, Skeleton } from "../../components/Problem";
import { money, when } from "../../lib/format";
import { downloadCalendar } from "../../tickets/calendar";
import { fetchOrder, fetchShowtime, keys } from "../../tickets/queries";
import { TicketCard } from "../../tickets/TicketCard";
import "../../tickets/tickets.css";

const headingOf = (status: string, movie: string) =>
  status === "paid"
    ? `You're going to ${movie}`
    : status === "refunded" || status === "refunding"
      ? `Refunded: ${movie}`
      : `Your order for ${movie}`;

/** `/orders/:id`: the confirmation, with each ticket's QR, a calendar file and the way to My tickets. */
export default function Order() {
  const { id = "" } = useParams();
  const order = useQuery({ queryKey: keys.order(id), queryFn: () => fetchOrder(id) });
  const showtimeId = order.data?.showtimeId ?? "";
  const showtime = useQuery({
    queryKey: keys.showtime(showtimeId),
    queryFn: () => fetchShowtime(showtimeId),
    enabled: showtimeId !== "",
  });
  const calendar = useMutation({
    mutationFn: () => downloadCalendar(id, showtime.data?.movieTitle ?? "showtime"),
  });

  if (order.isError || showtime.isError) {
    const error = order.error ?? showtime.error;
    return (
      <main id="main" className="page order-page">
        <h1>Your order</h1>
        <Problem error={error} onRetry={() => void (order.isError ? order.refetch() : showtime.refetch())} />
        <p>
          <Link to="/tickets">My tickets</Link>
        </p>
      </main>
    );
  }
  if (!order.data || !showtime.data) {
    return (
      <main id="main" className="page order-page">
        <h1>Your order</h1>
        <Skeleton rows={6} label="Loading your order" />
      </main>
    );
  }
  const { data: paid } = order;
  const { data: show } = showtime;
  const kinds = new Map(paid.seats.map((seat) => [seat.label, seat.kind]));
  const ticketStatus = paid.status === "refunded" || paid.status === "refunding" ? "refunded" : "valid";
  return (
    <main id="main" className="page order-page">
      <h1>{headingOf(paid.status, show.movieTitle)}</h1>
      <p className="checkout-when">
        <time dateTime={show.startsAt}>{when(show.startsAt)}</time> · {show.theaterName} · {paid.tickets.length}{" "}
        {paid.tickets.length === 1 ? "ticket" : "tickets"} · {money(paid.total, paid.currency)}
      </p>
      {paid.discount > 0 && (
        <dl className="order-amounts" aria-label="What you paid">
          <dt>Subtotal</dt>
          <dd>{money(paid.subtotal, paid.currency)}</dd>
          <dt>Discounts</dt>
          <dd>−{money(paid.discount, paid.currency)}</dd>
          {paid.voucherCode && (
            <>
              <dt>Voucher</dt>
              <dd>{paid.voucherCode}</dd>
            </>
          )}
          <dt>Total</dt>
          <dd>
            <strong>{money(paid.total, paid.currency)}</strong>
          </dd>
        </dl>
      )}
      {paid.status === "paid" && <p>Show the QR codes at the door. They are kept on this device, so they work offline.</p>}
      <div className="actions">
        {paid.status === "paid" && (
          <button type="button" onClick={() => calendar.mutate()} disabled={calendar.isPending}>
            Add to calendar
          </button>
        )}
        <Link className="button" to="/tickets">
          My tickets
        </Link>
      </div>
      {calendar.isError && <Problem error={calendar.error} />}
      <h2>Your tickets</h2>
      {paid.tickets.length === 0 ? (
        <p>This order has no tickets ({paid.status}).</p>
      ) : (
        <ul className="ticket-list" aria-label="Tickets">
          {paid.tickets.map((ticket) => (
            <TicketCard
              key={ticket.code}
              code={ticket.code}
              seat={ticket.seat}
              kind={kinds.get(ticket.seat)}
              status={ticketStatus}
              startsAt={show.startsAt}
              theaterName={show.theaterName}
            />
          ))}
        </ul>
      )}
    </main>
  );
}
