import { createRoute } from "@hono/zod-openapi";
import { requireAuth } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { jsonBody, jsonResponse } from "../lib/openapi";
import { pageOf } from "../lib/pagination";
import { NewPaymentMethod, PaymentMethodIdParam, PaymentMethodPatch, PaymentMethodSchema } from "./payment-methods.schemas";

const authed = { security: bearerAuth, middleware: [requireAuth()], tags: ["payment methods"] };

export const listPaymentMethods = createRoute({
  ...authed,
  method: "get",
  path: "/me/payment-methods",
  summary: "Your saved cards",
  responses: {
    200: jsonResponse(pageOf(PaymentMethodSchema), "Saved cards, the default first, then newest first"),
    ...pickErrors(401),
  },
});

export const addPaymentMethod = createRoute({
  ...authed,
  method: "post",
  path: "/me/payment-methods",
  summary: "Save a card",
  description:
    "The card is tokenized with the payment provider; only its brand, last four digits and expiry are kept. Your first card becomes the default.",
  request: { body: jsonBody(NewPaymentMethod) },
  responses: { 201: jsonResponse(PaymentMethodSchema, "The saved card"), ...pickErrors(400, 401) },
});

export const getPaymentMethod = createRoute({
  ...authed,
  method: "get",
  path: "/me/payment-methods/{id}",
  summary: "One saved card",
  request: { params: PaymentMethodIdParam },
  responses: { 200: jsonResponse(PaymentMethodSchema, "The card"), ...pickErrors(401, 404) },
});

export const deletePaymentMethod = createRoute({
  ...authed,
  method: "delete",
  path: "/me/payment-methods/{id}",
  summary: "Remove a saved card",
  description:
    "Removing the default card makes the newest remaining card the default. The card a live subscription renews with cannot be removed (409): give the subscription another card first.",
  request: { params: PaymentMethodIdParam },
  responses: { 204: { description: "Removed" }, ...pickErrors(401, 404, 409) },
});

export const updatePaymentMethod = createRoute({
  ...authed,
  method: "patch",
  path: "/me/payment-methods/{id}",
  summary: "Update a saved card's expiry or name, or make it the default",
  description:
    "An expiry in the past is refused (400). During dunning, `PUT /me/subscription/payment-method` with this card retries the subscription's charge at once.",
  request: { params: PaymentMethodIdParam, body: jsonBody(PaymentMethodPatch) },
  responses: { 200: jsonResponse(PaymentMethodSchema, "The card"), ...pickErrors(400, 401, 404) },
});
