import { createRoute } from "@hono/zod-openapi";
import { requireAuth } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { errorResponses, pickErrors } from "../lib/errors";
import { IdempotencyHeader } from "../lib/idempotency";
import { jsonBody, jsonResponse } from "../lib/openapi";
import { NewPayment, PaymentSchema } from "../payments/payments.schemas";

export const createPayment = createRoute({
  security: bearerAuth,
  middleware: [requireAuth()],
  tags: ["payments"],
  method: "post",
  path: "/payments",
  summary: "Charge a card",
  description:
    "Charges a typed-in card or a saved one through the payment provider, and issues the paid invoice (`GET /me/invoices`). Send an `Idempotency-Key`: a retry with the same key returns the first result and never charges twice.",
  request: { headers: IdempotencyHeader, body: jsonBody(NewPayment) },
  responses: {
    201: jsonResponse(PaymentSchema, "The successful payment"),
    402: { ...errorResponses[400], description: "The card was declined or lacks funds" },
    ...pickErrors(400, 401, 404, 409, 422),
  },
});
