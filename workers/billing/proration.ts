import type { PlanInterval } from "../db/schema";

const DAY_MS = 86_400_000;

/**
 * `from` plus whole months or years in UTC calendar arithmetic; a day the target month lacks
 * clamps to its last day (Jan 31 + 1 month = Feb 28, or 29 in a leap year).
 */
export function addInterval(from: Date, interval: PlanInterval, count = 1): Date {
  const months = interval === "year" ? 12 * count : count;
  const target = new Date(from);
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(from.getUTCDate(), lastDay));
  return target;
}

export const addDays = (from: Date, days: number) => new Date(from.getTime() + days * DAY_MS);

export interface Period {
  start: Date;
  end: Date;
}

/** The part of the period still to come at `now`, from 0 (over) to 1 (not started). */
export function unusedFraction(period: Period, now: Date): number {
  const length = period.end.getTime() - period.start.getTime();
  if (length <= 0) return 0;
  const left = period.end.getTime() - Math.max(now.getTime(), period.start.getTime());
  return Math.min(1, Math.max(0, left / length));
}

export interface PricedPlan {
  priceCents: number;
  interval: PlanInterval;
}

/** Price per day over one period from `start`, the measure that tells an upgrade from a downgrade. */
export function dailyPrice(plan: PricedPlan, start: Date): number {
  const end = addInterval(start, plan.interval);
  return plan.priceCents / ((end.getTime() - start.getTime()) / DAY_MS);
}

export type PlanChange =
  | { effective: "now"; amountCents: number; period: Period }
  | { effective: "period_end"; amountCents: number; period: Period };

/**
 * What switching from `current` to `next` costs at `now` (Lago's rules): a plan dearer per day
 * applies at once and is charged for the rest of the period; a cheaper one waits for the period's
 * end. Same interval: (new − old price) × unused fraction, in whole cents, the period kept. A
 * different interval starts a new period now, less the unused part of the old price.
 */
export function planChange(current: PricedPlan, next: PricedPlan, period: Period, now: Date): PlanChange {
  if (dailyPrice(next, period.start) <= dailyPrice(current, period.start)) {
    return { effective: "period_end", amountCents: 0, period };
  }
  const unused = unusedFraction(period, now);
  if (current.interval === next.interval) {
    return { effective: "now", amountCents: Math.round((next.priceCents - current.priceCents) * unused), period };
  }
  const credit = Math.round(current.priceCents * unused);
  return {
    effective: "now",
    amountCents: Math.max(0, next.priceCents - credit),
    period: { start: now, end: addInterval(now, next.interval) },
  };
}

/** The refund for ending a paid period at `now`: the unused part of what it cost, in whole cents. */
export const unusedRefund = (paidCents: number, period: Period, now: Date) => Math.round(paidCents * unusedFraction(period, now));
