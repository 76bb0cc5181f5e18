import { createRoute } from "@hono/zod-openapi";
import { requireAuth } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { errorResponses, pickErrors } from "../lib/errors";
import { IdempotencyHeader } from "../lib/idempotency";
import { jsonBody, jsonResponse } from "../lib/openapi";
import { PageQuery, pageOf } from "../lib/pagination";
import { NewPayment, PaymentIdParam, PaymentSchema } from "./payments.schemas";

const authed = { security: bearerAuth, middleware: [requireAuth()], tags: ["payments"] };
const paymentFailed = { 402: { ...errorResponses[400], description: "The card was declined or lacks funds" } };

export const createPayment = createRoute({
  ...authed,
  method: "post",
  path: "/payments",
  summary: "Charge a card",
  description:
    "Charges a typed-in card or a saved one through the payment provider. Send an `Idempotency-Key`: a retry with the same key returns the first result and never charges twice.",
  request: { headers: IdempotencyHeader, body: jsonBody(NewPayment) },
  responses: {
    201: jsonResponse(PaymentSchema, "The successful payment"),
    ...paymentFailed,
    ...pickErrors(400, 401, 404, 409, 422),
  },
});

export const getPayment = createRoute({
  ...authed,
  method: "get",
  path: "/payments/{id}",
  summary: "One payment (yours, or any for an admin)",
  request: { params: PaymentIdParam },
  responses: { 200: jsonResponse(PaymentSchema, "The payment"), ...pickErrors(401, 404) },
});

export const listMyPayments = createRoute({
  ...authed,
  method: "get",
  path: "/me/payments",
  summary: "Your payments, newest first",
  request: { query: PageQuery },
  responses: { 200: jsonResponse(pageOf(PaymentSchema), "Payments"), ...pickErrors(400, 401) },
});
