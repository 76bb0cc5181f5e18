import { z } from "@hono/zod-openapi";
import type { Db } from "../lib/context";
import { ApiError } from "../lib/errors";
import { type CardBrand, CardInput, cardBrand } from "./cards";
import { findPaymentMethod } from "./payment-methods.queries";
import { type PaymentRow, reserveRefund, updatePayment } from "./payments.queries";
import { type ChargeRequest, type DeclineReason, paymentProvider } from "./provider";

/** How a buyer pays: a card typed in now, or one of their saved cards. Exactly one of the two. */
export const PaymentSourceFields = {
  card: CardInput.optional(),
  paymentMethodId: z.string().min(1).max(64).optional().openapi({ description: "One of your saved cards" }),
};

export const exactlyOneSource = (input: { card?: unknown; paymentMethodId?: unknown }) =>
  (input.card === undefined) !== (input.paymentMethodId === undefined);
export const sourceMessage = { message: "Send either card or paymentMethodId", path: ["card"] };

export interface ResolvedSource {
  source: ChargeRequest["source"];
  card: { brand: CardBrand; last4: string };
}

/** A saved card must be the caller's: anyone else's is reported as absent. */
export async function resolveSource(
  db: Db,
  userId: string,
  input: { card?: CardInput; paymentMethodId?: string },
): Promise<ResolvedSource> {
  if (input.card) {
    return { source: { card: input.card }, card: { brand: cardBrand(input.card.number), last4: input.card.number.slice(-4) } };
  }
  const method = await findPaymentMethod(db, userId, input.paymentMethodId ?? "");
  if (!method) throw new ApiError("not_found", "No such payment method");
  return { source: { token: method.providerToken }, card: { brand: method.brand as CardBrand, last4: method.last4 } };
}

/**
 * Charges a `processing` payment once and records the outcome; any other status is returned
 * as is. The payment's id is the provider's idempotency key, so a real processor dedupes a
 * charge retried after a crash.
 */
export async function settlePayment(env: Env, db: Db, payment: PaymentRow, source: ChargeRequest["source"]): Promise<PaymentRow> {
  if (payment.status !== "processing") return payment;
  const result = await paymentProvider(env).charge({
    amountCents: payment.amountCents,
    currency: payment.currency,
    source,
    idempotencyKey: payment.id,
  });
  return updatePayment(
    db,
    payment.id,
    result.ok ? { status: "succeeded", chargeId: result.chargeId } : { status: "failed", failureReason: result.reason },
  );
}

const declineMessages: Record<DeclineReason, string> = {
  card_declined: "The card was declined",
  insufficient_funds: "The card has insufficient funds",
};

export function declined(payment: PaymentRow): ApiError {
  const reason = (payment.failureReason ?? "card_declined") as DeclineReason;
  return new ApiError("payment_required", declineMessages[reason] ?? declineMessages.card_declined, {
    reason,
    paymentId: payment.id,
  });
}

/**
 * Refunds `amountCents` of a succeeded payment (all that is left when absent). The payment keeps
 * `refundedCents` and its latest `refundId`; it is `refunded` once nothing is left. A full refund of
 * a payment already refunded returns it unchanged; more than is left is a 409.
 */
export async function refundPayment(env: Env, db: Db, payment: PaymentRow, amountCents?: number): Promise<PaymentRow> {
  if (payment.status === "refunded" && amountCents === undefined) return payment;
  if (payment.status !== "succeeded" || !payment.chargeId)
    throw new ApiError("conflict", "Only a successful payment can be refunded");
  const amount = amountCents ?? payment.amountCents - payment.refundedCents;
  if (!Number.isInteger(amount) || amount <= 0) throw new ApiError("conflict", "Nothing is left to refund on this payment");
  const reserved = await reserveRefund(db, payment.id, amount);
  if (!reserved) throw new ApiError("conflict", "That is more than is left to refund on this payment");
  let refundId: string;
  try {
    ({ refundId } = await paymentProvider(env).refund({ chargeId: payment.chargeId, amountCents: amount }));
  } catch (err) {
    await updatePayment(db, payment.id, { refundedCents: reserved.refundedCents - amount });
    throw err;
  }
  const fully = reserved.refundedCents >= reserved.amountCents;
  return updatePayment(db, payment.id, { refundId, ...(fully ? { status: "refunded" as const } : {}) });
}
