import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { idempotent } from "../lib/idempotency";
import { decodeCursor, page } from "../lib/pagination";
import { calendarFileName, orderCalendar } from "./calendar";
import { type Order, placeOrder, toOrder } from "./orders.flow";
import { findOrder, listUserOrders, orderTickets } from "./orders.queries";
import * as routes from "./orders.routes";
import { refundOrder } from "./refunds";
import { CLEANING_BUFFER_MINUTES, refundWindowOpen } from "./rules";
import { findShowtime } from "./showtimes.queries";

const NOT_FOUND = "No such order";
const isStaff = (role: string) => role === "admin" || role === "moderator";
const MINUTE_MS = 60_000;

export const ordersRouter = createRouter()
  .openapi(routes.createOrder, async (c) => {
    const db = c.get("db");
    const auth = c.get("auth");
    const key = c.req.valid("header")["idempotency-key"];
    const input = c.req.valid("json");
    const result = await idempotent<Order>(db, { userId: auth.userId, key: `order:${key}`, request: input }, async () => ({
      status: 201,
      body: await placeOrder(c.env, c.executionCtx, db, auth, key, input),
    }));
    if (result.replayed) c.header("idempotent-replayed", "true");
    return c.json(result.body, 201, { location: `/api/orders/${result.body.id}` });
  })
  .openapi(routes.getOrder, async (c) => {
    const auth = c.get("auth");
    const order = await findOrder(c.get("db"), c.req.valid("param").id);
    if (!order || (order.userId !== auth.userId && auth.role !== "admin")) throw new ApiError("not_found", NOT_FOUND);
    return c.json(await toOrder(c.get("db"), order), 200);
  })
  .openapi(routes.listMyOrders, async (c) => {
    const db = c.get("db");
    const { limit, cursor } = c.req.valid("query");
    const after = decodeCursor(cursor);
    const rows = await listUserOrders(db, c.get("auth").userId, limit, after ? [String(after[0]), String(after[1])] : undefined);
    const cut = page(
      rows,
      limit,
      (r) => [r.createdAt, r.id],
      (r) => r,
    );
    return c.json({ items: await Promise.all(cut.items.map((row) => toOrder(db, row))), nextCursor: cut.nextCursor }, 200);
  })
  .openapi(routes.refundOrder, async (c) => {
    const db = c.get("db");
    const auth = c.get("auth");
    const order = await findOrder(db, c.req.valid("param").id);
    if (!order || (order.userId !== auth.userId && auth.role !== "admin")) throw new ApiError("not_found", NOT_FOUND);
    const showtime = await findShowtime(db, order.showtimeId);
    if (order.status === "paid" && showtime && !refundWindowOpen(Date.parse(showtime.startsAt), Date.now())) {
      throw new ApiError("conflict", "Refunds close when the showtime starts");
    }
    const refunded = await refundOrder(c.env, c.executionCtx, db, order, "requested");
    return c.json(await toOrder(db, refunded), 200);
  })
  .openapi(routes.orderCalendar, async (c) => {
    const db = c.get("db");
    const auth = c.get("auth");
    const order = await findOrder(db, c.req.valid("param").id);
    if (!order || (order.userId !== auth.userId && !isStaff(auth.role))) throw new ApiError("not_found", NOT_FOUND);
    if (order.status === "pending" || order.status === "failed") {
      throw new ApiError("conflict", "This order was never paid, so it has no showtime to put in a calendar");
    }
    const showtime = await findShowtime(db, order.showtimeId);
    if (!showtime) throw new ApiError("not_found", NOT_FOUND);
    const tickets = await orderTickets(db, order.id);
    const body = orderCalendar({
      orderId: order.id,
      cancelled: order.status !== "paid",
      movieTitle: showtime.movieTitle,
      theaterName: showtime.theaterName,
      startsAt: showtime.startsAt,
      // The film ends before the theater is free again: leave the cleaning buffer out.
      endsAt: new Date(Date.parse(showtime.endsAt) - CLEANING_BUFFER_MINUTES * MINUTE_MS).toISOString(),
      tickets: tickets.map((t) => ({ seat: t.seatLabel, code: t.code })),
    });
    return c.body(body, 200, {
      "content-type": "text/calendar; charset=utf-8",
      "content-disposition": `attachment; filename="${calendarFileName(showtime.movieTitle, showtime.startsAt)}"`,
      "cache-control": "private, no-cache",
    });
  });
