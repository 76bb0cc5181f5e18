import { createRoute, z } from "@hono/zod-openapi";
import { optionalAuth, requireAuth } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { IdParam } from "../lib/id-param";
import { IdempotencyHeader } from "../lib/idempotency";
import { jsonBody, jsonResponse } from "../lib/openapi";
import { PageQuery, pageOf } from "../lib/pagination";
import { NewReward, RedemptionSchema, RewardListQuery, RewardPatch, RewardSchema } from "./rewards.schemas";

const tags = ["loyalty"];
const authed = { tags, security: bearerAuth, middleware: [requireAuth()] };
const admin = { tags, security: bearerAuth, middleware: [requireAuth("admin")] };

export const listRewards = createRoute({
  tags,
  middleware: [optionalAuth],
  method: "get",
  path: "/rewards",
  summary: "The rewards points can buy, cheapest first",
  description: "Public: the active rewards. With `?include=archived`, an admin sees archived ones too.",
  request: { query: RewardListQuery },
  responses: { 200: jsonResponse(z.object({ items: z.array(RewardSchema) }), "Rewards"), ...pickErrors(400, 401, 403) },
});

export const createReward = createRoute({
  ...admin,
  method: "post",
  path: "/rewards",
  summary: "Add a reward (admin)",
  request: { body: jsonBody(NewReward) },
  responses: { 201: jsonResponse(RewardSchema, "The reward"), ...pickErrors(400, 401, 403) },
});

export const updateReward = createRoute({
  ...admin,
  method: "patch",
  path: "/rewards/{id}",
  summary: "Change a reward, archive or restore it (admin)",
  request: { params: IdParam, body: jsonBody(RewardPatch) },
  responses: { 200: jsonResponse(RewardSchema, "The reward"), ...pickErrors(400, 401, 403, 404) },
});

export const archiveReward = createRoute({
  ...admin,
  method: "delete",
  path: "/rewards/{id}",
  summary: "Archive a reward (admin)",
  description: "Rewards are archived, never deleted: vouchers already issued keep naming them.",
  request: { params: IdParam },
  responses: { 204: { description: "Archived" }, ...pickErrors(401, 403, 404) },
});

export const redeemReward = createRoute({
  ...authed,
  method: "post",
  path: "/rewards/{id}/redeem",
  summary: "Spend points on a reward: a voucher code",
  description:
    "Deducts the reward's cost from your balance and issues a voucher code, once per `Idempotency-Key`. 409 with `reason` `insufficient_points` or `out_of_stock` when it cannot; of two redemptions racing for the last points or the last item, exactly one succeeds.",
  request: { params: IdParam, headers: IdempotencyHeader },
  responses: {
    201: jsonResponse(RedemptionSchema, "The voucher"),
    ...pickErrors(400, 401, 404, 409, 422),
  },
});

export const listMyRewards = createRoute({
  ...authed,
  method: "get",
  path: "/me/rewards",
  summary: "Your vouchers, newest first",
  request: { query: PageQuery },
  responses: { 200: jsonResponse(pageOf(RedemptionSchema), "Your redemptions"), ...pickErrors(400, 401) },
});
