import type { Db } from "../lib/context";
import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import * as routes from "./holds.routes";
import { requireShowtimeConfig, seatsProblem, showtimeSeats } from "./seats";
import { type HoldView, showtimeOfHold } from "./seats.contract";

const NOT_FOUND = "No such hold";

export const toHold = (hold: HoldView) => ({
  id: hold.id,
  showtimeId: hold.showtimeId,
  seats: hold.seats,
  status: hold.status,
  expiresAt: new Date(hold.expiresAt).toISOString(),
  extended: hold.extended,
  createdAt: new Date(hold.createdAt).toISOString(),
});

/** The hold's showtime and its seats object; an id that names no showtime is simply not found. */
async function holdContext(env: Env, db: Db, holdId: string) {
  const showtimeId = showtimeOfHold(holdId);
  if (!showtimeId) throw new ApiError("not_found", NOT_FOUND);
  return { config: await requireShowtimeConfig(db, showtimeId, NOT_FOUND), seats: showtimeSeats(env, showtimeId) };
}

export const holdsRouter = createRouter()
  .openapi(routes.createHold, async (c) => {
    const config = await requireShowtimeConfig(c.get("db"), c.req.valid("param").id);
    const body = c.req.valid("json");
    const request = body.seats ? { seats: body.seats } : { count: body.count as number };
    const result = await showtimeSeats(c.env, config.showtimeId).hold(config, c.get("auth"), request);
    if (!result.ok) throw seatsProblem(result);
    return c.json(toHold(result.hold), 201, { location: `/api/holds/${result.hold.id}` });
  })
  .openapi(routes.getHold, async (c) => {
    const { config, seats } = await holdContext(c.env, c.get("db"), c.req.valid("param").id);
    const hold = await seats.getHold(config, c.get("auth"), c.req.valid("param").id);
    if (!hold) throw new ApiError("not_found", NOT_FOUND);
    return c.json(toHold(hold), 200);
  })
  .openapi(routes.extendHold, async (c) => {
    const { config, seats } = await holdContext(c.env, c.get("db"), c.req.valid("param").id);
    const result = await seats.extend(config, c.get("auth"), c.req.valid("param").id);
    if (!result.ok) throw seatsProblem(result, NOT_FOUND);
    return c.json(toHold(result.hold), 200);
  })
  .openapi(routes.releaseHold, async (c) => {
    const { config, seats } = await holdContext(c.env, c.get("db"), c.req.valid("param").id);
    const result = await seats.release(config, c.get("auth"), c.req.valid("param").id);
    if (!result.ok) throw seatsProblem(result, NOT_FOUND);
    return c.body(null, 204);
  });
