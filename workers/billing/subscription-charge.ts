import type { Db, WaitUntil } from "../lib/context";
import { ApiError } from "../lib/errors";
import { type CardBrand, isExpired } from "../payments/cards";
import type { PaymentMethodRow } from "../payments/payment-methods.queries";
import { settlePayment } from "../payments/payments.charge";
import { openPayment, type PaymentRow } from "../payments/payments.queries";
import type { Period } from "./proration";
import { chargeSucceeded } from "./receipts";

const day = (date: Date) => date.toISOString().slice(0, 10);

/** What an invoice line and a payment call a period: "Premium plan, 2026-04-01 to 2026-05-01". */
export const periodDescription = (planName: string, period: Period) =>
  `${planName} plan, ${day(period.start)} to ${day(period.end)}`;

/** Payment keys are per subscription and period start, so a repeated run finds the payment it made. */
export const periodKey = (subscriptionId: string, periodStart: Date | string) =>
  `sub:${subscriptionId}:${typeof periodStart === "string" ? periodStart : periodStart.toISOString()}`;

/** A card renewals can charge at `now`: one that expired is a decline, with no call to the provider. */
export const usableCard = (method: PaymentMethodRow | null, now: Date): method is PaymentMethodRow =>
  method !== null && !isExpired(method.expMonth, method.expYear, now);

export const expiredCard = () =>
  new ApiError("payment_required", "The card has expired: add or choose another card", { reason: "card_declined" });

/** The invoice and loyalty points of a successful subscription charge. */
export async function subscriptionReceipt(env: Env, ctx: WaitUntil, db: Db, payment: PaymentRow) {
  await chargeSucceeded(env, ctx, db, payment, [
    { description: payment.description, quantity: 1, unitCents: payment.amountCents },
  ]);
}

/** One charge of a subscription with a saved card (first period, upgrade, a retry); the receipt follows a success. */
export async function chargeSubscription(
  env: Env,
  ctx: WaitUntil,
  db: Db,
  input: {
    subscriptionId: string;
    userId: string;
    card: Pick<PaymentMethodRow, "brand" | "last4" | "providerToken">;
    key: string;
    amountCents: number;
    currency: string;
    description: string;
  },
): Promise<PaymentRow> {
  const opened = await openPayment(db, {
    userId: input.userId,
    idempotencyKey: input.key,
    subscriptionId: input.subscriptionId,
    amountCents: input.amountCents,
    currency: input.currency,
    description: input.description,
    card: { brand: input.card.brand as CardBrand, last4: input.card.last4 },
  });
  const payment = await settlePayment(env, db, opened, { token: input.card.providerToken });
  if (payment.status === "succeeded") await subscriptionReceipt(env, ctx, db, payment);
  return payment;
}
