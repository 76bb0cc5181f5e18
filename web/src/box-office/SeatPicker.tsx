import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { Link, useNavigate } from "react-router";
import { api } from "../api/client";
import { ApiError, ok } from "../api/problem";
import { Problem, Skeleton } from "../components/Problem";
import { money } from "../lib/format";
import { longDay, timeOf } from "./days";
import { storedHold, storeHold } from "./hold-storage";
import { Legend } from "./Legend";
import { type Seat, useLiveSeats } from "./live-seats";
import { boxOfficeKeys, fetchHold, fetchShowtime, fetchTheater, type Showtime } from "./queries";
import { SeatList } from "./SeatList";
import { SeatMap, SeatPatterns } from "./SeatMap";
import { listLabels, shownState, sortLabels } from "./seats";
import "./box-office.css";

const MAX_SEATS = 10;
type Hold = { id: string; seats: string[] };
const LIVE_HOLD = new Set(["active", "paying"]);

/** The seat picker of one showtime: the page at /showtimes/:id. */
export function SeatPicker({ showtimeId }: { showtimeId: string }) {
  const showtime = useQuery({ queryKey: boxOfficeKeys.showtime(showtimeId), queryFn: () => fetchShowtime(showtimeId) });
  if (showtime.isPending) {
    return (
      <main id="main" className="page">
        <Skeleton rows={8} label="Loading the showtime" />
      </main>
    );
  }
  if (showtime.isError) {
    return (
      <main id="main" className="page">
        <h1>Showtime</h1>
        <Problem error={showtime.error} onRetry={() => showtime.refetch()} />
        <p>
          <Link to="/cinema">See what is showing</Link>
        </p>
      </main>
    );
  }
  return <Picker showtime={showtime.data} />;
}

function Picker({ showtime }: { showtime: Showtime }) {
  const navigate = useNavigate();
  const theater = useQuery({
    queryKey: boxOfficeKeys.theater(showtime.theaterId),
    queryFn: () => fetchTheater(showtime.theaterId),
  });
  const live = useLiveSeats(showtime.id);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [hold, setHoldState] = useState<Hold | null>(null);
  const [listView, setListView] = useState(false);
  const [message, setMessage] = useState("");
  const [count, setCount] = useState("2");
  /** Seats of a hold request in flight: their turning held is this person's own doing. */
  const pending = useRef<ReadonlySet<string>>(new Set());
  /** The hold whose seats the live map has shown held (only then can them turning free mean it ended). */
  const seenHeld = useRef<string | null>(null);
  const countId = useId();
  const cancelled = showtime.status === "cancelled" || live.cancelled;

  const setHold = (next: Hold | null) => {
    setHoldState(next);
    storeHold(showtime.id, next?.id ?? null);
  };

  // Back from checkout: the hold this tab made is shown as held for you, if the API says it still is.
  const storedId = useMemo(() => storedHold(showtime.id), [showtime.id]);
  const restored = useQuery({
    queryKey: boxOfficeKeys.hold(storedId ?? ""),
    queryFn: () => fetchHold(storedId ?? ""),
    enabled: storedId !== null,
    retry: false,
  });
  useEffect(() => {
    if (restored.data && LIVE_HOLD.has(restored.data.status)) setHoldState((now) => now ?? restored.data);
    else if (restored.data || restored.isError) storeHold(showtime.id, null);
  }, [restored.data, restored.isError, showtime.id]);

  // A cancelled showtime ends every hold and blocks every seat: nothing chosen is left, and the
  // notice says why (rather than "E7 was just taken" for each). Re-reading the showtime keeps it
  // cancelled after a reconnect, whose snapshot does not say so.
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!cancelled) return;
    setSelected(new Set());
    setHoldState(null);
    storeHold(showtime.id, null);
    setMessage("");
    if (live.cancelled) void queryClient.invalidateQueries({ queryKey: boxOfficeKeys.showtime(showtime.id) });
  }, [cancelled, live.cancelled, queryClient, showtime.id]);

  const seatList = useMemo(() => (live.seats ? [...live.seats.values()] : []), [live.seats]);
  const mine = useMemo(() => new Set(hold?.seats ?? []), [hold]);
  const stateOf = (seat: Seat) => shownState(seat, { selected, mine });

  // The live map moves under the person: a seat they picked that someone else takes leaves their
  // selection (and they are told); their own hold ending (expired, released elsewhere) frees it.
  useEffect(() => {
    if (!live.seats || cancelled) return;
    const seats = live.seats;
    const taken = [...selected].filter((label) => {
      const state = seats.get(label)?.state;
      return state !== "available" && !pending.current.has(label) && !mine.has(label);
    });
    if (taken.length > 0) {
      setSelected((now) => new Set([...now].filter((label) => !taken.includes(label))));
      setMessage(`${listLabels(sortLabels(taken))} ${taken.length > 1 ? "were" : "was"} just taken.`);
    }
    if (hold) {
      const states = hold.seats.map((label) => seats.get(label)?.state);
      if (states.every((s) => s === "held")) seenHeld.current = hold.id;
      else if (seenHeld.current === hold.id && states.every((s) => s !== "held")) {
        // Sold is the hold paid for (in checkout, maybe another tab); free again is the hold over.
        setHold(null);
        if (states.every((s) => s === "available")) setMessage(`Your hold on ${listLabels(sortLabels(hold.seats))} has ended.`);
      }
    }
  });

  const holdSeats = useMutation({
    mutationFn: (seats: string[]) => ok(api.showtimes[":id"].holds.$post({ param: { id: showtime.id }, json: { seats } })),
    onMutate: (seats) => {
      pending.current = new Set(seats);
    },
    onSuccess: (made) => {
      setHold(made);
      navigate(`/checkout/${made.id}`);
    },
    onError: (error) => {
      pending.current = new Set();
      const gone = error instanceof ApiError && Array.isArray(error.body.seats) ? (error.body.seats as string[]) : [];
      if (gone.length) setSelected((now) => new Set([...now].filter((label) => !gone.includes(label))));
    },
  });

  const bestAvailable = useMutation({
    mutationFn: (n: number) => ok(api.showtimes[":id"].holds.$post({ param: { id: showtime.id }, json: { count: n } })),
    onSuccess: (made) => {
      setHold(made);
      setSelected(new Set());
      setMessage(`Held for you: ${listLabels(sortLabels(made.seats))}.`);
    },
  });

  const release = useMutation({
    mutationFn: (id: string) => ok(api.holds[":id"].$delete({ param: { id } })),
    onSuccess: () => {
      setHold(null);
      setMessage("Your seats are released.");
    },
  });

  const toggle = (seat: Seat) => {
    if (cancelled) return;
    const state = stateOf(seat);
    if (state === "held for you") {
      setMessage(`${seat.label} is held for you. Release your seats to change them.`);
      return;
    }
    if (state !== "available" && state !== "selected") return;
    holdSeats.reset();
    if (state === "available" && new Set([...mine, ...selected, seat.label]).size > MAX_SEATS) {
      // The API refuses a hold of more seats; saying so now beats a refusal after "Hold seats".
      setMessage(`A hold takes at most ${MAX_SEATS} seats.`);
      return;
    }
    setSelected((now) => {
      const next = new Set(now);
      if (next.has(seat.label)) next.delete(seat.label);
      else next.add(seat.label);
      return next;
    });
  };

  const chosen = sortLabels(new Set([...mine, ...selected]));
  const priceOf = (label: string) => {
    const seat = live.seats?.get(label);
    return seat ? showtime.prices[seat.kind] : 0;
  };
  const total = chosen.reduce((sum, label) => sum + priceOf(label), 0);
  const summary =
    chosen.length === 0
      ? "No seats chosen yet."
      : `${chosen.length} ${chosen.length === 1 ? "seat" : "seats"}: ${chosen.join(", ")} — ${money(total)}`;

  const onHoldSeats = () => {
    if (selected.size === 0) {
      setMessage(hold ? "Your seats are held: check out, or pick more seats first." : "Choose at least one seat first.");
      return;
    }
    setMessage("");
    holdSeats.mutate(chosen);
  };

  const startsAt = new Date(showtime.startsAt);
  return (
    <main id="main" className="page seat-picker">
      <SeatPatterns />
      <h1>{showtime.movieTitle}</h1>
      <p className="showtime-facts">
        <time dateTime={showtime.startsAt}>
          {longDay(startsAt)}, {timeOf(showtime.startsAt)}
        </time>{" "}
        · {showtime.theaterName} · <Link to={`/movies/${showtime.movieId}`}>About the movie</Link>
      </p>
      {cancelled && (
        <p className="notice" role="alert">
          This showtime has been cancelled, so its seats cannot be picked. Tickets bought for it are refunded.
        </p>
      )}
      <p role="status" className="connection">
        {live.connection === "reconnecting" ? "Reconnecting…" : ""}
      </p>

      <section aria-labelledby="seats-heading" className="seat-section">
        <div className="seat-section-head">
          <h2 id="seats-heading">Choose your seats</h2>
          <button type="button" aria-pressed={listView} onClick={() => setListView((on) => !on)}>
            List view
          </button>
        </div>
        <Legend />
        {!live.seats || theater.isPending ? (
          theater.isError ? (
            <Problem error={theater.error} onRetry={() => theater.refetch()} />
          ) : (
            <Skeleton rows={6} label="Loading the seats" />
          )
        ) : listView ? (
          <SeatList seats={seatList} prices={showtime.prices} stateOf={stateOf} locked={cancelled} onToggle={toggle} />
        ) : (
          <div className="seat-map-scroll">
            <SeatMap
              layout={theater.data?.layout.rows ?? []}
              seats={seatList}
              prices={showtime.prices}
              stateOf={stateOf}
              locked={cancelled}
              onToggle={toggle}
            />
          </div>
        )}
      </section>

      <section aria-labelledby="summary-heading" className="seat-summary">
        <h2 id="summary-heading">Your seats</h2>
        <p>{summary}</p>
        <p role="status">{message}</p>
        {holdSeats.isError && <Problem error={holdSeats.error} />}
        {release.isError && <Problem error={release.error} />}
        <div className="actions">
          <button type="button" className="primary" onClick={onHoldSeats} disabled={cancelled || holdSeats.isPending}>
            {holdSeats.isPending ? "Holding…" : "Hold seats"}
          </button>
          {hold && !cancelled && (
            <>
              <button type="button" className="primary" onClick={() => navigate(`/checkout/${hold.id}`)}>
                Check out
              </button>
              <button type="button" onClick={() => release.mutate(hold.id)} disabled={release.isPending}>
                Release seats
              </button>
            </>
          )}
        </div>
      </section>

      <section aria-labelledby="best-heading" className="best-available">
        <h2 id="best-heading">Let us choose</h2>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            setMessage("");
            bestAvailable.mutate(Number(count));
          }}
        >
          <div className="field">
            <label htmlFor={countId}>Number of seats</label>
            <input
              id={countId}
              type="number"
              inputMode="numeric"
              min={1}
              max={MAX_SEATS}
              required
              value={count}
              onChange={(event) => setCount(event.target.value)}
            />
          </div>
          <button type="submit" disabled={cancelled || bestAvailable.isPending}>
            Best available
          </button>
        </form>
        {bestAvailable.isError && <Problem error={bestAvailable.error} />}
      </section>
    </main>
  );
}
