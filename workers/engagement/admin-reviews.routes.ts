import { createRoute } from "@hono/zod-openapi";
import { requireAuth } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { IdParam } from "../lib/id-param";
import { jsonBody, jsonResponse } from "../lib/openapi";
import { pageOf } from "../lib/pagination";
import {
  AdminReviewQuery,
  AdminReviewSchema,
  AdminUserReviewQuery,
  ReviewReportInputSchema,
  ReviewReportSchema,
} from "./admin-reviews.schemas";

const tags = ["reviews"];
const staff = { security: bearerAuth, middleware: [requireAuth("admin", "moderator")], tags };

export const reportReview = createRoute({
  security: bearerAuth,
  middleware: [requireAuth()],
  tags,
  method: "post",
  path: "/reviews/{id}/report",
  summary: "Report a review to the moderators",
  description: "One report per person per review; reporting again answers 200 with the first report and counts nothing.",
  request: { params: IdParam, body: jsonBody(ReviewReportInputSchema) },
  responses: {
    201: jsonResponse(ReviewReportSchema, "Reported"),
    200: jsonResponse(ReviewReportSchema, "Already reported"),
    ...pickErrors(400, 401, 404, 422),
  },
});

export const listAllReviews = createRoute({
  ...staff,
  method: "get",
  path: "/admin/reviews",
  summary: "Every review, newest first, with its author, movie and report count (admin, moderator)",
  request: { query: AdminReviewQuery },
  responses: { 200: jsonResponse(pageOf(AdminReviewSchema), "Reviews"), ...pickErrors(400, 401, 403) },
});

export const removeReview = createRoute({
  ...staff,
  method: "delete",
  path: "/admin/reviews/{id}",
  summary: "Remove a review (admin, moderator; audited)",
  request: { params: IdParam },
  responses: { 204: { description: "Removed" }, ...pickErrors(401, 403, 404) },
});

export const userReviews = createRoute({
  security: bearerAuth,
  middleware: [requireAuth("admin")],
  tags,
  method: "get",
  path: "/admin/users/{id}/reviews",
  summary: "A user's reviews, newest first (admin)",
  request: { params: IdParam, query: AdminUserReviewQuery },
  responses: { 200: jsonResponse(pageOf(AdminReviewSchema), "Reviews"), ...pickErrors(400, 401, 403, 404) },
});
