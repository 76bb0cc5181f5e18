import { createRoute } from "@hono/zod-openapi";
import { requireAuth } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { IdParam } from "../lib/id-param";
import { jsonBody, jsonResponse } from "../lib/openapi";
import { PageQuery, pageOf } from "../lib/pagination";
import { LedgerEntrySchema, LoyaltyRun, LoyaltyRunResult, LoyaltySchema, NewAdjustment } from "./membership.schemas";

const authed = { tags: ["loyalty"], security: bearerAuth, middleware: [requireAuth()] };
const admin = { tags: ["loyalty"], security: bearerAuth, middleware: [requireAuth("admin")] };

export const getLoyalty = createRoute({
  ...authed,
  method: "get",
  path: "/me/loyalty",
  summary: "Your points balance, tier and progress to the next one",
  description:
    "Non-members see `member: false` and a zero balance; the first purchase (or `POST /me/loyalty`) makes the membership. The tier counts points earned in the last 12 months, net of refunds.",
  responses: { 200: jsonResponse(LoyaltySchema, "Your loyalty standing"), ...pickErrors(401) },
});

export const joinLoyalty = createRoute({
  ...authed,
  method: "post",
  path: "/me/loyalty",
  summary: "Join the loyalty programme",
  description: "201 when the membership is created, 200 when you were a member already.",
  responses: {
    200: jsonResponse(LoyaltySchema, "Already a member"),
    201: jsonResponse(LoyaltySchema, "Joined"),
    ...pickErrors(401),
  },
});

export const listLedger = createRoute({
  ...authed,
  method: "get",
  path: "/me/loyalty/ledger",
  summary: "Your points ledger, newest first",
  request: { query: PageQuery },
  responses: { 200: jsonResponse(pageOf(LedgerEntrySchema), "Ledger entries"), ...pickErrors(400, 401) },
});

export const getMemberLoyalty = createRoute({
  ...admin,
  method: "get",
  path: "/users/{id}/loyalty",
  summary: "Someone's loyalty standing (admin)",
  request: { params: IdParam },
  responses: { 200: jsonResponse(LoyaltySchema, "Their loyalty standing"), ...pickErrors(401, 403, 404) },
});

export const adjustPoints = createRoute({
  ...admin,
  method: "post",
  path: "/users/{id}/loyalty/adjustments",
  summary: "Add or take points by hand, with a reason (admin)",
  description: "Makes the account a member if it was not. The entry is appended to the ledger like any other.",
  request: { params: IdParam, body: jsonBody(NewAdjustment) },
  responses: { 201: jsonResponse(LedgerEntrySchema, "The ledger entry"), ...pickErrors(400, 401, 403, 404) },
});

export const runLoyalty = createRoute({
  ...admin,
  method: "post",
  path: "/loyalty/run",
  summary: "Run the cron's loyalty step now (admin)",
  description:
    "Points 12 months old lapse (oldest first) and tiers follow. `now` sets the instant to run at, accepted only when `ENVIRONMENT` is not production (for tests and demos).",
  request: { body: jsonBody(LoyaltyRun) },
  responses: { 200: jsonResponse(LoyaltyRunResult, "What the run did"), ...pickErrors(400, 401, 403) },
});
