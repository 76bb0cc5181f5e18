import { recordEvent } from "../analytics/events";
import type { Db } from "../lib/context";
import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { holdTtlSecondsFor, quoteCheckout } from "../loyalty/benefits";
import * as routes from "./holds.routes";
import { requireShowtime, requireShowtimeConfig, seatsProblem, showtimeSeats } from "./seats";
import { type HoldView, type ShowtimeConfig, showtimeOfHold } from "./seats.contract";

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

/** The showtime's config with the caller's hold TTL: Silver and Gold members hold seats longer (loyalty/benefits.ts). */
async function withMemberTtl(db: Db, config: ShowtimeConfig, userId: string): Promise<ShowtimeConfig> {
  return { ...config, holdTtlSeconds: await holdTtlSecondsFor(db, userId, config.holdTtlSeconds) };
}

export const holdsRouter = createRouter()
  .openapi(routes.createHold, async (c) => {
    const db = c.get("db");
    const config = await withMemberTtl(db, await requireShowtimeConfig(db, c.req.valid("param").id), c.get("auth").userId);
    const body = c.req.valid("json");
    const request = body.seats ? { seats: body.seats } : { count: body.count as number };
    const result = await showtimeSeats(c.env, config.showtimeId).hold(config, c.get("auth"), request);
    if (!result.ok) throw seatsProblem(result);
    recordEvent(c.env, c.executionCtx, {
      type: "hold",
      userId: c.get("auth").userId,
      targetType: "showtime",
      targetId: config.showtimeId,
      props: { seats: result.hold.seats.length },
    });
    return c.json(toHold(result.hold), 201, { location: `/api/holds/${result.hold.id}` });
  })
  .openapi(routes.getHold, async (c) => {
    const { config, seats } = await holdContext(c.env, c.get("db"), c.req.valid("param").id);
    const hold = await seats.getHold(config, c.get("auth"), c.req.valid("param").id);
    if (!hold) throw new ApiError("not_found", NOT_FOUND);
    return c.json(toHold(hold), 200);
  })
  .openapi(routes.extendHold, async (c) => {
    const db = c.get("db");
    const { config, seats } = await holdContext(c.env, db, c.req.valid("param").id);
    const result = await seats.extend(
      await withMemberTtl(db, config, c.get("auth").userId),
      c.get("auth"),
      c.req.valid("param").id,
    );
    if (!result.ok) throw seatsProblem(result, NOT_FOUND);
    return c.json(toHold(result.hold), 200);
  })
  .openapi(routes.quoteHold, async (c) => {
    const db = c.get("db");
    const auth = c.get("auth");
    const holdId = c.req.valid("param").id;
    const { config, seats } = await holdContext(c.env, db, holdId);
    const hold = await seats.getHold(config, auth, holdId);
    if (!hold || hold.userId !== auth.userId) throw new ApiError("not_found", NOT_FOUND);
    const showtime = await requireShowtime(db, config.showtimeId, NOT_FOUND);
    const kinds = new Map((await seats.snapshot(config)).seats.map((seat) => [seat.label, seat.kind]));
    const prices = hold.seats.map((label) => showtime.prices[kinds.get(label) ?? "standard"]);
    const quote = await quoteCheckout(db, auth.userId, prices, c.req.valid("query").voucherCode);
    return c.json(
      {
        subtotal: quote.subtotal,
        discount: quote.discount,
        discounts: quote.discounts,
        total: quote.total,
        currency: showtime.currency,
      },
      200,
    );
  })
  .openapi(routes.releaseHold, async (c) => {
    const { config, seats } = await holdContext(c.env, c.get("db"), c.req.valid("param").id);
    const result = await seats.release(config, c.get("auth"), c.req.valid("param").id);
    if (!result.ok) throw seatsProblem(result, NOT_FOUND);
    return c.body(null, 204);
  });
