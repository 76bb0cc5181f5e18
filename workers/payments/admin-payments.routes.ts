import { createRoute } from "@hono/zod-openapi";
import { requireAuth } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { IdParam } from "../lib/id-param";
import { jsonBody, jsonResponse } from "../lib/openapi";
import { pageOf } from "../lib/pagination";
import { AdminPaymentQuery, AdminPaymentSchema, AdminUserPaymentQuery, RefundInputSchema } from "./admin-payments.schemas";

const admin = { security: bearerAuth, middleware: [requireAuth("admin")], tags: ["payments"] };

export const listAllPayments = createRoute({
  ...admin,
  method: "get",
  path: "/admin/payments",
  summary: "Every payment, newest first, with its payer (admin)",
  request: { query: AdminPaymentQuery },
  responses: { 200: jsonResponse(pageOf(AdminPaymentSchema), "Payments"), ...pickErrors(400, 401, 403) },
});

export const userPayments = createRoute({
  ...admin,
  method: "get",
  path: "/admin/users/{id}/payments",
  summary: "A user's payments, newest first (admin)",
  request: { params: IdParam, query: AdminUserPaymentQuery },
  responses: { 200: jsonResponse(pageOf(AdminPaymentSchema), "Payments"), ...pickErrors(400, 401, 403, 404) },
});

/** Served by billing (billing/payment-refunds.index.ts): a refund issues a credit note, which is billing's. */
export const refundPayment = createRoute({
  ...admin,
  method: "post",
  path: "/admin/payments/{id}/refund",
  summary: "Refund what is left of a standalone payment (admin; audited)",
  description:
    "Gives the money back to the card through the payment provider, issues a credit note and claws back the loyalty points the payment earned. " +
    "A ticket order's payment is refunded through the order (`POST /orders/{id}/refund`, which also voids its tickets): 409 here. " +
    "A payment already refunded answers 409, so a repeated request never refunds twice.",
  request: { params: IdParam, body: jsonBody(RefundInputSchema) },
  responses: { 200: jsonResponse(AdminPaymentSchema, "The refunded payment"), ...pickErrors(400, 401, 403, 404, 409) },
});
