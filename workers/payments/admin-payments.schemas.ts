import { z } from "@hono/zod-openapi";
import { paymentStatuses } from "../db/schema";
import { PageQuery } from "../lib/pagination";
import type { AdminPaymentRow } from "./admin-payments.queries";
import { PaymentSchema, toPayment } from "./payments.schemas";

/** A payment as staff see it: who paid, what it was for, and how much has gone back. */
export const AdminPaymentSchema = PaymentSchema.extend({
  subscriptionId: z.string().nullable(),
  refundedCents: z.number().int().openapi({ description: "In cents; equals `amount` once fully refunded" }),
  user: z.object({ id: z.string(), name: z.string(), email: z.string() }),
}).openapi("AdminPayment");

export type AdminPayment = z.infer<typeof AdminPaymentSchema>;

export const toAdminPayment = ({ payment, user }: AdminPaymentRow): AdminPayment => ({
  ...toPayment(payment),
  subscriptionId: payment.subscriptionId,
  refundedCents: payment.refundedCents,
  user,
});

const status = z.enum(paymentStatuses).optional();

export const AdminPaymentQuery = PageQuery.extend({
  userId: z.string().min(1).max(64).optional().openapi({ description: "The payer's account id" }),
  status,
});

export const AdminUserPaymentQuery = PageQuery.extend({ status });

export const RefundInputSchema = z
  .object({
    reason: z.string().trim().min(1).max(500).openapi({ example: "Gift card never used" }),
  })
  .openapi("AdminRefundInput");
