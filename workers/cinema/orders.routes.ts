import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { errorResponses, pickErrors } from "../lib/errors";
import { IdempotencyHeader } from "../lib/idempotency";
import { jsonBody, jsonResponse } from "../lib/openapi";
import { PageQuery, pageOf } from "../lib/pagination";
import { IdParam, NewOrder, OrderSchema } from "./cinema.schemas";

const authed = { tags: ["box office"], security: bearerAuth, middleware: [requireAuth()] };

export const createOrder = createRoute({
  ...authed,
  method: "post",
  path: "/orders",
  summary: "Buy the seats of your hold",
  description:
    "Charges the card (or saved card) and issues one ticket per seat. Requires an `Idempotency-Key`: repeated or concurrent requests with the same key return the same order and charge once, and a retry after a failure finishes the job. A declined card answers 402 and the seats stay held until the hold expires; an expired hold answers 410.",
  request: { headers: IdempotencyHeader, body: jsonBody(NewOrder) },
  responses: {
    201: jsonResponse(OrderSchema, "The paid order with its tickets"),
    402: { ...errorResponses[400], description: "The card was declined or lacks funds" },
    410: { ...errorResponses[404], description: "The hold has expired" },
    ...pickErrors(400, 401, 404, 409, 422),
  },
});

export const getOrder = createRoute({
  ...authed,
  method: "get",
  path: "/orders/{id}",
  summary: "One of your orders",
  request: { params: IdParam },
  responses: { 200: jsonResponse(OrderSchema, "The order"), ...pickErrors(401, 404) },
});

export const listMyOrders = createRoute({
  ...authed,
  method: "get",
  path: "/me/orders",
  summary: "Your orders, newest first (failed attempts left out)",
  request: { query: PageQuery },
  responses: { 200: jsonResponse(pageOf(OrderSchema), "Orders"), ...pickErrors(400, 401) },
});

export const refundOrder = createRoute({
  ...authed,
  method: "post",
  path: "/orders/{id}/refund",
  summary: "Refund an order in full (before the showtime starts)",
  description:
    "The seats go back on sale at once and the live seat map shows it. Refunding a refunded order answers it unchanged. An order any of whose tickets was checked in at the door answers 409 (`reason: checked_in`, with the scanned tickets): there are no partial refunds, so one used seat keeps the whole order; a cancelled showtime still refunds every order.",
  request: { params: IdParam },
  responses: { 200: jsonResponse(OrderSchema, "The refunded order"), ...pickErrors(401, 404, 409) },
});

export const orderCalendar = createRoute({
  ...authed,
  method: "get",
  path: "/orders/{id}/calendar.ics",
  summary: "An order as a calendar event (.ics download; the buyer, or staff)",
  description:
    "An iCalendar file (RFC 5545) with one event: UID `<orderId>@marquee`, the film's start and end in UTC (the end leaves out the cleaning buffer the showtime's `endsAt` includes), the movie title, the theater, and the seats with their ticket codes. A refunded order still answers, its event `STATUS:CANCELLED` with a higher `SEQUENCE`, so importing it again cancels the event. An order that was never paid answers 409.",
  request: { params: IdParam },
  responses: {
    200: {
      description: "The calendar file, as an attachment",
      content: { "text/calendar": { schema: z.string() } },
    },
    ...pickErrors(401, 404, 409),
  },
});
