import { useQuery } from "@tanstack/react-query";
import { Problem } from "../components/Problem";
import { dayKey, relativeDay, startOfDay } from "./days";
import { boxOfficeKeys, type Showtime, upcomingShowtimes } from "./queries";
import { ShowtimeLink } from "./ShowtimeLink";
import "./box-office.css";

/** Showtimes by the person's own day, in order. */
function byDay(showtimes: Showtime[]) {
  const days = new Map<string, Showtime[]>();
  for (const showtime of showtimes) {
    const key = dayKey(new Date(showtime.startsAt));
    days.set(key, [...(days.get(key) ?? []), showtime]);
  }
  return [...days.entries()];
}

/** A movie's upcoming showtimes on its page, by day, each a link to its seat picker; nothing when there are none. */
export function MovieShowtimes({ movieId }: { movieId: string }) {
  const showtimes = useQuery({ queryKey: boxOfficeKeys.movie(movieId), queryFn: () => upcomingShowtimes(movieId) });
  if (showtimes.isPending || (showtimes.data && showtimes.data.length === 0)) return null;
  return (
    <section className="movie-showtimes" aria-labelledby="movie-showtimes-heading">
      <h2 id="movie-showtimes-heading">Showtimes</h2>
      {showtimes.isError ? (
        <Problem error={showtimes.error} onRetry={() => showtimes.refetch()} />
      ) : (
        byDay(showtimes.data).map(([key, list]) => {
          const day = startOfDay(key) ?? new Date(list[0].startsAt);
          return (
            <div key={key} className="movie-showtimes-day">
              <h3>{relativeDay(day)}</h3>
              <ul className="showtime-list">
                {list.map((showtime) => (
                  <li key={showtime.id}>
                    <ShowtimeLink showtime={showtime} />
                  </li>
                ))}
              </ul>
            </div>
          );
        })
      )}
    </section>
  );
}
