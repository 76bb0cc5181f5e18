import { and, eq } from "drizzle-orm";
import { orders, tickets } from "../db/schema";
import type { Db } from "../lib/context";
import { isUniqueViolation } from "../lib/db";
import { newId, nowIso, randomToken } from "../lib/ids";
import { log } from "../lib/log";
import { findOrderPayment } from "../payments/payments.queries";
import { findOrder, markOrderFailed } from "./orders.queries";

export type TicketsOutcome = "written" | "already" | "seat_taken";

/**
 * Writes a paid order's tickets and marks it paid, in one batch. Safe to repeat: an order that
 * is already paid is left alone. `seat_taken` means D1's UNIQUE(showtime, seat) backstop
 * refused a seat sold to another order — the Durable Object should make that impossible.
 */
export async function writeTickets(db: Db, orderId: string): Promise<TicketsOutcome> {
  const order = await findOrder(db, orderId);
  if (!order) throw new Error(`order ${orderId} vanished`);
  if (order.status === "paid") return "already";
  const now = nowIso();
  try {
    await db.batch([
      db.insert(tickets).values(
        order.seats.map((seat) => ({
          id: newId(),
          code: randomToken(16),
          orderId,
          showtimeId: order.showtimeId,
          userId: order.userId,
          seatLabel: seat.label,
          seatKind: seat.kind,
          priceCents: seat.priceCents,
          createdAt: now,
        })),
      ),
      db
        .update(orders)
        .set({ status: "paid", paidAt: now })
        .where(and(eq(orders.id, orderId), eq(orders.status, "pending"))),
    ]);
    return "written";
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // Either a concurrent retry of this same order got there first, or the backstop fired.
    if ((await findOrder(db, orderId))?.status === "paid") return "already";
    log.error("ticket_backstop_fired", { orderId, showtimeId: order.showtimeId });
    return "seat_taken";
  }
}

/**
 * For the Durable Object's alarm when a checkout outlived its grace period: if the payment
 * went through, `sell` marks the seats sold and the tickets are written; otherwise report
 * whether the payment failed (`unpaid`) or its outcome is still unknown.
 */
export async function recoverPaidOrder(db: Db, orderId: string, sell: () => boolean): Promise<"paid" | "unpaid" | "unknown"> {
  const payment = await findOrderPayment(db, orderId);
  // An order a voucher paid for in full takes no payment: once priced, it only waits for its seats.
  const order = payment ? undefined : await findOrder(db, orderId);
  const free = order !== undefined && order.totalCents === 0 && order.seats.length > 0;
  if (!free && (!payment || payment.status === "failed" || payment.status === "refunded")) {
    await markOrderFailed(db, orderId, "payment_not_completed");
    return "unpaid";
  }
  if (payment?.status === "processing") return "unknown";
  if (!sell()) return "unknown";
  const outcome = await writeTickets(db, orderId);
  log.info("order_recovered", { orderId, outcome });
  return "paid";
}
