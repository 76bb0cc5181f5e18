import type { Db, WaitUntil } from "../lib/context";
import type { PaymentRow } from "../payments/payments.queries";

/** One line of what was bought, its unit price tax included (consumer prices are gross). */
export interface ReceiptLine {
  description: string;
  quantity: number;
  unitCents: number;
}

/**
 * What follows every successful charge, whoever made it (ticket order, subscription period,
 * proration, a direct payment): the invoice and the loyalty points. Idempotent per payment, so
 * a retried request or job calls it again safely.
 */
export async function chargeSucceeded(
  _env: Env,
  _ctx: WaitUntil,
  _db: Db,
  _payment: PaymentRow,
  _lines?: ReceiptLine[],
): Promise<void> {}

/** What follows a refund (all or part of a payment): the credit note and the points clawed back. Idempotent per refund key. */
export async function chargeRefunded(
  _env: Env,
  _ctx: WaitUntil,
  _db: Db,
  _payment: PaymentRow,
  _refund: { key: string; amountCents: number },
): Promise<void> {}
