import type { Db } from "../lib/context";
import { ApiError } from "../lib/errors";
import { IsolateCache } from "../lib/isolate-cache";
import type { SeatsContract, SeatsFailure, ShowtimeConfig } from "./seats.contract";
import { findShowtime, type ShowtimeRow } from "./showtimes.queries";

/** The showtime's seats Durable Object: one per showtime, addressed by its id, reached through its contract. */
export function showtimeSeats(env: Env, showtimeId: string): DurableObjectStub<SeatsContract> {
  return env.SHOWTIME_SEATS.get(env.SHOWTIME_SEATS.idFromName(showtimeId));
}

export function configOf(showtime: ShowtimeRow): ShowtimeConfig {
  return {
    showtimeId: showtime.id,
    layout: showtime.layout,
    holdTtlSeconds: showtime.holdTtlSeconds,
    startsAtMs: Date.parse(showtime.startsAt),
  };
}

export async function requireShowtime(db: Db, id: string, notFound = "No such showtime"): Promise<ShowtimeRow> {
  const showtime = await findShowtime(db, id);
  if (!showtime) throw new ApiError("not_found", notFound);
  return showtime;
}

/**
 * Showtimes this isolate has read. What the seats object is told (layout, start, hold TTL) never
 * changes once a showtime exists (showtimes have no edit route, a theater's layout cannot change
 * while a showtime that has not ended uses it — theaters.queries.ts — and cancelling is the seats
 * object's own state), so holds, seat maps and live viewers of a showtime the isolate has seen skip the D1 read, which in
 * production is a round trip to the database's region. An id D1 does not know is still read, and
 * 404, every time, so no seats object is ever set up for it.
 */
const knownShowtimes = new IsolateCache<ShowtimeConfig>(512, 10 * 60_000);

/** The showtime's config for its seats object; 404 (`notFound`) when D1 has no such showtime. */
export async function requireShowtimeConfig(db: Db, id: string, notFound?: string): Promise<ShowtimeConfig> {
  return knownShowtimes.get(id) ?? knownShowtimes.set(id, configOf(await requireShowtime(db, id, notFound)));
}

export function seatsProblem(failure: SeatsFailure, notFound = "No such hold"): ApiError {
  switch (failure.error) {
    case "not_found":
      return new ApiError("not_found", notFound);
    case "closed":
      return new ApiError("conflict", failure.detail);
    case "unavailable":
      return new ApiError("conflict", `These seats are not available: ${failure.seats.join(", ")}`, { seats: failure.seats });
    case "unknown_seats":
      return new ApiError("unprocessable", `This theater has no seats ${failure.seats.join(", ")}`, { seats: failure.seats });
    case "too_many":
      return new ApiError("unprocessable", `A hold takes at most ${failure.max} seats`);
    case "no_block":
      return new ApiError("conflict", "No row has that many adjacent seats left; try fewer seats or pick them yourself");
    case "expired":
      return new ApiError("gone", "This hold has expired; hold the seats again");
    case "conflict":
      return new ApiError("conflict", failure.detail);
  }
}
