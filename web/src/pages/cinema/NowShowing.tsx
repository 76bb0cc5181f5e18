import { useQueries, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { Link, useSearchParams } from "react-router";
import { api } from "../../api/client";
import { ok } from "../../api/problem";
import { DateStrip } from "../../box-office/DateStrip";
import { dayKey, longDay, nextDays } from "../../box-office/days";
import { boxOfficeKeys, type Showtime, showtimesOn } from "../../box-office/queries";
import { ShowtimeLink } from "../../box-office/ShowtimeLink";
import { Problem, Skeleton } from "../../components/Problem";
import { keys } from "../browse/queries";
import "../../box-office/box-office.css";

/** Showtimes grouped by movie, movies in the order of their first showtime. */
function byMovie(showtimes: Showtime[]) {
  const movies = new Map<string, { movieId: string; title: string; showtimes: Showtime[] }>();
  for (const showtime of showtimes) {
    const movie = movies.get(showtime.movieId) ?? { movieId: showtime.movieId, title: showtime.movieTitle, showtimes: [] };
    movie.showtimes.push(showtime);
    movies.set(showtime.movieId, movie);
  }
  return [...movies.values()];
}

/** Now showing (/cinema): a day from the strip (`?date=`, the person's own day), its movies and their showtimes. */
export default function NowShowing() {
  const [params, setParams] = useSearchParams();
  const days = useMemo(() => nextDays(7), []);
  const day = days.find((d) => dayKey(d) === params.get("date")) ?? days[0];
  const key = dayKey(day);
  const showtimes = useQuery({ queryKey: boxOfficeKeys.day(key), queryFn: () => showtimesOn(day) });
  const movies = byMovie(showtimes.data ?? []);
  const details = useQueries({
    queries: movies.map((movie) => ({
      queryKey: keys.movie(movie.movieId),
      queryFn: () => ok(api.movies[":id"].$get({ param: { id: movie.movieId } })),
    })),
  });

  return (
    <main id="main" className="page now-showing">
      <h1>Now showing</h1>
      <DateStrip days={days} chosen={key} onChoose={(next) => setParams({ date: next }, { replace: true })} />
      <h2>{longDay(day)}</h2>
      {showtimes.isPending ? (
        <Skeleton rows={6} label="Loading the showtimes" />
      ) : showtimes.isError ? (
        <Problem error={showtimes.error} onRetry={() => showtimes.refetch()} />
      ) : movies.length === 0 ? (
        <p>Nothing is showing on {longDay(day)}. Try another day.</p>
      ) : (
        <ul className="showing-movies">
          {movies.map((movie, index) => {
            const posterUrl = details[index]?.data?.posterUrl;
            return (
              <li key={movie.movieId} className="showing-movie">
                <div className="showing-poster">
                  {posterUrl ? (
                    <img src={posterUrl} alt="" loading="lazy" />
                  ) : (
                    <span aria-hidden="true">{movie.title.slice(0, 1)}</span>
                  )}
                </div>
                <div>
                  <h3>
                    <Link to={`/movies/${movie.movieId}`}>{movie.title}</Link>
                  </h3>
                  <ul className="showtime-list" aria-label={`Showtimes of ${movie.title}`}>
                    {movie.showtimes.map((showtime) => (
                      <li key={showtime.id}>
                        <ShowtimeLink showtime={showtime} />
                      </li>
                    ))}
                  </ul>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </main>
  );
}
