import { createRoute } from "@hono/zod-openapi";
import { requireAuth } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { errorResponses, pickErrors } from "../lib/errors";
import { jsonBody, jsonResponse } from "../lib/openapi";
import { HoldSchema, IdParam, NewHold, QuoteQuery, QuoteSchema } from "./cinema.schemas";

const authed = { tags: ["box office"], security: bearerAuth, middleware: [requireAuth()] };
const gone = { 410: { ...errorResponses[404], description: "The hold has expired" } };

export const createHold = createRoute({
  ...authed,
  method: "post",
  path: "/showtimes/{id}/holds",
  summary: "Hold seats",
  description:
    '`{seats: ["E7","E8"]}` holds those seats; `{count: 4}` holds the best adjacent seats available. All or nothing: a seat that is not available answers 409 naming it. A new hold replaces your previous hold on this showtime.',
  request: { params: IdParam, body: jsonBody(NewHold) },
  responses: { 201: jsonResponse(HoldSchema, "The hold"), ...pickErrors(400, 401, 404, 409, 422) },
});

export const getHold = createRoute({
  ...authed,
  method: "get",
  path: "/holds/{id}",
  summary: "One of your holds",
  request: { params: IdParam },
  responses: { 200: jsonResponse(HoldSchema, "The hold"), ...pickErrors(401, 404) },
});

export const extendHold = createRoute({
  ...authed,
  method: "patch",
  path: "/holds/{id}",
  summary: "Extend a hold once",
  description: "Adds up to another TTL, never past twice the TTL after the hold was made.",
  request: { params: IdParam },
  responses: { 200: jsonResponse(HoldSchema, "The extended hold"), ...gone, ...pickErrors(401, 404, 409) },
});

export const releaseHold = createRoute({
  ...authed,
  method: "delete",
  path: "/holds/{id}",
  summary: "Release a hold",
  request: { params: IdParam },
  responses: { 204: { description: "Released" }, ...gone, ...pickErrors(401, 404, 409) },
});

export const quoteHold = createRoute({
  ...authed,
  method: "get",
  path: "/holds/{id}/quote",
  summary: "What buying your hold would cost, after loyalty benefits",
  description:
    "The seats' subtotal, each discount (a voucher: a free ticket pays for the dearest seat, a discount code takes its percent off; then Gold's 10 % off) and the total the card would be charged. 404 for a voucher that is not yours or does not exist, 409 for a used one or a snack voucher.",
  request: { params: IdParam, query: QuoteQuery },
  responses: { 200: jsonResponse(QuoteSchema, "The quote"), ...pickErrors(400, 401, 404, 409) },
});
