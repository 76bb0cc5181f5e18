import type { z } from "@hono/zod-openapi";
import type { LoyaltyTier } from "../db/schema";
import type { Db } from "../lib/context";
import { holdingsOf, lapsesAt } from "./expiry";
import { findMembership, standingOf } from "./ledger.queries";
import type { LoyaltySchema } from "./membership.schemas";
import { nextTierOf, pointsPerUnit, TIER_BENEFITS, TIER_NAMES, TIER_THRESHOLDS, tierFor } from "./tiers";

/** The tier the member's last 12 months give them now (the stored tier only remembers what they were told). */
export async function currentTier(db: Db, userId: string, at = new Date().toISOString()): Promise<LoyaltyTier> {
  return tierFor((await standingOf(db, userId, at)).earnedLast12Months);
}

/** The next lapse the member will see: the earliest lot that will still have points left when it expires. */
async function expiringNext(db: Db, userId: string, at: string) {
  const [holding] = await holdingsOf(db, [userId]);
  const upcoming = holding.lots
    .filter((lot) => !lot.lapsed && lot.expiresAt > at)
    .sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
  for (const lot of upcoming) {
    const lapse = lapsesAt(holding.lots, holding.balance, holding.adjustedUp, lot.expiresAt).find((l) => l.earnId === lot.earnId);
    if (lapse && lapse.points > 0) return { points: lapse.points, at: lot.expiresAt };
  }
  return null;
}

export async function loyaltyOf(env: Env, db: Db, userId: string): Promise<z.infer<typeof LoyaltySchema>> {
  const at = new Date().toISOString();
  const [membership, standing] = await Promise.all([findMembership(db, userId), standingOf(db, userId, at)]);
  const tier = tierFor(standing.earnedLast12Months);
  const nextTier = nextTierOf(tier);
  return {
    member: Boolean(membership),
    balance: standing.balance,
    tier,
    tierName: TIER_NAMES[tier],
    earnedLast12Months: standing.earnedLast12Months,
    nextTier,
    pointsToNextTier: nextTier ? TIER_THRESHOLDS[nextTier] - standing.earnedLast12Months : null,
    benefits: TIER_BENEFITS[tier],
    pointsPerUnit: pointsPerUnit(env),
    expiringNext: membership ? await expiringNext(db, userId, at) : null,
    memberSince: membership?.createdAt ?? null,
  };
}
