import { audit } from "../lib/audit";
import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { findAdminPayment } from "../payments/admin-payments.queries";
import * as routes from "../payments/admin-payments.routes";
import { toAdminPayment } from "../payments/admin-payments.schemas";
import { refundPayment } from "../payments/payments.charge";
import { chargeRefunded } from "./receipts";

/**
 * An admin's refund of a standalone payment (a direct charge or a subscription period). It lives
 * in billing, not payments, because the refund's credit note and loyalty clawback are billing's,
 * as `POST /payments` (charges.index.ts) is for the invoice.
 */
export const paymentRefundsRouter = createRouter().openapi(routes.refundPayment, async (c) => {
  const db = c.get("db");
  const { id } = c.req.valid("param");
  const { reason } = c.req.valid("json");
  const found = await findAdminPayment(db, id);
  if (!found) throw new ApiError("not_found", "No such payment");
  const { payment } = found;
  if (payment.orderId) {
    throw new ApiError(
      "conflict",
      `This payment belongs to ticket order ${payment.orderId}: refund the order (POST /orders/${payment.orderId}/refund), which also voids its tickets`,
      { orderId: payment.orderId },
    );
  }
  if (payment.status === "refunded") throw new ApiError("conflict", "This payment is already refunded");
  if (payment.status !== "succeeded") {
    throw new ApiError("conflict", `Only a successful payment can be refunded; this one is ${payment.status}`);
  }
  const amountCents = payment.amountCents - payment.refundedCents;
  // refundPayment reserves the amount in one conditional UPDATE: of two refunds racing, one gets a 409.
  const refunded = await refundPayment(c.env, db, payment);
  await chargeRefunded(c.env, c.executionCtx, db, refunded, { key: `refund:${refunded.id}:${refunded.refundId}`, amountCents });
  await audit(c, {
    action: "payment.refunded",
    targetType: "payment",
    targetId: payment.id,
    detail: { userId: payment.userId, amountCents, currency: payment.currency, reason, refundId: refunded.refundId },
  });
  return c.json(toAdminPayment({ payment: refunded, user: found.user }), 200);
});
