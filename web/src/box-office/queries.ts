import { api } from "../api/client";
import { ok } from "../api/problem";
import { isOnDay, utcDaysOf } from "./days";

/** Query keys of the box office pages (a hold changes seats, which the live socket keeps fresh). */
export const boxOfficeKeys = {
  day: (day: string) => ["showtimes", "day", day] as const,
  movie: (movieId: string) => ["showtimes", "movie", movieId] as const,
  showtime: (id: string) => ["showtime", id] as const,
  seats: (id: string) => ["showtime", id, "seats"] as const,
  theater: (id: string) => ["theater", id] as const,
  hold: (id: string) => ["hold", id] as const,
};

const PAGE = "100";
/** A day or a movie has a few dozen showtimes at most; this bounds a runaway cursor. */
const MAX_PAGES = 10;

async function allShowtimes(query: { date?: string; movie?: string }) {
  const page = await ok(api.showtimes.$get({ query: { ...query, limit: PAGE } }));
  const items = [...page.items];
  let cursor = page.nextCursor;
  for (let n = 1; cursor && n < MAX_PAGES; n++) {
    const next = await ok(api.showtimes.$get({ query: { ...query, limit: PAGE, cursor } }));
    items.push(...next.items);
    cursor = next.nextCursor;
  }
  return items;
}

export type Showtime = Awaited<ReturnType<typeof allShowtimes>>[number];

/** The showtimes starting on a local day that have not started yet, by start time. */
export async function showtimesOn(day: Date, now = Date.now()): Promise<Showtime[]> {
  const pages = await Promise.all(utcDaysOf(day).map((date) => allShowtimes({ date })));
  return pages
    .flat()
    .filter((s) => isOnDay(s.startsAt, day) && Date.parse(s.startsAt) > now)
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}

/** A movie's upcoming showtimes (the API lists those not started yet when no day is given). */
export const upcomingShowtimes = (movieId: string) => allShowtimes({ movie: movieId });

export const fetchHold = (id: string) => ok(api.holds[":id"].$get({ param: { id } }));
export const fetchShowtime = (id: string) => ok(api.showtimes[":id"].$get({ param: { id } }));
export const fetchSeats = (id: string) => ok(api.showtimes[":id"].seats.$get({ param: { id } }));
export const fetchTheater = (id: string) => ok(api.theaters[":id"].$get({ param: { id } }));

/** The lowest price of a showtime, in cents (the "from" price). */
export const lowestPrice = (showtime: Pick<Showtime, "prices">) => Math.min(...Object.values(showtime.prices));
