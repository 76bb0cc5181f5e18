import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { Link } from "react-router";
import { ApiError } from "../../api/problem";
import { useSession } from "../../api/session";
import { Problem, Skeleton } from "../../components/Problem";
import { when } from "../../lib/format";
import { OrderTickets } from "../../tickets/OrderTickets";
import { fetchAllTickets, isUnreachable, keys, type Ticket } from "../../tickets/queries";
import { savedTickets, saveTickets } from "../../tickets/saved";
import "../../tickets/tickets.css";

interface Group {
  orderId: string;
  tickets: Ticket[];
}

/** Tickets by order; upcoming showtimes first (soonest first), then past ones (latest first). */
function grouped(tickets: Ticket[], now: number) {
  const byOrder = new Map<string, Ticket[]>();
  for (const ticket of tickets) byOrder.set(ticket.orderId, [...(byOrder.get(ticket.orderId) ?? []), ticket]);
  const groups: Group[] = [...byOrder].map(([orderId, list]) => ({ orderId, tickets: list }));
  const starts = (g: Group) => g.tickets[0].showtime.startsAt;
  const upcoming = groups.filter((g) => Date.parse(g.tickets[0].showtime.endsAt) > now);
  const past = groups.filter((g) => Date.parse(g.tickets[0].showtime.endsAt) <= now);
  upcoming.sort((a, b) => starts(a).localeCompare(starts(b)));
  past.sort((a, b) => starts(b).localeCompare(starts(a)));
  return { upcoming, past };
}

/** `/tickets`: every ticket with its QR, kept on the device so it shows at the door without a connection. */
export default function Tickets() {
  const userId = useSession()?.user.id ?? "";
  const saved = useMemo(() => savedTickets(userId), [userId]);
  const tickets = useQuery({
    queryKey: keys.myTickets,
    queryFn: async () => {
      const all = await fetchAllTickets();
      saveTickets(userId, all);
      return all;
    },
    // The copy on the device shows at once, as stale: the API's answer replaces it.
    initialData: saved?.tickets,
    initialDataUpdatedAt: 0,
    // Offline is not cured by asking again at once: show the saved tickets instead.
    retry: (n, error) => n < 2 && !isUnreachable(error) && !(error instanceof ApiError && error.status < 500),
  });
  const offline = tickets.isError && isUnreachable(tickets.error) && tickets.data !== undefined;
  const { upcoming, past } = useMemo(() => grouped(tickets.data ?? [], Date.now()), [tickets.data]);

  return (
    <main id="main" className="page tickets-page">
      <h1>My tickets</h1>
      <p role="status" className={offline ? "notice" : undefined}>
        {offline
          ? `Offline — showing your saved tickets${saved ? ` (as of ${when(new Date(saved.savedAt).toISOString())})` : ""}.`
          : ""}
      </p>
      {tickets.isPending && <Skeleton rows={4} label="Loading your tickets" />}
      {tickets.isError && !offline && <Problem error={tickets.error} onRetry={() => void tickets.refetch()} />}
      {tickets.data && tickets.data.length === 0 && (
        <p>
          No tickets yet. <Link to="/cinema">See what's showing</Link>
        </p>
      )}
      {upcoming.length > 0 && (
        <section aria-labelledby="upcoming-heading">
          <h2 id="upcoming-heading">Upcoming</h2>
          {upcoming.map((group) => (
            <OrderTickets key={group.orderId} orderId={group.orderId} tickets={group.tickets} offline={offline} />
          ))}
        </section>
      )}
      {past.length > 0 && (
        <section aria-labelledby="past-heading">
          <h2 id="past-heading">Past</h2>
          {past.map((group) => (
            <OrderTickets key={group.orderId} orderId={group.orderId} tickets={group.tickets} offline={offline} />
          ))}
        </section>
      )}
    </main>
  );
}
