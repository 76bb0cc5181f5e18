import { createRoute } from "@hono/zod-openapi";
import { requireAuth } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { IdParam } from "../lib/id-param";
import { jsonBody, jsonResponse } from "../lib/openapi";
import { pageOf } from "../lib/pagination";
import { ReviewInputSchema, ReviewListQuery, ReviewSchema, ReviewStatsSchema, ReviewUpdateSchema } from "./reviews.schemas";

const tags = ["reviews"];
const authed = { security: bearerAuth, middleware: [requireAuth()], tags };

export const createReview = createRoute({
  ...authed,
  method: "post",
  path: "/reviews",
  summary: "Review a movie (one review per person per movie)",
  request: { body: jsonBody(ReviewInputSchema) },
  responses: { 201: jsonResponse(ReviewSchema, "The review"), ...pickErrors(400, 401, 404, 409) },
});

export const updateReview = createRoute({
  ...authed,
  method: "patch",
  path: "/reviews/{id}",
  summary: "Change your review",
  request: { params: IdParam, body: jsonBody(ReviewUpdateSchema) },
  responses: { 200: jsonResponse(ReviewSchema, "The review"), ...pickErrors(400, 401, 404) },
});

export const deleteReview = createRoute({
  ...authed,
  method: "delete",
  path: "/reviews/{id}",
  summary: "Delete your review (moderators may delete any)",
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...pickErrors(401, 404) },
});

export const listReviews = createRoute({
  tags,
  method: "get",
  path: "/movies/{id}/reviews",
  summary: "A movie's reviews",
  request: { params: IdParam, query: ReviewListQuery },
  responses: { 200: jsonResponse(pageOf(ReviewSchema), "Reviews"), ...pickErrors(400, 404) },
});

export const reviewStats = createRoute({
  tags,
  method: "get",
  path: "/movies/{id}/reviews/stats",
  summary: "Average rating, count and histogram of a movie's reviews",
  request: { params: IdParam },
  responses: { 200: jsonResponse(ReviewStatsSchema, "Stats"), ...pickErrors(404) },
});
