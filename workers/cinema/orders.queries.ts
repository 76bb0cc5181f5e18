import { and, asc, desc, eq, lt, ne, or, sql } from "drizzle-orm";
import { type OrderSeat, orders, tickets } from "../db/schema";
import type { Db } from "../lib/context";
import { newId, nowIso } from "../lib/ids";
import type { CheckoutQuote } from "../loyalty/benefits";
import { releaseVoucher, spendVoucher } from "../loyalty/rewards.queries";

export type OrderRow = typeof orders.$inferSelect;

/** The order for (user, Idempotency-Key), created on first sight: a retry lands on the same order. */
export async function openOrder(
  db: Db,
  input: { userId: string; key: string; holdId: string; showtimeId: string },
): Promise<OrderRow> {
  await db
    .insert(orders)
    .values({
      id: newId(),
      userId: input.userId,
      idempotencyKey: input.key,
      holdId: input.holdId,
      showtimeId: input.showtimeId,
      status: "pending",
      createdAt: nowIso(),
    })
    .onConflictDoNothing();
  return (await db
    .select()
    .from(orders)
    .where(and(eq(orders.userId, input.userId), eq(orders.idempotencyKey, input.key)))
    .get()) as OrderRow;
}

export async function findOrder(db: Db, id: string) {
  return db.select().from(orders).where(eq(orders.id, id)).get();
}

/**
 * Prices the order after its loyalty benefits and, in the same batch, takes its voucher: the
 * voucher is marked used only while still issued (or already this order's), so of two orders
 * naming it one wins; `voucherTaken` says whether this one did.
 */
export async function priceOrder(
  db: Db,
  id: string,
  input: { userId: string; seats: OrderSeat[]; currency: string; quote: CheckoutQuote },
) {
  const { seats, currency, quote } = input;
  const priced = db
    .update(orders)
    .set({ seats, totalCents: quote.total, discountCents: quote.discount, voucherCode: quote.voucherCode, currency })
    .where(eq(orders.id, id))
    .returning();
  if (!quote.voucherCode) return { order: (await priced)[0], voucherTaken: false };
  const [[order], taken] = await db.batch([
    priced,
    spendVoucher(db, { userId: input.userId, code: quote.voucherCode, orderId: id, at: nowIso() }),
  ]);
  return { order, voucherTaken: taken.length > 0 };
}

/** A pending order fails; a voucher it had taken is given back in the same batch. */
export async function markOrderFailed(db: Db, id: string, reason: string) {
  await db.batch([
    db
      .update(orders)
      .set({ status: "failed", failureReason: reason })
      .where(and(eq(orders.id, id), eq(orders.status, "pending"))),
    releaseVoucher(db, id, sql`EXISTS (SELECT 1 FROM orders WHERE id = ${id} AND status = 'failed')`),
  ]);
}

/** A refunded order's voucher can be spent again. */
export async function releaseRefundedOrderVoucher(db: Db, id: string) {
  await releaseVoucher(db, id, sql`EXISTS (SELECT 1 FROM orders WHERE id = ${id} AND status = 'refunded')`);
}

export async function orderTickets(db: Db, orderId: string) {
  return db.select().from(tickets).where(eq(tickets.orderId, orderId)).orderBy(asc(tickets.seatLabel)).all();
}

export async function listUserOrders(db: Db, userId: string, limit: number, after?: [string, string]) {
  const cursor = after
    ? or(lt(orders.createdAt, after[0]), and(eq(orders.createdAt, after[0]), lt(orders.id, after[1])))
    : undefined;
  return db
    .select()
    .from(orders)
    .where(and(eq(orders.userId, userId), ne(orders.status, "failed"), cursor))
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(limit + 1)
    .all();
}

/** Paid orders of a showtime, and any whose refund was interrupted. */
export async function refundableOrders(db: Db, showtimeId: string) {
  return db
    .select()
    .from(orders)
    .where(and(eq(orders.showtimeId, showtimeId), or(eq(orders.status, "paid"), eq(orders.status, "refunding"))))
    .all();
}

export async function pendingOrders(db: Db, showtimeId: string) {
  return db
    .select()
    .from(orders)
    .where(and(eq(orders.showtimeId, showtimeId), eq(orders.status, "pending")))
    .all();
}

/**
 * A showtime's sales in one read: paid orders (an interrupted refund still counts, as
 * cancelling would refund it), their valid tickets and how many were checked in, refunded
 * orders, and the money the paid ones hold (refunds left out), in cents.
 */
export async function showtimeSales(db: Db, showtimeId: string) {
  const paid = sql`${orders.status} IN ('paid', 'refunding')`;
  const [orderTotals, ticketTotals] = await db.batch([
    db
      .select({
        paidOrders: sql<number>`COUNT(CASE WHEN ${paid} THEN 1 END)`,
        refundedOrders: sql<number>`COUNT(CASE WHEN ${orders.status} = 'refunded' THEN 1 END)`,
        gross: sql<number>`COALESCE(SUM(CASE WHEN ${paid} THEN ${orders.totalCents} END), 0)`,
      })
      .from(orders)
      .where(eq(orders.showtimeId, showtimeId)),
    db
      .select({
        ticketsSold: sql<number>`COUNT(*)`,
        checkedIn: sql<number>`COUNT(${tickets.checkedInAt})`,
      })
      .from(tickets)
      .where(and(eq(tickets.showtimeId, showtimeId), eq(tickets.status, "valid"))),
  ]);
  return { ...orderTotals[0], ...ticketTotals[0] };
}
