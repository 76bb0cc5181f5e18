import type { Db, WaitUntil } from "../lib/context";
import { log } from "../lib/log";
import { clawBackPayment, earnForPayment, earnForPayments } from "../loyalty/points";
import type { NotifyMessage } from "../notifications/notify-queue";
import type { PaymentRow } from "../payments/payments.queries";
import { findPaymentInvoice } from "./invoices.queries";
import { issuePaymentInvoice, issuePaymentInvoices, issueRefundCreditNote, type ReceiptLine } from "./invoices.writes";

export type { ReceiptLine } from "./invoices.writes";

/**
 * What follows every successful charge, whoever made it (ticket order, subscription period,
 * proration, a direct payment): the invoice and the loyalty points. Idempotent per payment, so
 * a retried request or job calls it again safely.
 */
export async function chargeSucceeded(
  env: Env,
  ctx: WaitUntil,
  db: Db,
  payment: PaymentRow,
  lines?: ReceiptLine[],
): Promise<void> {
  await issuePaymentInvoice(env, db, payment, lines);
  await earnForPayment(env, ctx, db, payment);
}

/**
 * chargeSucceeded for a bulk job's charges (a renewal batch), each invoiced with its one default
 * line: the invoices numbered in one D1 batch, the points earned in one. What loyalty has to tell
 * the members comes back for the caller to queue, instead of a notification room call per member.
 */
export async function chargesSucceeded(env: Env, db: Db, paid: PaymentRow[]): Promise<NotifyMessage[]> {
  if (paid.length === 0) return [];
  await issuePaymentInvoices(env, db, paid);
  return earnForPayments(env, db, paid);
}

/** What follows a refund (all or part of a payment): the credit note and the points clawed back. Idempotent per refund key. */
export async function chargeRefunded(
  env: Env,
  ctx: WaitUntil,
  db: Db,
  payment: PaymentRow,
  refund: { key: string; amountCents: number },
): Promise<void> {
  const invoice = await findPaymentInvoice(db, payment.id);
  if (invoice) await issueRefundCreditNote(env, db, invoice, payment, refund);
  // A payment made before invoicing existed has nothing to credit; the refund itself stands.
  else log.warn("refund_without_invoice", { paymentId: payment.id, refundKey: refund.key });
  await clawBackPayment(env, ctx, db, payment, refund);
}
