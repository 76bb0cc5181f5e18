import type { Db } from "../lib/context";
import { refundLostOrder } from "./orders.flow";
import { pendingOrders, refundableOrders } from "./orders.queries";
import { refundOrder } from "./refunds";
import { configOf, showtimeSeats } from "./seats";
import { markCancelled, type ShowtimeRow } from "./showtimes.queries";

/**
 * Cancels a showtime: D1 first (so no new order can start against it), then its Durable
 * Object (every hold ends, nothing is held again), then a full refund of each paid order,
 * each buyer told. Repeating it finishes whatever an interrupted run left. Returns how many
 * paid orders this run refunded.
 */
export async function cancelShowtime(
  env: Env,
  ctx: { waitUntil(promise: Promise<unknown>): void },
  db: Db,
  showtime: ShowtimeRow,
) {
  await markCancelled(db, showtime.id);
  await showtimeSeats(env, showtime.id).cancel(configOf(showtime));
  let refunded = 0;
  for (const order of await refundableOrders(db, showtime.id)) {
    await refundOrder(env, ctx, db, order, "showtime_cancelled");
    refunded++;
  }
  // Checkouts caught mid-payment: their holds just ended, so they can never be issued.
  for (const order of await pendingOrders(db, showtime.id)) await refundLostOrder(env, db, order);
  return refunded;
}
