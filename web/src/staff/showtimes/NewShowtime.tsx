import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useDeferredValue, useId, useRef, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api } from "../../api/client";
import { ApiError, ok } from "../../api/problem";
import { Field, fieldError } from "../../components/Field";
import { Problem } from "../../components/Problem";
import { fetchTheaters, theaterKeys } from "../theaters/queries";
import { clockTime, localDay, localIso, showtimeKeys } from "./days";

type Movie = { id: string; title: string; releaseYear: number | null };

/** Movies by title, or the catalog search's best matches for what was typed. */
async function findMovies(text: string): Promise<Movie[]> {
  if (!text) return (await ok(api.movies.$get({ query: { limit: "100", sort: "title" } }))).items;
  const hits = await ok(api.search.$get({ query: { q: text, type: "movie", limit: "50" } }));
  return hits.items;
}

const cents = (units: string) => Math.round(Number(units) * 100);
const HOLD_DEFAULT = "480";

/** `/staff/showtimes/new`: schedule a movie in a theater; the API's overlap rule is shown at the time. */
export function NewShowtime() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [search, setSearch] = useState("");
  const typed = useDeferredValue(search.trim());
  const [movie, setMovie] = useState<Movie | null>(null);
  const [theaterId, setTheaterId] = useState("");
  const [day, setDay] = useState(params.get("day") ?? localDay());
  const [time, setTime] = useState("19:30");
  const [price, setPrice] = useState("10.00");
  const [extra, setExtra] = useState({ premium: "", wheelchair: "", companion: "" });
  const [hold, setHold] = useState(HOLD_DEFAULT);
  const movieField = useId();
  const theaterField = useId();
  const whenFields = useRef<HTMLDivElement>(null);

  const movies = useQuery({
    queryKey: ["staff", "movie-options", typed],
    queryFn: () => findMovies(typed),
    placeholderData: keepPreviousData,
  });
  const theaters = useQuery({ queryKey: theaterKeys.all, queryFn: fetchTheaters });
  const options = movie && !movies.data?.some((m) => m.id === movie.id) ? [movie, ...(movies.data ?? [])] : (movies.data ?? []);

  const create = useMutation({
    mutationFn: () => {
      const prices = Object.fromEntries(
        (Object.entries(extra) as [keyof typeof extra, string][])
          .filter(([, value]) => value.trim())
          .map(([k, v]) => [k, cents(v)]),
      );
      return ok(
        api.showtimes.$post({
          json: {
            movieId: movie?.id ?? "",
            theaterId,
            startsAt: localIso(day, time),
            price: cents(price),
            ...(Object.keys(prices).length ? { prices } : {}),
            holdTtlSeconds: Number(hold),
          },
        }),
      );
    },
    onError: (error) => {
      // The schedule's refusal is read where it belongs: the time field, which says it (its description).
      if (error instanceof ApiError && (error.status === 409 || error.status === 422))
        whenFields.current?.querySelector<HTMLInputElement>('input[type="time"]')?.focus();
    },
    onSuccess: (showtime) => {
      void queryClient.invalidateQueries({ queryKey: showtimeKeys.day(localDay(new Date(showtime.startsAt))) });
      queryClient.setQueryData(showtimeKeys.one(showtime.id), showtime);
      navigate(`/staff/showtimes/${showtime.id}`, {
        state: { notice: `Scheduled: ${showtime.movieTitle} at ${clockTime(showtime.startsAt)} in ${showtime.theaterName}.` },
      });
    },
  });

  // The schedule's refusals (overlap and cleaning buffer: 409; a time in the past: 422) belong to the time.
  const timeProblem =
    create.error instanceof ApiError && (create.error.status === 409 || create.error.status === 422)
      ? create.error.detail
      : fieldError(create.error, "startsAt");
  const otherProblem = create.isError && !timeProblem && !(create.error instanceof ApiError && create.error.errors.length);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };

  return (
    <section aria-labelledby="new-showtime-heading" className="new-showtime">
      <p>
        <Link to={`/staff/showtimes?day=${day}`}>All showtimes</Link>
      </p>
      <h1 id="new-showtime-heading">New showtime</h1>
      <form onSubmit={onSubmit}>
        <fieldset>
          <legend>Movie</legend>
          <Field
            label="Find a movie"
            type="search"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            hint="Type part of a title to narrow the list below."
          />
          <div className="field">
            <label htmlFor={movieField}>Movie</label>
            <select
              id={movieField}
              required
              value={movie?.id ?? ""}
              onChange={(event) => setMovie(options.find((m) => m.id === event.target.value) ?? null)}
              aria-invalid={fieldError(create.error, "movieId") ? true : undefined}
            >
              <option value="" disabled>
                {movies.isPending ? "Loading movies…" : options.length ? "Choose a movie" : "No movie matches"}
              </option>
              {options.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.title}
                  {m.releaseYear ? ` (${m.releaseYear})` : ""}
                </option>
              ))}
            </select>
            {movies.isError && <Problem error={movies.error} onRetry={() => movies.refetch()} />}
          </div>
        </fieldset>

        <div className="field">
          <label htmlFor={theaterField}>Theater</label>
          <select id={theaterField} required value={theaterId} onChange={(event) => setTheaterId(event.target.value)}>
            <option value="" disabled>
              {theaters.isPending ? "Loading theaters…" : "Choose a theater"}
            </option>
            {theaters.data?.map((theater) => (
              <option key={theater.id} value={theater.id}>
                {theater.name} ({theater.seatCount} seats)
              </option>
            ))}
          </select>
          {theaters.isError && <Problem error={theaters.error} onRetry={() => theaters.refetch()} />}
        </div>

        <div className="showtime-when" ref={whenFields}>
          <Field label="Date" type="date" required value={day} onChange={(event) => setDay(event.target.value)} />
          <Field
            label="Time"
            type="time"
            required
            value={time}
            onChange={(event) => setTime(event.target.value)}
            error={timeProblem}
            hint="Local time. The theater is then taken for the movie's runtime plus 15 minutes of cleaning."
          />
        </div>

        <fieldset>
          <legend>Prices per seat</legend>
          <Field
            label="Standard price"
            type="number"
            inputMode="decimal"
            min="0.50"
            max="1000"
            step="0.01"
            required
            value={price}
            onChange={(event) => setPrice(event.target.value)}
            error={fieldError(create.error, "price")}
            hint="In currency units, like 12.50; every kind left empty below costs this."
          />
          <div className="showtime-prices">
            {(["premium", "wheelchair", "companion"] as const).map((kind) => (
              <Field
                key={kind}
                label={`${kind[0].toUpperCase()}${kind.slice(1)} price (optional)`}
                type="number"
                inputMode="decimal"
                min="0.50"
                max="1000"
                step="0.01"
                value={extra[kind]}
                onChange={(event) => setExtra((prices) => ({ ...prices, [kind]: event.target.value }))}
                error={fieldError(create.error, `prices.${kind}`)}
              />
            ))}
          </div>
        </fieldset>

        <Field
          label="Hold time (seconds)"
          type="number"
          min="10"
          max="1800"
          step="1"
          required
          value={hold}
          onChange={(event) => setHold(event.target.value)}
          error={fieldError(create.error, "holdTtlSeconds")}
          hint="How long a buyer keeps chosen seats while paying: 10 to 1800 seconds (8 minutes is usual)."
        />

        {otherProblem && <Problem error={create.error} />}
        {create.error instanceof ApiError && create.error.errors.length > 0 && !timeProblem && (
          <p className="field-error" role="alert">
            {create.error.detail}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={create.isPending}>
            {create.isPending ? "Scheduling…" : "Schedule showtime"}
          </button>
        </div>
      </form>
    </section>
  );
}
