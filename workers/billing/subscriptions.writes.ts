import { and, eq, lt, ne } from "drizzle-orm";
import { subscriptions } from "../db/schema";
import type { Db, WaitUntil } from "../lib/context";
import { ApiError } from "../lib/errors";
import { newId } from "../lib/ids";
import { notify } from "../notifications/notify";
import type { CardInput } from "../payments/cards";
import { addPaymentMethod, findPaymentMethod, type PaymentMethodRow } from "../payments/payment-methods.queries";
import { declined, refundPayment } from "../payments/payments.charge";
import { findSubscriptionPayments, type PaymentRow } from "../payments/payments.queries";
import { paymentProvider, type TokenizedCard } from "../payments/provider";
import { findPlan } from "./plans.queries";
import type { PlanRow } from "./plans.schemas";
import { addDays, addInterval, type Period, planChange, unusedFraction } from "./proration";
import { chargeRefunded } from "./receipts";
import { chargeSubscription, expiredCard, periodDescription, periodKey, usableCard } from "./subscription-charge";
import { findLiveSubscription, findSubscription, loadView } from "./subscriptions.queries";
import type { SubscriptionRow, SubscriptionView } from "./subscriptions.schemas";

/*
 * Every change to a subscription goes through this module (renewals.ts for the cron's). Each
 * write is a conditional UPDATE on the state it was decided from, so two requests racing cannot
 * both apply; charges use payment keys per subscription and period (subscription-charge.ts).
 */

/** How long a request or a renewal run owns a subscription while it charges it. */
export const CLAIM_MS = 60_000;

const NO_SUBSCRIPTION = "You have no subscription";

export const periodOf = (row: Pick<SubscriptionRow, "currentPeriodStart" | "currentPeriodEnd">): Period => ({
  start: new Date(row.currentPeriodStart),
  end: new Date(row.currentPeriodEnd),
});

export async function subscribablePlan(db: Db, planId: string): Promise<PlanRow> {
  const plan = await findPlan(db, planId);
  if (!plan) throw new ApiError("not_found", "No such plan");
  if (plan.status !== "active") throw new ApiError("conflict", "This plan is archived and takes no new subscribers");
  return plan;
}

const isLiveConflict = (err: unknown) => {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (e.message.includes("UNIQUE constraint failed") && e.message.includes("subscriptions")) return true;
  }
  return false;
};

const alreadySubscribed = () =>
  new ApiError("conflict", "You already have a subscription: change its plan, or cancel it, instead of starting another");

export interface StartInput {
  userId: string;
  plan: PlanRow;
  /** A saved card, or a typed card tokenized and saved once the first period is paid (at once for a trial). */
  card: { saved: PaymentMethodRow } | { typed: TokenizedCard; holderName?: string | null };
  now: Date;
}

/** The first period's payment for a new subscription, charged before the subscription exists. */
export interface FirstPeriod {
  subscriptionId: string;
  period: Period;
  trialEnd: Date | null;
}

export function firstPeriod(plan: PlanRow, now: Date): FirstPeriod {
  const trialEnd = plan.trialDays > 0 ? addDays(now, plan.trialDays) : null;
  return { subscriptionId: newId(), period: { start: now, end: trialEnd ?? addInterval(now, plan.interval) }, trialEnd };
}

export function newSubscriptionRow(userId: string, plan: PlanRow, first: FirstPeriod, paymentMethodId: string): SubscriptionRow {
  const now = first.period.start.toISOString();
  return {
    id: first.subscriptionId,
    userId,
    planId: plan.id,
    status: first.trialEnd ? "trialing" : "active",
    paymentMethodId,
    currentPeriodStart: now,
    currentPeriodEnd: first.period.end.toISOString(),
    trialEnd: first.trialEnd?.toISOString() ?? null,
    cancelAtPeriodEnd: false,
    pendingPlanId: null,
    failedAttempts: 0,
    nextAttemptAt: null,
    claimedUntil: 0,
    canceledAt: null,
    endedAt: null,
    createdAt: now,
    updatedAt: now,
  };
}

export const startedPayload = (plan: PlanRow, row: SubscriptionRow, payment: PaymentRow | null) => ({
  subscriptionId: row.id,
  planName: plan.name,
  amount: payment?.amountCents ?? 0,
  currency: plan.currency,
  trialEnd: row.trialEnd,
  periodEnd: row.currentPeriodEnd,
});

/**
 * Starts a subscription: a trial saves the card and charges nothing; otherwise the first period is
 * charged before anything is written, so a decline (402) leaves no subscription and no saved card.
 * Two racing starts: the partial unique index lets one in, and the other's charge is refunded (409).
 */
export async function startSubscription(env: Env, ctx: WaitUntil, db: Db, input: StartInput): Promise<SubscriptionView> {
  const { userId, plan, now } = input;
  if (await findLiveSubscription(db, userId)) throw alreadySubscribed();
  const first = firstPeriod(plan, now);
  const card = "saved" in input.card ? input.card.saved : { ...input.card.typed, providerToken: input.card.typed.token };
  if ("saved" in input.card && !usableCard(input.card.saved, now)) throw expiredCard();
  let payment: PaymentRow | null = null;
  if (!first.trialEnd) {
    payment = await chargeSubscription(env, ctx, db, {
      subscriptionId: first.subscriptionId,
      userId,
      card,
      key: periodKey(first.subscriptionId, first.period.start),
      amountCents: plan.priceCents,
      currency: plan.currency,
      description: periodDescription(plan.name, first.period),
    });
    if (payment.status !== "succeeded") throw declined(payment);
  }
  const method =
    "saved" in input.card
      ? input.card.saved
      : await addPaymentMethod(db, userId, input.card.typed, false, input.card.holderName ?? null);
  const row = newSubscriptionRow(userId, plan, first, method.id);
  try {
    await db.insert(subscriptions).values(row);
  } catch (err) {
    if (!isLiveConflict(err)) throw err;
    if (payment) await refundAndCredit(env, ctx, db, payment, payment.amountCents);
    throw alreadySubscribed();
  }
  await notify(env, ctx, userId, "subscription_started", startedPayload(plan, row, payment));
  return { row, plan, pendingPlan: null, paymentMethod: method };
}

/** Resolves the card of POST /me/subscription: a saved one must be the caller's. */
export async function subscriptionCard(
  env: Env,
  db: Db,
  userId: string,
  input: { card?: CardInput; paymentMethodId?: string },
): Promise<StartInput["card"]> {
  if (input.card) return { typed: await paymentProvider(env).tokenize(input.card) };
  const saved = await findPaymentMethod(db, userId, input.paymentMethodId ?? "");
  if (!saved) throw new ApiError("not_found", "No such payment method");
  return { saved };
}

export async function subscribe(
  env: Env,
  ctx: WaitUntil,
  db: Db,
  userId: string,
  input: { planId: string; card?: CardInput; paymentMethodId?: string },
  now = new Date(),
) {
  const plan = await subscribablePlan(db, input.planId);
  if (await findLiveSubscription(db, userId)) throw alreadySubscribed();
  const card = await subscriptionCard(env, db, userId, input);
  return startSubscription(env, ctx, db, { userId, plan, card, now });
}

async function liveSubscription(db: Db, userId: string) {
  const row = await findLiveSubscription(db, userId);
  if (!row) throw new ApiError("not_found", NO_SUBSCRIPTION);
  return row;
}

/** Applies `changes` only if the row still has the `updatedAt` it was read with; a 409 otherwise. */
async function updateIfUnchanged(db: Db, row: SubscriptionRow, changes: Partial<SubscriptionRow>) {
  const updated = await db
    .update(subscriptions)
    .set({ ...changes, updatedAt: new Date().toISOString() })
    .where(and(eq(subscriptions.id, row.id), eq(subscriptions.updatedAt, row.updatedAt)))
    .returning()
    .get();
  if (!updated) throw new ApiError("conflict", "The subscription changed meanwhile; reload it and try again");
  return updated;
}

export interface ChangeDecision {
  target: PlanRow;
  effective: "now" | "period_end";
  amountCents: number;
  period: Period;
}

/** What changing to `planId` would do, without doing it (the preview and the change share it). */
export async function decidePlanChange(db: Db, row: SubscriptionRow, planId: string, now: Date): Promise<ChangeDecision> {
  if (row.status === "past_due" || row.status === "unpaid") {
    throw new ApiError("conflict", "Your last payment failed: update your card to settle it before changing plans");
  }
  const target = await subscribablePlan(db, planId);
  const current = (await findPlan(db, row.planId)) as PlanRow;
  if (target.currency !== current.currency) throw new ApiError("conflict", "That plan is billed in another currency");
  const period = periodOf(row);
  if (target.id === current.id) {
    if (!row.pendingPlanId) throw new ApiError("conflict", "You are on this plan already");
    return { target, effective: "now", amountCents: 0, period };
  }
  if (row.status === "trialing") return { target, effective: "now", amountCents: 0, period };
  const change = planChange(current, target, period, now);
  return { target, ...change };
}

/**
 * Upgrade: at once, the prorated difference charged first (a decline changes nothing). Downgrade:
 * the plan the next period renews on. Back to the current plan: the pending downgrade is dropped.
 * During a trial the plan simply switches.
 */
export async function changePlan(env: Env, ctx: WaitUntil, db: Db, userId: string, planId: string, now = new Date()) {
  const row = await liveSubscription(db, userId);
  const decision = await decidePlanChange(db, row, planId, now);
  if (decision.effective === "period_end") {
    return loadView(db, await updateIfUnchanged(db, row, { pendingPlanId: decision.target.id }));
  }
  if (decision.amountCents > 0) {
    const view = await loadView(db, row);
    if (!usableCard(view.paymentMethod, now)) throw expiredCard();
    const payment = await chargeSubscription(env, ctx, db, {
      subscriptionId: row.id,
      userId,
      card: view.paymentMethod,
      key: `${periodKey(row.id, decision.period.start)}:upgrade:${decision.target.id}`,
      amountCents: decision.amountCents,
      currency: decision.target.currency,
      description: `Upgrade to ${periodDescription(decision.target.name, { start: now, end: decision.period.end })}`,
    });
    if (payment.status !== "succeeded") throw declined(payment);
  }
  const updated = await updateIfUnchanged(db, row, {
    planId: decision.target.id,
    pendingPlanId: null,
    currentPeriodStart: decision.period.start.toISOString(),
    currentPeriodEnd: decision.period.end.toISOString(),
  });
  return loadView(db, updated);
}

export async function previewPlanChange(db: Db, userId: string, planId: string, now = new Date()) {
  const row = await liveSubscription(db, userId);
  const decision = await decidePlanChange(db, row, planId, now);
  return {
    planId: decision.target.id,
    effective: decision.effective,
    amountDue: decision.amountCents,
    currency: decision.target.currency,
    periodEnd:
      decision.effective === "now"
        ? decision.period.end.toISOString()
        : addInterval(decision.period.end, decision.target.interval).toISOString(),
  };
}

/** Cancel at the period's end; an unpaid subscription (nothing left to use) ends at once. */
export async function cancelAtPeriodEnd(env: Env, ctx: WaitUntil, db: Db, userId: string) {
  const row = await liveSubscription(db, userId);
  if (row.cancelAtPeriodEnd) throw new ApiError("conflict", "This subscription is already set to end with its period");
  const now = new Date().toISOString();
  const updated =
    row.status === "unpaid"
      ? await updateIfUnchanged(db, row, { status: "canceled", canceledAt: now, endedAt: now, nextAttemptAt: null })
      : await updateIfUnchanged(db, row, { cancelAtPeriodEnd: true, canceledAt: now });
  const view = await loadView(db, updated);
  await notify(env, ctx, userId, "subscription_canceled", {
    subscriptionId: row.id,
    planName: view.plan.name,
    endsAt: updated.endedAt ?? updated.currentPeriodEnd,
  });
  return view;
}

export async function resume(db: Db, userId: string) {
  const row = await findLiveSubscription(db, userId);
  if (!row) throw new ApiError("conflict", "There is no live subscription to resume: it has ended; start a new one");
  if (!row.cancelAtPeriodEnd) throw new ApiError("conflict", "This subscription is not set to cancel");
  return loadView(db, await updateIfUnchanged(db, row, { cancelAtPeriodEnd: false, canceledAt: null }));
}

/** Claims a subscription for one charge: a renewal run or another request holding it makes this a 409. */
async function claim(db: Db, id: string) {
  const now = Date.now();
  const claimed = await db
    .update(subscriptions)
    .set({ claimedUntil: now + CLAIM_MS })
    .where(and(eq(subscriptions.id, id), lt(subscriptions.claimedUntil, now)))
    .returning()
    .get();
  if (!claimed) throw new ApiError("conflict", "This subscription is being charged right now; try again in a minute");
  return claimed;
}

/**
 * The charge of a past_due or unpaid subscription, made at once after its card changed. The
 * period keeps its anchor while it lasts; once it is over, a new period starts now.
 */
async function retryNow(env: Env, ctx: WaitUntil, db: Db, row: SubscriptionRow, now: Date) {
  const claimed = await claim(db, row.id);
  try {
    if (claimed.status !== "past_due" && claimed.status !== "unpaid") return claimed;
    const view = await loadView(db, claimed);
    if (!usableCard(view.paymentMethod, now)) throw expiredCard();
    const current = periodOf(claimed);
    const period = current.end > now ? current : { start: now, end: addInterval(now, view.plan.interval) };
    const payment = await chargeSubscription(env, ctx, db, {
      subscriptionId: claimed.id,
      userId: claimed.userId,
      card: view.paymentMethod,
      key: `${periodKey(claimed.id, period.start)}:card:${newId()}`,
      amountCents: view.plan.priceCents,
      currency: view.plan.currency,
      description: periodDescription(view.plan.name, period),
    });
    if (payment.status !== "succeeded") throw declined(payment);
    const updated = (await db
      .update(subscriptions)
      .set({
        status: "active",
        failedAttempts: 0,
        nextAttemptAt: null,
        currentPeriodStart: period.start.toISOString(),
        currentPeriodEnd: period.end.toISOString(),
        updatedAt: new Date().toISOString(),
      })
      .where(eq(subscriptions.id, claimed.id))
      .returning()
      .get()) as SubscriptionRow;
    await notify(env, ctx, claimed.userId, "subscription_renewed", {
      subscriptionId: claimed.id,
      planName: view.plan.name,
      amount: payment.amountCents,
      currency: payment.currency,
      periodEnd: updated.currentPeriodEnd,
    });
    return updated;
  } finally {
    await db.update(subscriptions).set({ claimedUntil: 0 }).where(eq(subscriptions.id, row.id));
  }
}

/** The card renewals charge; during dunning a new card retries the charge at once (402 if it declines too). */
export async function setSubscriptionCard(env: Env, ctx: WaitUntil, db: Db, userId: string, paymentMethodId: string) {
  const row = await liveSubscription(db, userId);
  const method = await findPaymentMethod(db, userId, paymentMethodId);
  if (!method) throw new ApiError("not_found", "No such payment method");
  const now = new Date();
  if (!usableCard(method, now)) {
    throw new ApiError("validation_failed", "This card has expired: update its expiry first", {
      errors: [{ path: "paymentMethodId", message: "This card has expired", code: "custom" }],
    });
  }
  let updated = await db
    .update(subscriptions)
    .set({ paymentMethodId: method.id, updatedAt: now.toISOString() })
    .where(eq(subscriptions.id, row.id))
    .returning()
    .get();
  if (updated && (updated.status === "past_due" || updated.status === "unpaid")) {
    updated = await retryNow(env, ctx, db, updated, now);
  }
  return loadView(db, updated ?? row);
}

/** Refunds `amountCents` of a payment and issues the credit note. */
async function refundAndCredit(env: Env, ctx: WaitUntil, db: Db, payment: PaymentRow, amountCents: number) {
  const refunded = await refundPayment(env, db, payment, amountCents);
  await chargeRefunded(env, ctx, db, refunded, { key: `refund:${refunded.id}:${refunded.refundId}`, amountCents });
}

/**
 * Admin: ends a subscription now and refunds the unused part of the current period at the plan's
 * price, capped at what was paid for the period (nothing for a trial or an unpaid period). The
 * subscription is canceled first, in a conditional UPDATE, so two clicks refund once.
 */
export async function cancelNow(env: Env, ctx: WaitUntil, db: Db, id: string, now = new Date()) {
  const row = await findSubscription(db, id);
  if (!row) throw new ApiError("not_found", "No such subscription");
  const ended = await db
    .update(subscriptions)
    .set({
      status: "canceled",
      endedAt: now.toISOString(),
      canceledAt: row.canceledAt ?? now.toISOString(),
      cancelAtPeriodEnd: false,
      nextAttemptAt: null,
      updatedAt: now.toISOString(),
    })
    .where(and(eq(subscriptions.id, id), ne(subscriptions.status, "canceled")))
    .returning()
    .get();
  if (!ended) throw new ApiError("conflict", "This subscription has ended already");
  const view = await loadView(db, ended);
  if (row.status === "active") {
    const paid = await findSubscriptionPayments(db, id, periodKey(id, row.currentPeriodStart));
    let due = Math.min(
      Math.round(view.plan.priceCents * unusedFraction(periodOf(row), now)),
      paid.reduce((sum, p) => sum + p.amountCents - p.refundedCents, 0),
    );
    for (const payment of paid) {
      const amount = Math.min(due, payment.amountCents - payment.refundedCents);
      if (amount <= 0) continue;
      await refundAndCredit(env, ctx, db, payment, amount);
      due -= amount;
    }
  }
  await notify(env, ctx, row.userId, "subscription_canceled", {
    subscriptionId: id,
    planName: view.plan.name,
    endsAt: ended.endedAt,
  });
  return view;
}
