import { subscriptions } from "../db/schema";
import type { Db, WaitUntil } from "../lib/context";
import { ApiError } from "../lib/errors";
import { log } from "../lib/log";
import { notify } from "../notifications/notify";
import type { CardInput } from "../payments/cards";
import { addPaymentMethod } from "../payments/payment-methods.queries";
import { recordPayment } from "../payments/payments.queries";
import { type DeclineReason, paymentProvider, type TokenizedCard } from "../payments/provider";
import type { PlanRow } from "./plans.schemas";
import { periodDescription, periodKey, subscriptionReceipt } from "./subscription-charge";
import type { SubscriptionView } from "./subscriptions.schemas";
import { type FirstPeriod, firstPeriod, newSubscriptionRow, startedPayload, subscribablePlan } from "./subscriptions.writes";

/*
 * Registering with a plan: the account and its subscription come into being together or not at
 * all. The card is charged (or, for a trial, tokenized) before the account is written, since a
 * payment row needs its payer; the charge is recorded once the account exists, and refunded if
 * the account cannot be created after all.
 */

export interface SignupCharge {
  plan: PlanRow;
  card: TokenizedCard;
  holderName: string | null;
  first: FirstPeriod;
  chargeId: string | null;
}

const declineMessages: Record<DeclineReason, string> = {
  card_declined: "The card was declined",
  insufficient_funds: "The card has insufficient funds",
};

/** Charges the first period (nothing for a trial): a decline is a 402 and nothing has been written. */
export async function chargeSignup(
  env: Env,
  db: Db,
  input: { planId: string; card: CardInput; holderName?: string },
  now = new Date(),
): Promise<SignupCharge> {
  const plan = await subscribablePlan(db, input.planId);
  const provider = paymentProvider(env);
  const card = await provider.tokenize(input.card);
  const first = firstPeriod(plan, now);
  let chargeId: string | null = null;
  if (!first.trialEnd) {
    const result = await provider.charge({
      amountCents: plan.priceCents,
      currency: plan.currency,
      source: { token: card.token },
      idempotencyKey: periodKey(first.subscriptionId, first.period.start),
    });
    if (!result.ok) throw new ApiError("payment_required", declineMessages[result.reason], { reason: result.reason });
    chargeId = result.chargeId;
  }
  return { plan, card, holderName: input.holderName ?? null, first, chargeId };
}

/** The account could not be created: gives the money back. */
export async function abandonSignup(env: Env, charge: SignupCharge) {
  if (!charge.chargeId) return;
  try {
    await paymentProvider(env).refund({ chargeId: charge.chargeId, amountCents: charge.plan.priceCents });
  } catch (err) {
    log.error("signup_refund_failed", { chargeId: charge.chargeId, error: String(err) });
  }
}

/** Records the charge, the card and the subscription of the account just created, then the receipt. */
export async function completeSignup(
  env: Env,
  ctx: WaitUntil,
  db: Db,
  userId: string,
  charge: SignupCharge,
): Promise<SubscriptionView> {
  const { plan, first } = charge;
  const method = await addPaymentMethod(db, userId, charge.card, true, charge.holderName);
  const row = newSubscriptionRow(userId, plan, first, method.id);
  await db.insert(subscriptions).values(row);
  const payment = charge.chargeId
    ? await recordPayment(db, {
        userId,
        idempotencyKey: periodKey(first.subscriptionId, first.period.start),
        subscriptionId: first.subscriptionId,
        amountCents: plan.priceCents,
        currency: plan.currency,
        description: periodDescription(plan.name, first.period),
        card: { brand: charge.card.brand, last4: charge.card.last4 },
        chargeId: charge.chargeId,
      })
    : null;
  if (payment) await subscriptionReceipt(env, ctx, db, payment);
  await notify(env, ctx, userId, "subscription_started", startedPayload(plan, row, payment));
  return { row, plan, pendingPlan: null, paymentMethod: method };
}
