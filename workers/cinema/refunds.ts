import { and, eq, inArray } from "drizzle-orm";
import { recordEvent } from "../analytics/events";
import { chargeRefunded } from "../billing/receipts";
import { orders, tickets } from "../db/schema";
import type { Db, WaitUntil } from "../lib/context";
import { ApiError } from "../lib/errors";
import { nowIso } from "../lib/ids";
import { notify } from "../notifications/notify";
import { refundPayment } from "../payments/payments.charge";
import { findOrderPayment } from "../payments/payments.queries";
import { findOrder, type OrderRow, releaseRefundedOrderVoucher } from "./orders.queries";
import { showtimeSeats } from "./seats";

/**
 * Refunds a paid order in full: the money back, the tickets void, the seats released in the
 * showtime's Durable Object (which shows it on the live map), and the buyer told. An order
 * whose refund was interrupted (`refunding`) is finished; a refunded one only re-releases its
 * seats, so a retry is harmless.
 */
export async function refundOrder(env: Env, ctx: WaitUntil, db: Db, order: OrderRow, reason: "requested" | "showtime_cancelled") {
  if (order.status !== "paid" && order.status !== "refunding" && order.status !== "refunded") {
    throw new ApiError("conflict", `Only a paid order can be refunded; this one is ${order.status}`);
  }
  if (order.status === "paid") {
    await db
      .update(orders)
      .set({ status: "refunding" })
      .where(and(eq(orders.id, order.id), eq(orders.status, "paid")));
  }
  let fresh = (await findOrder(db, order.id)) as OrderRow;
  if (fresh.status === "refunding") {
    const payment = await findOrderPayment(db, order.id);
    if (payment) {
      const refunded = await refundPayment(env, db, payment);
      await chargeRefunded(env, ctx, db, refunded, { key: `refund:${refunded.id}`, amountCents: refunded.amountCents });
    }
    const now = nowIso();
    await db.batch([
      db
        .update(orders)
        .set({ status: "refunded", refundedAt: now })
        .where(and(eq(orders.id, order.id), inArray(orders.status, ["refunding"]))),
      db.update(tickets).set({ status: "refunded" }).where(eq(tickets.orderId, order.id)),
    ]);
    fresh = (await findOrder(db, order.id)) as OrderRow;
    recordEvent(env, ctx, {
      type: "refund",
      userId: order.userId,
      targetType: "showtime",
      targetId: order.showtimeId,
      amountCents: order.totalCents,
      props: { orderId: order.id, reason },
    });
    await notify(env, ctx, order.userId, reason === "requested" ? "order_refunded" : "showtime_cancelled", {
      orderId: order.id,
      showtimeId: order.showtimeId,
      seats: order.seats.map((s) => s.label),
      amount: order.totalCents,
      currency: order.currency,
    });
  }
  // A refunded order gives its voucher back, whoever refunded it: the buyer can spend it on another showing.
  await releaseRefundedOrderVoucher(db, order.id);
  await showtimeSeats(env, order.showtimeId).releaseOrder(order.id);
  return fresh;
}
