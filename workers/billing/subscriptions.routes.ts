import { createRoute } from "@hono/zod-openapi";
import { requireAdmin, requireAuth } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { errorResponses, pickErrors } from "../lib/errors";
import { IdempotencyHeader } from "../lib/idempotency";
import { jsonBody, jsonResponse } from "../lib/openapi";
import { pageOf } from "../lib/pagination";
import {
  AdminSubscriptionQuery,
  AdminSubscriptionSchema,
  BillingRunInput,
  BillingRunResult,
  CurrentSubscription,
  NewSubscription,
  PlanChangeInput,
  PlanChangePreview,
  PreviewQuery,
  SubscriptionCard,
  SubscriptionIdParam,
  SubscriptionSchema,
} from "./subscriptions.schemas";

const tags = ["subscriptions"];
const authed = { security: bearerAuth, middleware: [requireAuth()], tags };
const admin = { security: bearerAuth, middleware: [requireAdmin], tags };
const declined = {
  402: { ...errorResponses[400], description: "The card was declined (`reason`: card_declined | insufficient_funds)" },
};

export const getMySubscription = createRoute({
  ...authed,
  method: "get",
  path: "/me/subscription",
  summary: "Your subscription",
  description: "The live subscription; when none is live, the latest that ended; null when there never was one.",
  responses: { 200: jsonResponse(CurrentSubscription, "Your subscription or null"), ...pickErrors(401) },
});

export const subscribe = createRoute({
  ...authed,
  method: "post",
  path: "/me/subscription",
  summary: "Subscribe to a plan",
  description:
    "A plan with trial days starts `trialing` and charges nothing until the trial ends; the card is still required and saved. Otherwise the first period is charged now and the subscription is `active`; a decline is a 402 and nothing is created. A typed card is saved as a payment method: renewals charge it. One live subscription per account (409). Send an `Idempotency-Key`.",
  request: { headers: IdempotencyHeader, body: jsonBody(NewSubscription) },
  responses: {
    201: jsonResponse(SubscriptionSchema, "The new subscription"),
    ...declined,
    ...pickErrors(400, 401, 404, 409, 422),
  },
});

export const previewChange = createRoute({
  ...authed,
  method: "get",
  path: "/me/subscription/preview",
  summary: "What changing to a plan would cost",
  request: { query: PreviewQuery },
  responses: { 200: jsonResponse(PlanChangePreview, "The change"), ...pickErrors(400, 401, 404, 409) },
});

export const changePlan = createRoute({
  ...authed,
  method: "post",
  path: "/me/subscription/change",
  summary: "Change plan",
  description:
    "A plan dearer per day applies now, with a prorated charge for the rest of the period (402 on a decline: nothing changes). A cheaper one becomes `pendingPlan` and applies at the period's end. Choosing your current plan drops a pending downgrade. During a trial the plan simply switches. Send an `Idempotency-Key`.",
  request: { headers: IdempotencyHeader, body: jsonBody(PlanChangeInput) },
  responses: {
    200: jsonResponse(SubscriptionSchema, "The subscription"),
    ...declined,
    ...pickErrors(400, 401, 404, 409, 422),
  },
});

export const cancel = createRoute({
  ...authed,
  method: "post",
  path: "/me/subscription/cancel",
  summary: "Cancel at the period's end",
  description: "It keeps working until the period ends, then ends without charging again. An `unpaid` one ends now.",
  responses: { 200: jsonResponse(SubscriptionSchema, "The subscription"), ...pickErrors(401, 404, 409) },
});

export const resume = createRoute({
  ...authed,
  method: "post",
  path: "/me/subscription/resume",
  summary: "Undo a cancellation before the period ends",
  responses: { 200: jsonResponse(SubscriptionSchema, "The subscription"), ...pickErrors(401, 409) },
});

export const setCard = createRoute({
  ...authed,
  method: "put",
  path: "/me/subscription/payment-method",
  summary: "Choose the card renewals charge",
  description:
    "While a renewal payment is failing (`past_due`, `unpaid`), the charge is retried at once with this card: 402 if it is declined too (the card stays chosen).",
  request: { body: jsonBody(SubscriptionCard) },
  responses: {
    200: jsonResponse(SubscriptionSchema, "The subscription"),
    ...declined,
    ...pickErrors(400, 401, 404, 409),
  },
});

export const listSubscriptions = createRoute({
  ...admin,
  method: "get",
  path: "/subscriptions",
  summary: "All subscriptions, newest first (admin)",
  request: { query: AdminSubscriptionQuery },
  responses: { 200: jsonResponse(pageOf(AdminSubscriptionSchema), "Subscriptions"), ...pickErrors(400, 401, 403) },
});

export const cancelNow = createRoute({
  ...admin,
  method: "post",
  path: "/subscriptions/{id}/cancel-now",
  summary: "End a subscription now, refunding the unused time (admin)",
  description:
    "The unused part of the current paid period is refunded at the plan's price (with a credit note); a trial or an unpaid period refunds nothing.",
  request: { params: SubscriptionIdParam },
  responses: { 200: jsonResponse(SubscriptionSchema, "The ended subscription"), ...pickErrors(401, 403, 404, 409) },
});

export const runBilling = createRoute({
  ...admin,
  method: "post",
  path: "/billing/run",
  tags: ["subscriptions", "dev"],
  summary: "Run the cron's billing step now (admin)",
  description:
    "Renewals due, dunning retries (day 1, 3 and 5 after a decline, then `unpaid`) and cancellations at period end, as the cron runs them. `now` sets the clock, except in production.",
  request: { body: { content: { "application/json": { schema: BillingRunInput } } } },
  responses: { 200: jsonResponse(BillingRunResult, "What the run did"), ...pickErrors(400, 401, 403) },
});
