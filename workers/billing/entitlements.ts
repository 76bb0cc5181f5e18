import { and, desc, eq, inArray } from "drizzle-orm";
import { plans, type Role, type SubscriptionStatus, subscriptions, type TitleAccess } from "../db/schema";
import type { Db } from "../lib/context";
import { ApiError } from "../lib/errors";
import { RETRY_DAYS } from "./renewals";

const DAY_MS = 24 * 60 * 60 * 1000;
const grantingStatuses = ["trialing", "active", "past_due"] as const satisfies SubscriptionStatus[];

/** What the account may stream at `now`: its live subscription's plan, or nothing. */
export interface Entitlement {
  active: boolean;
  planId: string | null;
  planName: string | null;
  features: string[];
  maxStreams: number;
  /** When access ends unless the subscription renews: the period's end, or a past_due one's last retry. */
  validUntil: string | null;
}

export const noEntitlement: Entitlement = {
  active: false,
  planId: null,
  planName: null,
  features: [],
  maxStreams: 0,
  validUntil: null,
};

/**
 * A declined renewal already moved the period on (renewals.ts): past_due keeps access until the
 * last dunning retry after the new period's start, as Stripe's default does; then unpaid ends it.
 */
function accessEnds(status: SubscriptionStatus, period: { start: string; end: string }): string {
  if (status !== "past_due") return period.end;
  const lastRetryDay = RETRY_DAYS[RETRY_DAYS.length - 1];
  return new Date(Math.min(Date.parse(period.start) + lastRetryDay * DAY_MS, Date.parse(period.end))).toISOString();
}

export async function entitlementOf(db: Db, userId: string, now: Date): Promise<Entitlement> {
  const live = await db
    .select({
      status: subscriptions.status,
      period: { start: subscriptions.currentPeriodStart, end: subscriptions.currentPeriodEnd },
      plan: plans,
    })
    .from(subscriptions)
    .innerJoin(plans, eq(plans.id, subscriptions.planId))
    .where(and(eq(subscriptions.userId, userId), inArray(subscriptions.status, grantingStatuses)))
    .orderBy(desc(subscriptions.createdAt))
    .get();
  if (!live) return noEntitlement;
  const validUntil = accessEnds(live.status, live.period);
  // The cron moves statuses on; between its runs a period that ended grants nothing more.
  if (Date.parse(validUntil) <= now.getTime()) return noEntitlement;
  return {
    active: true,
    planId: live.plan.id,
    planName: live.plan.name,
    features: live.plan.features,
    maxStreams: live.plan.maxStreams,
    validUntil,
  };
}

export interface TitleAccessRule {
  access: TitleAccess;
  requiredFeatures: string[];
}

/** Staff review every title, so they play everything, and use no stream slot. */
export const isStaff = (role: Role) => role === "moderator" || role === "admin";

/**
 * The caller's entitlement when they may stream a title with `rule`; else a 402 problem naming what
 * is missing, with the plans page to link to. Free titles and staff need no subscription (null).
 */
export async function requireEntitlement(
  db: Db,
  caller: { userId: string; role: Role },
  rule: TitleAccessRule,
  now: Date,
): Promise<Entitlement | null> {
  if (rule.access === "free" || isStaff(caller.role)) return null;
  const entitlement = await entitlementOf(db, caller.userId, now);
  const requiredFeatures = rule.requiredFeatures;
  if (!entitlement.active) {
    throw new ApiError("payment_required", "This title is included with a subscription", {
      reason: "subscription_required",
      plansUrl: "/plans",
      requiredFeatures,
    });
  }
  const missing = requiredFeatures.filter((feature) => !entitlement.features.includes(feature));
  if (missing.length > 0) {
    throw new ApiError("payment_required", `Your plan does not include ${missing.join(", ")}; upgrade to watch this title`, {
      reason: "plan_upgrade_required",
      plansUrl: "/plans",
      requiredFeatures,
    });
  }
  return entitlement;
}
