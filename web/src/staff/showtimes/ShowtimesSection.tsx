import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { Link, Route, Routes, useLocation, useSearchParams } from "react-router";
import { Problem, Skeleton } from "../../components/Problem";
import { DataTable } from "../DataTable";
import { fetchTheaters, theaterKeys } from "../theaters/queries";
import { addDays, clockTime, dayName, localDay, type Showtime, useDayShowtimes } from "./days";
import { NewShowtime } from "./NewShowtime";
import { ShowtimeDetail, statusLabel, useSales } from "./ShowtimeDetail";
import "./showtimes.css";

/** `/staff/showtimes/*`: a day's schedule, a new showtime, one showtime (sales, cancel). */
export default function ShowtimesSection() {
  return (
    <Routes>
      <Route index element={<ShowtimeDay />} />
      <Route path="new" element={<NewShowtime />} />
      <Route path=":id" element={<ShowtimeDetail />} />
    </Routes>
  );
}

function ShowtimeDay() {
  const [params, setParams] = useSearchParams();
  const today = localDay();
  const day = /^\d{4}-\d{2}-\d{2}$/.test(params.get("day") ?? "") ? (params.get("day") as string) : today;
  const showtimes = useDayShowtimes(day);
  const theaters = useQuery({ queryKey: theaterKeys.all, queryFn: fetchTheaters });
  const capacity = new Map(theaters.data?.map((t) => [t.id, t.seatCount]));
  const dayField = useId();
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  const go = (next: string) => setParams(next === today ? {} : { day: next }, { replace: true });

  return (
    <section aria-labelledby="showtimes-heading">
      <h1 id="showtimes-heading">Showtimes</h1>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      <p>
        <Link to={`new?day=${day}`} className="button primary">
          New showtime
        </Link>
      </p>
      <div className="showtime-days">
        <button type="button" onClick={() => go(addDays(day, -1))}>
          <span aria-hidden="true">←</span> Previous day
        </button>
        <div className="field">
          <label htmlFor={dayField}>Day</label>
          <input id={dayField} type="date" value={day} onChange={(event) => event.target.value && go(event.target.value)} />
        </div>
        <button type="button" onClick={() => go(addDays(day, 1))}>
          Next day <span aria-hidden="true">→</span>
        </button>
        {day !== today && (
          <button type="button" className="link-button" onClick={() => go(today)}>
            Today
          </button>
        )}
      </div>
      <h2>
        {dayName(day)}
        {day === today && " (today)"}
      </h2>
      {showtimes.isPending && <Skeleton rows={4} label="Loading showtimes" />}
      {showtimes.isError && <Problem error={showtimes.error} onRetry={() => showtimes.refetch()} />}
      {showtimes.data?.length === 0 && <p>Nothing scheduled on this day.</p>}
      {showtimes.data && showtimes.data.length > 0 && (
        <DataTable
          label={`Showtimes on ${dayName(day)}`}
          caption={`Showtimes on ${dayName(day)}`}
          className="showtime-table"
          columns={["Time", "Movie", "Theater", "Status", "Sold"]}
        >
          {showtimes.data.map((showtime) => (
            <ShowtimeRow key={showtime.id} showtime={showtime} capacity={capacity.get(showtime.theaterId)} />
          ))}
        </DataTable>
      )}
    </section>
  );
}

function ShowtimeRow({ showtime, capacity }: { showtime: Showtime; capacity?: number }) {
  const sales = useSales(showtime.id);
  const started = Date.parse(showtime.startsAt) <= Date.now();
  return (
    <tr>
      <th scope="row">
        <Link to={showtime.id} aria-label={`${clockTime(showtime.startsAt)}, ${showtime.movieTitle}, ${showtime.theaterName}`}>
          {clockTime(showtime.startsAt)}
        </Link>
      </th>
      <td>{showtime.movieTitle}</td>
      <td>{showtime.theaterName}</td>
      <td>{showtime.status === "scheduled" && started ? "Started" : statusLabel(showtime.status)}</td>
      <td>
        {sales.isError ? "—" : sales.data ? `${sales.data.ticketsSold}${capacity !== undefined ? ` of ${capacity}` : ""}` : "…"}
      </td>
    </tr>
  );
}
