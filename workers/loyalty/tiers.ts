import type { LoyaltyTier } from "../db/schema";

/** Points earned in the last 12 months (net of clawbacks) a tier starts at. */
export const TIER_THRESHOLDS: Record<LoyaltyTier, number> = { bronze: 0, silver: 1_000, gold: 5_000 };

export const TIER_NAMES: Record<LoyaltyTier, string> = { bronze: "Bronze", silver: "Silver", gold: "Gold" };

/** Gold's share off a ticket order, in percent. */
export const GOLD_TICKET_DISCOUNT_PERCENT = 10;

/** How long a Silver or Gold member's seat hold lasts; others get the showtime's own. */
export const LONG_HOLD_MINUTES = 15;

export const TIER_BENEFITS: Record<LoyaltyTier, string[]> = {
  bronze: ["Earn points on tickets and subscriptions"],
  silver: ["Earn points on tickets and subscriptions", `Seats held for ${LONG_HOLD_MINUTES} minutes at checkout`],
  gold: [
    "Earn points on tickets and subscriptions",
    `Seats held for ${LONG_HOLD_MINUTES} minutes at checkout`,
    `${GOLD_TICKET_DISCOUNT_PERCENT} % off every ticket order`,
  ],
};

export function tierFor(earnedLast12Months: number): LoyaltyTier {
  if (earnedLast12Months >= TIER_THRESHOLDS.gold) return "gold";
  if (earnedLast12Months >= TIER_THRESHOLDS.silver) return "silver";
  return "bronze";
}

export function nextTierOf(tier: LoyaltyTier): "silver" | "gold" | null {
  if (tier === "bronze") return "silver";
  if (tier === "silver") return "gold";
  return null;
}

/** Points earned per 1.00 of currency spent (LOYALTY_POINTS_PER_UNIT, 10 unless configured). */
export function pointsPerUnit(env: Env): number {
  const configured = Number(env.LOYALTY_POINTS_PER_UNIT);
  return Number.isFinite(configured) && configured >= 0 ? configured : 10;
}

/** Earned points lapse 12 months after they were earned. */
export function expiryOf(earnedAt: Date): string {
  const at = new Date(earnedAt);
  at.setUTCMonth(at.getUTCMonth() + 12);
  return at.toISOString();
}
