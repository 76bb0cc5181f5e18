import type { SeatPrices } from "../db/schema";
import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { decodeCursor, page } from "../lib/pagination";
import { cancelShowtime } from "./cancellation";
import { showtimeSales } from "./orders.queries";
import { canSchedule, showtimeEndsAt } from "./rules";
import { configOf, requireShowtime, requireShowtimeConfig, showtimeSeats } from "./seats";
import { findMovieRuntime, insertShowtime, listShowtimes, type ShowtimeRow } from "./showtimes.queries";
import * as routes from "./showtimes.routes";
import { findTheater } from "./theaters.queries";

export const toShowtime = (row: ShowtimeRow) => ({
  id: row.id,
  movieId: row.movieId,
  movieTitle: row.movieTitle,
  theaterId: row.theaterId,
  theaterName: row.theaterName,
  startsAt: row.startsAt,
  endsAt: row.endsAt,
  prices: row.prices,
  currency: row.currency,
  holdTtlSeconds: row.holdTtlSeconds,
  status: row.status,
  createdAt: row.createdAt,
});

export const showtimesRouter = createRouter()
  .openapi(routes.createShowtime, async (c) => {
    const db = c.get("db");
    const input = c.req.valid("json");
    const starts = new Date(input.startsAt);
    if (!canSchedule(starts.getTime(), Date.now())) throw new ApiError("unprocessable", "A showtime must start in the future");
    const [movie, theater] = await Promise.all([findMovieRuntime(db, input.movieId), findTheater(db, input.theaterId)]);
    if (!movie) throw new ApiError("not_found", "No such movie");
    if (!theater) throw new ApiError("not_found", "No such theater");
    const ends = new Date(showtimeEndsAt(starts.getTime(), movie.runtimeMinutes));
    const prices: SeatPrices = {
      standard: input.price,
      premium: input.prices?.premium ?? input.price,
      wheelchair: input.prices?.wheelchair ?? input.price,
      companion: input.prices?.companion ?? input.price,
    };
    const id = await insertShowtime(db, {
      movieId: input.movieId,
      theaterId: input.theaterId,
      startsAt: starts.toISOString(),
      endsAt: ends.toISOString(),
      prices,
      holdTtlSeconds: input.holdTtlSeconds,
    });
    if (!id) {
      // Deleted meanwhile: the insert refuses a deleted theater too, and that is no overlap.
      if (!(await findTheater(db, input.theaterId))) throw new ApiError("not_found", "No such theater");
      throw new ApiError("conflict", "Another showtime in this theater overlaps that time (cleaning buffer included)");
    }
    const showtime = await requireShowtime(db, id);
    await showtimeSeats(c.env, id).snapshot(configOf(showtime));
    return c.json(toShowtime(showtime), 201, { location: `/api/showtimes/${showtime.id}` });
  })
  .openapi(routes.listShowtimes, async (c) => {
    const { limit, cursor, movie, theater, date } = c.req.valid("query");
    const after = decodeCursor(cursor);
    const rows = await listShowtimes(c.get("db"), {
      movie,
      theater,
      date,
      limit,
      after: after ? [String(after[0]), String(after[1])] : undefined,
    });
    return c.json(
      page(rows, limit, (r) => [r.startsAt, r.id], toShowtime),
      200,
    );
  })
  .openapi(routes.getShowtime, async (c) => {
    return c.json(toShowtime(await requireShowtime(c.get("db"), c.req.valid("param").id)), 200);
  })
  .openapi(routes.getSeats, async (c) => {
    const config = await requireShowtimeConfig(c.get("db"), c.req.valid("param").id);
    const map = await showtimeSeats(c.env, config.showtimeId).snapshot(config);
    return c.json({ showtimeId: config.showtimeId, seq: map.seq, seats: map.seats }, 200);
  })
  .openapi(routes.cancelShowtime, async (c) => {
    const showtime = await requireShowtime(c.get("db"), c.req.valid("param").id);
    const refundedOrders = await cancelShowtime(c.env, c.executionCtx, c.get("db"), showtime);
    return c.json({ ...toShowtime(await requireShowtime(c.get("db"), showtime.id)), refundedOrders }, 200);
  })
  .openapi(routes.getShowtimeSales, async (c) => {
    const db = c.get("db");
    const showtime = await requireShowtime(db, c.req.valid("param").id);
    return c.json({ showtimeId: showtime.id, ...(await showtimeSales(db, showtime.id)), currency: showtime.currency }, 200);
  });
