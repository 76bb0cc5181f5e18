import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { Skeleton } from "../../components/Problem";
import { when } from "../../lib/format";
import { DataTable } from "../DataTable";
import { AdminsOnly } from "../users/AdminsOnly";
import { listTickets, statusLabels, type TicketFilters, type TicketStatus, ticketKeys, upcomingShowtimes } from "./queries";
import "./tickets.css";
import { LoadMore } from "../LoadMore";
import { TicketRow } from "./TicketRow";

/** The filters live in the address, so a link can open a showtime's or a person's tickets. */
function useFilters(): [TicketFilters, (change: Partial<TicketFilters>) => void] {
  const [params, setParams] = useSearchParams();
  const status = params.get("status") ?? "";
  const filters: TicketFilters = {
    showtimeId: params.get("showtimeId") ?? "",
    holder: params.get("holder") ?? "",
    status: status in statusLabels ? (status as TicketStatus) : "",
  };
  const change = (next: Partial<TicketFilters>) => {
    const merged = { ...filters, ...next };
    setParams(Object.fromEntries(Object.entries(merged).filter(([, value]) => value)), { replace: true });
  };
  return [filters, change];
}

function ShowtimeFilter({ id, value, onChange }: { id: string; value: string; onChange: (showtimeId: string) => void }) {
  const showtimes = useQuery({ queryKey: ["showtimes", "upcoming", "for-tickets"], queryFn: upcomingShowtimes });
  const options = showtimes.data?.items ?? [];
  return (
    <div className="field">
      <label htmlFor={id}>Showtime</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)} aria-busy={showtimes.isPending}>
        <option value="">Every showtime</option>
        {/* A past showtime opened by link is not among the upcoming ones: it stays choosable by its id. */}
        {value && !options.some((showtime) => showtime.id === value) && <option value={value}>Showtime {value}</option>}
        {options.map((showtime) => (
          <option key={showtime.id} value={showtime.id}>
            {showtime.movieTitle} · {showtime.theaterName} · {when(showtime.startsAt)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** `/staff/tickets` (admins): every ticket sold, by showtime, holder and status, a page at a time. */
function AllTickets() {
  const [filters, change] = useFilters();
  const [holder, setHolder] = useState(filters.holder);
  const id = useId();
  useEffect(() => setHolder(filters.holder), [filters.holder]);
  const results = useInfiniteQuery({
    queryKey: ticketKeys.list(filters),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => listTickets(filters, pageParam),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const tickets = results.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <h1>Tickets</h1>
      <search>
        <form
          className="ticket-filters"
          onSubmit={(event) => {
            event.preventDefault();
            change({ holder: holder.trim() });
          }}
        >
          <ShowtimeFilter id={`${id}-showtime`} value={filters.showtimeId} onChange={(showtimeId) => change({ showtimeId })} />
          <div className="field">
            <label htmlFor={`${id}-holder`}>Holder</label>
            <input
              id={`${id}-holder`}
              type="search"
              value={holder}
              onChange={(event) => setHolder(event.target.value)}
              aria-describedby={`${id}-holder-hint`}
              autoComplete="off"
              spellCheck={false}
            />
            <small id={`${id}-holder-hint`} className="hint">
              An email or an account id; press Enter.
            </small>
          </div>
          <div className="field">
            <label htmlFor={`${id}-status`}>Status</label>
            <select
              id={`${id}-status`}
              value={filters.status}
              onChange={(event) => change({ status: event.target.value as TicketStatus | "" })}
            >
              <option value="">Any status</option>
              {Object.entries(statusLabels).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">Filter</button>
        </form>
      </search>

      <h2 id={`${id}-results`} className="visually-hidden">
        Matching tickets
      </h2>
      <p role="status" className="hint">
        {results.isSuccess && !results.isPlaceholderData
          ? tickets.length === 0
            ? "No ticket matches."
            : `${tickets.length}${results.hasNextPage ? "+" : ""} ${tickets.length === 1 ? "ticket" : "tickets"} shown.`
          : ""}
      </p>
      {results.isPending ? (
        <Skeleton rows={5} label="Loading tickets" />
      ) : tickets.length > 0 ? (
        <DataTable
          labelledBy={`${id}-results`}
          busy={results.isFetching && !results.isFetchingNextPage}
          className="ticket-table"
          columns={["Ticket", "Showtime", "Seat", "Holder", "Price", "Status"]}
        >
          {tickets.map((ticket) => (
            <TicketRow
              key={ticket.code}
              ticket={ticket}
              holder={
                <td className="ticket-holder">
                  <Link to={`/staff/users/${ticket.holder.id}`}>{ticket.holder.name}</Link>
                  <span className="hint"> {ticket.holder.email}</span>
                </td>
              }
            />
          ))}
        </DataTable>
      ) : null}
      <LoadMore list={results} label="Load more tickets" className="more-tickets" />
    </>
  );
}

/** `/staff/tickets/*` (admins). */
export default function TicketsSection() {
  return (
    <AdminsOnly heading="Tickets">
      <AllTickets />
    </AdminsOnly>
  );
}
