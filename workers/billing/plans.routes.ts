import { createRoute, z } from "@hono/zod-openapi";
import { optionalAuth, requireAdmin } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { jsonBody, jsonResponse } from "../lib/openapi";
import { NewPlan, PlanIdParam, PlanListQuery, PlanPatch, PlanSchema } from "./plans.schemas";

const tags = ["plans"];
const admin = { security: bearerAuth, middleware: [requireAdmin], tags };

export const listPlans = createRoute({
  method: "get",
  path: "/plans",
  tags,
  middleware: [optionalAuth],
  summary: "Subscription plans, cheapest first",
  description: "Public: the active plans. With `?include=archived`, an admin sees archived plans too.",
  request: { query: PlanListQuery },
  responses: {
    200: jsonResponse(z.object({ items: z.array(PlanSchema), nextCursor: z.string().nullable() }), "The plans"),
    ...pickErrors(400, 401, 403),
  },
});

export const getPlan = createRoute({
  method: "get",
  path: "/plans/{id}",
  tags,
  summary: "One plan",
  request: { params: PlanIdParam },
  responses: { 200: jsonResponse(PlanSchema, "The plan"), ...pickErrors(404) },
});

export const createPlan = createRoute({
  ...admin,
  method: "post",
  path: "/plans",
  summary: "Create a plan (admin)",
  request: { body: jsonBody(NewPlan) },
  responses: { 201: jsonResponse(PlanSchema, "The new plan"), ...pickErrors(400, 401, 403) },
});

export const updatePlan = createRoute({
  ...admin,
  method: "patch",
  path: "/plans/{id}",
  summary: "Change or archive a plan (admin)",
  description:
    'A new price applies to each subscription from its next period. `status: "archived"` stops new subscriptions; subscribers keep renewing on it.',
  request: { params: PlanIdParam, body: jsonBody(PlanPatch) },
  responses: { 200: jsonResponse(PlanSchema, "The plan"), ...pickErrors(400, 401, 403, 404) },
});

export const deletePlan = createRoute({
  ...admin,
  method: "delete",
  path: "/plans/{id}",
  summary: "Delete a plan nobody ever subscribed to (admin)",
  description: "A plan any subscription used (even an ended one) cannot be deleted: 409; archive it instead.",
  request: { params: PlanIdParam },
  responses: { 204: { description: "Deleted" }, ...pickErrors(401, 403, 404, 409) },
});
