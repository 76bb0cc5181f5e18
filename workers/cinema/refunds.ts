import { and, eq, inArray, isNotNull, notExists } from "drizzle-orm";
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
    // A buyer's (or staff's) refund is refused once any ticket of the order was scanned at the
    // door: the seat was used. A box office refunds an order whole or not at all (there are no
    // partial refunds), so one ticket checked in of several refuses the whole order; staff can
    // still make a gesture another way. The condition is in the UPDATE itself, so a scan racing
    // the refund cannot slip between a check and the write; the door's check-in in turn needs a
    // paid order (tickets.queries.ts). A cancelled showtime is the cinema's fault: everyone is
    // refunded, scanned or not.
    const scanned = db
      .select({ id: tickets.id })
      .from(tickets)
      .where(and(eq(tickets.orderId, order.id), isNotNull(tickets.checkedInAt)));
    const started = await db
      .update(orders)
      .set({ status: "refunding" })
      .where(and(eq(orders.id, order.id), eq(orders.status, "paid"), reason === "requested" ? notExists(scanned) : undefined))
      .returning({ id: orders.id });
    if (started.length === 0 && reason === "requested") {
      const checkedIn = await db
        .select({ code: tickets.code, seat: tickets.seatLabel, checkedInAt: tickets.checkedInAt })
        .from(tickets)
        .where(and(eq(tickets.orderId, order.id), isNotNull(tickets.checkedInAt)))
        .all();
      if (checkedIn.length > 0) {
        const seats = checkedIn.map((t) => t.seat).join(", ");
        throw new ApiError(
          "conflict",
          `This order cannot be refunded: ${checkedIn.length === 1 ? "its ticket for seat" : "its tickets for seats"} ${seats} ${checkedIn.length === 1 ? "was" : "were"} already checked in (scanned by the door staff), so the seat was used`,
          { reason: "checked_in", checkedIn },
        );
      }
    }
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
