import { recordEvent } from "../analytics/events";
import { chargeSucceeded } from "../billing/receipts";
import type { OrderSeat } from "../db/schema";
import type { Db, WaitUntil } from "../lib/context";
import { ApiError } from "../lib/errors";
import { log } from "../lib/log";
import { type CheckoutQuote, quoteCheckout } from "../loyalty/benefits";
import { notify } from "../notifications/notify";
import type { CardInput } from "../payments/cards";
import { declined, refundPayment, resolveSource, settlePayment } from "../payments/payments.charge";
import { findOrderPayment, openPayment, updatePayment } from "../payments/payments.queries";
import { writeTickets } from "./fulfilment";
import { findOrder, markOrderFailed, type OrderRow, openOrder, orderTickets, priceOrder } from "./orders.queries";
import { configOf, seatsProblem, showtimeSeats } from "./seats";
import { type Actor, showtimeOfHold } from "./seats.contract";
import { findShowtime, type ShowtimeRow } from "./showtimes.queries";

export interface OrderInput {
  holdId: string;
  card?: CardInput;
  paymentMethodId?: string;
  voucherCode?: string;
}

export async function toOrder(db: Db, order: OrderRow) {
  const rows = await orderTickets(db, order.id);
  return {
    id: order.id,
    status: order.status,
    showtimeId: order.showtimeId,
    total: order.totalCents,
    subtotal: order.totalCents + order.discountCents,
    discount: order.discountCents,
    voucherCode: order.voucherCode,
    currency: order.currency,
    seats: order.seats.map((s) => ({ label: s.label, kind: s.kind, price: s.priceCents })),
    tickets: rows
      .filter((t) => t.status === "valid" || order.status === "refunded")
      .map((t) => ({ code: t.code, seat: t.seatLabel })),
    createdAt: order.createdAt,
    paidAt: order.paidAt,
    refundedAt: order.refundedAt,
  };
}

export type Order = Awaited<ReturnType<typeof toOrder>>;

/**
 * Steps 1–2 of buying: the order for this key, the hold locked to it in the Durable Object,
 * the price, and the payment (charged at most once). Every step finds what an earlier,
 * interrupted attempt with the same key left behind and carries on from there.
 */
export async function chargeOrder(env: Env, db: Db, actor: Actor, key: string, input: OrderInput) {
  const showtimeId = showtimeOfHold(input.holdId);
  const showtime = showtimeId ? await findShowtime(db, showtimeId) : undefined;
  if (!showtime) throw new ApiError("not_found", "No such hold");
  // A voucher may make the order free, so a request without a card is checked once it is priced.
  const resolved = input.card || input.paymentMethodId ? await resolveSource(db, actor.userId, input) : null;
  let order = await openOrder(db, { userId: actor.userId, key, holdId: input.holdId, showtimeId: showtime.id });
  if (order.status !== "pending") return { showtime, order };

  const seats = showtimeSeats(env, showtime.id);
  const checkout = await seats.checkout(configOf(showtime), actor, input.holdId, order.id);
  if (!checkout.ok) {
    await markOrderFailed(db, order.id, checkout.error);
    throw seatsProblem(checkout);
  }
  /** The order cannot go on: the seats go back to an ordinary hold (so the buyer can try again) and the order fails. */
  const giveUp = async (reason: string, problem: unknown) => {
    await seats.abandonCheckout(input.holdId, order.id);
    await markOrderFailed(db, order.id, reason);
    return problem;
  };
  const priced: OrderSeat[] = checkout.seats.map((s) => ({ label: s.label, kind: s.kind, priceCents: showtime.prices[s.kind] }));
  let quote: CheckoutQuote;
  try {
    quote = await quoteCheckout(
      db,
      actor.userId,
      priced.map((s) => s.priceCents),
      input.voucherCode,
      order.id,
    );
  } catch (err) {
    throw await giveUp("voucher_refused", err);
  }
  const taken = await priceOrder(db, order.id, { userId: actor.userId, seats: priced, currency: showtime.currency, quote });
  order = taken.order;
  if (quote.voucherCode && !taken.voucherTaken) {
    throw await giveUp("voucher_used", new ApiError("conflict", "This voucher was already used", { reason: "voucher_used" }));
  }
  // Nothing to pay (a voucher covered it): the provider refuses a zero charge, and none is needed.
  if (order.totalCents === 0) return { showtime, order };
  if (!resolved) {
    throw await giveUp(
      "no_payment_source",
      new ApiError("bad_request", `This order costs ${order.totalCents} cents after discounts: send card or paymentMethodId`),
    );
  }

  const opened = await openPayment(db, {
    userId: actor.userId,
    idempotencyKey: `order:${order.id}`,
    orderId: order.id,
    amountCents: order.totalCents,
    currency: order.currency,
    description: `${showtime.movieTitle}, ${showtime.startsAt}: ${priced.map((s) => s.label).join(", ")}`,
    card: resolved.card,
  });
  const payment = await settlePayment(env, db, opened, resolved.source);
  if (payment.status === "failed") {
    // The seats stay held for the buyer (until the hold expires) so they can try another card.
    throw await giveUp(payment.failureReason ?? "card_declined", declined(payment));
  }
  return { showtime, order };
}

/** Step 3: the seats become sold in the Durable Object, then the tickets are written. Safe to repeat. */
export async function fulfilOrder(env: Env, ctx: WaitUntil, db: Db, showtime: ShowtimeRow, orderId: string) {
  const order = (await findOrder(db, orderId)) as OrderRow;
  if (order.status === "paid") return order;
  if (order.status !== "pending") throw new ApiError("conflict", `This order is ${order.status}`);
  const seats = showtimeSeats(env, showtime.id);
  const committed = await seats.commit(order.holdId, order.id);
  const outcome = committed.ok ? await writeTickets(db, order.id) : "seat_taken";
  if (outcome === "seat_taken") {
    await refundLostOrder(env, db, order);
    throw new ApiError(
      "conflict",
      "The seats could not be issued (the showtime was cancelled meanwhile); your payment was refunded",
    );
  }
  const paid = (await findOrder(db, order.id)) as OrderRow;
  if (outcome === "written") {
    recordEvent(env, ctx, {
      type: "order",
      userId: order.userId,
      targetType: "showtime",
      targetId: showtime.id,
      amountCents: paid.totalCents,
      props: { orderId: order.id, tickets: order.seats.length },
    });
    await notify(env, ctx, order.userId, "order_confirmed", {
      orderId: order.id,
      showtimeId: showtime.id,
      movieTitle: showtime.movieTitle,
      startsAt: showtime.startsAt,
      seats: order.seats.map((s) => s.label),
      total: order.totalCents,
      currency: order.currency,
    });
  }
  return paid;
}

/** An order whose seats could not be issued: any money taken goes back, and the order fails. */
export async function refundLostOrder(env: Env, db: Db, order: OrderRow) {
  const payment = await findOrderPayment(db, order.id);
  if (payment?.status === "succeeded") await refundPayment(env, db, payment);
  else if (payment?.status === "processing")
    await updatePayment(db, payment.id, { status: "failed", failureReason: "seats_lost" });
  await markOrderFailed(db, order.id, "seats_lost");
  log.warn("order_seats_lost", { orderId: order.id, showtimeId: order.showtimeId });
}

/**
 * The invoice and the loyalty points of a paid order (billing's receipts): one line per seat and
 * the order's discount as a line of its own, so the lines add up to the charge. A no-op unless
 * the order's payment succeeded (a free order took none); safe to repeat.
 */
export async function issueOrderReceipt(env: Env, ctx: WaitUntil, db: Db, orderId: string) {
  const order = await findOrder(db, orderId);
  const payment = await findOrderPayment(db, orderId);
  const showtime = order && (await findShowtime(db, order.showtimeId));
  if (!order || !showtime || payment?.status !== "succeeded") return;
  const lines = order.seats.map((seat) => ({
    description: `${showtime.movieTitle}, ${showtime.startsAt}: seat ${seat.label} (${seat.kind})`,
    quantity: 1,
    unitCents: seat.priceCents,
  }));
  if (order.discountCents > 0) {
    const voucher = order.voucherCode ? ` (voucher ${order.voucherCode})` : "";
    lines.push({ description: `Loyalty discount${voucher}`, quantity: 1, unitCents: -order.discountCents });
  }
  await chargeSucceeded(env, ctx, db, payment, lines);
}

/**
 * Fault injection for test/chaos/checkout-restart.test.ts: with `CHAOS_HANG_AFTER_CHARGE=1` the
 * checkout stops between the charge and the ticket write (it logs `chaos_hang_after_charge` and
 * waits), so the test can kill the whole stack exactly there and restart it on the same state.
 * Deliberately not in wrangler.toml: only `wrangler dev --var` sets it, and outside development
 * and test it is refused (logged and ignored), so no deployment can hang a paying customer.
 */
async function chaosHangAfterCharge(env: Env, orderId: string) {
  const flag = (env as Env & { CHAOS_HANG_AFTER_CHARGE?: string }).CHAOS_HANG_AFTER_CHARGE;
  if (flag !== "1") return;
  if (env.ENVIRONMENT !== "development" && env.ENVIRONMENT !== "test") {
    log.error("chaos_hook_refused", { hook: "CHAOS_HANG_AFTER_CHARGE", environment: env.ENVIRONMENT });
    return;
  }
  log.warn("chaos_hang_after_charge", { orderId });
  // A timer, not a promise that never settles: workerd cancels a request that can provably never finish.
  await new Promise((resolve) => setTimeout(resolve, 10 * 60_000));
}

export async function placeOrder(env: Env, ctx: WaitUntil, db: Db, actor: Actor, key: string, input: OrderInput) {
  const { showtime, order } = await chargeOrder(env, db, actor, key, input);
  if (order.status === "failed") {
    const payment = await findOrderPayment(db, order.id);
    if (payment?.status === "failed") throw declined(payment);
    throw new ApiError("conflict", "This order could not be completed; hold the seats again and use a new Idempotency-Key");
  }
  await chaosHangAfterCharge(env, order.id);
  const paid = await fulfilOrder(env, ctx, db, showtime, order.id);
  await issueOrderReceipt(env, ctx, db, paid.id);
  return toOrder(db, paid);
}
