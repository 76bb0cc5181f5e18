import type { Db } from "../lib/context";
import { ApiError } from "../lib/errors";
import { findVoucher } from "./rewards.queries";
import { currentTier } from "./standing";
import { GOLD_TICKET_DISCOUNT_PERCENT, LONG_HOLD_MINUTES, TIER_NAMES } from "./tiers";

export interface CheckoutQuote {
  subtotal: number;
  discounts: { label: string; amount: number }[];
  discount: number;
  total: number;
  voucherCode: string | null;
}

/**
 * A voucher the buyer may spend on tickets: theirs (else 404, so codes of others stay unknown),
 * still issued (a retry of the order that used it counts as issued), and for tickets.
 */
async function ticketVoucher(db: Db, userId: string, code: string, orderId?: string) {
  const found = await findVoucher(db, code.trim().toUpperCase());
  if (!found || found.redemption.userId !== userId) throw new ApiError("not_found", "No such voucher");
  const { redemption, reward } = found;
  if (redemption.status === "used" && !(orderId && redemption.usedOrderId === orderId)) {
    throw new ApiError("conflict", "This voucher was already used", { reason: "voucher_used" });
  }
  if (reward.kind === "snack_voucher") {
    throw new ApiError("conflict", "A snack voucher is for the counter, not for tickets", { reason: "voucher_not_for_tickets" });
  }
  return { code: redemption.voucherCode, reward };
}

/**
 * What the buyer pays for `seatPrices` (cents): a voucher first (a free ticket pays for the
 * dearest seat, a discount code takes its percent off), then Gold's 10 % off what is left.
 * Each discount is rounded to the cent; the total never goes below zero.
 */
export async function quoteCheckout(
  db: Db,
  userId: string,
  seatPrices: number[],
  voucherCode?: string | null,
  orderId?: string,
): Promise<CheckoutQuote> {
  const subtotal = seatPrices.reduce((sum, price) => sum + price, 0);
  const discounts: CheckoutQuote["discounts"] = [];
  let left = subtotal;
  let appliedCode: string | null = null;
  if (voucherCode) {
    const voucher = await ticketVoucher(db, userId, voucherCode, orderId);
    const amount =
      voucher.reward.kind === "free_ticket"
        ? Math.max(0, ...seatPrices)
        : Math.round((left * (voucher.reward.discountPercent ?? 0)) / 100);
    discounts.push({ label: voucher.reward.name, amount: Math.min(amount, left) });
    left -= Math.min(amount, left);
    appliedCode = voucher.code;
  }
  if (left > 0 && (await currentTier(db, userId)) === "gold") {
    const amount = Math.round((left * GOLD_TICKET_DISCOUNT_PERCENT) / 100);
    discounts.push({ label: `${TIER_NAMES.gold} member ${GOLD_TICKET_DISCOUNT_PERCENT} % off`, amount });
    left -= amount;
  }
  return { subtotal, discounts, discount: subtotal - left, total: left, voucherCode: appliedCode };
}

/** How long this member's seat holds last: Silver and Gold get at least LONG_HOLD_MINUTES. */
export async function holdTtlSecondsFor(db: Db, userId: string, showtimeTtlSeconds: number): Promise<number> {
  const tier = await currentTier(db, userId);
  return tier === "bronze" ? showtimeTtlSeconds : Math.max(showtimeTtlSeconds, LONG_HOLD_MINUTES * 60);
}
