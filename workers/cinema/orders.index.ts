import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { idempotent } from "../lib/idempotency";
import { decodeCursor, page } from "../lib/pagination";
import { type Order, placeOrder, toOrder } from "./orders.flow";
import { findOrder, listUserOrders } from "./orders.queries";
import * as routes from "./orders.routes";
import { refundOrder } from "./refunds";
import { refundWindowOpen } from "./rules";
import { findShowtime } from "./showtimes.queries";

const NOT_FOUND = "No such order";

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
  });
