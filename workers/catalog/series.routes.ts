import { createRoute } from "@hono/zod-openapi";
import { requireAdmin } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { IdParam } from "../lib/id-param";
import { jsonBody, jsonResponse } from "../lib/openapi";
import { pageOf } from "../lib/pagination";
import { CastInput, SeriesDetailSchema, SeriesInput, SeriesSummarySchema, SeriesUpdate, TitleListQuery } from "./titles.schemas";

const tags = ["catalog: series"];
const admin = { tags, security: bearerAuth, middleware: [requireAdmin] };

export const listSeries = createRoute({
  tags,
  method: "get",
  path: "/series",
  summary: "Browse series",
  description: "Filters combine; a first page is served from the edge cache when it is hot (`x-cache: hit`).",
  request: { query: TitleListQuery },
  responses: { 200: jsonResponse(pageOf(SeriesSummarySchema), "A page of series"), ...pickErrors(400) },
});

/** Served by engagement/title-pages.index.ts, which adds the series' likes. */
export const getSeries = createRoute({
  tags,
  method: "get",
  path: "/series/{id}",
  summary: "One series, with its genres, cast and every season and episode",
  request: { params: IdParam },
  responses: { 200: jsonResponse(SeriesDetailSchema, "The series"), ...pickErrors(404) },
});

export const createSeries = createRoute({
  ...admin,
  method: "post",
  path: "/series",
  summary: "Add a series (admin)",
  request: { body: jsonBody(SeriesInput) },
  responses: { 201: jsonResponse(SeriesDetailSchema, "The new series"), ...pickErrors(400, 401, 403, 422) },
});

export const updateSeries = createRoute({
  ...admin,
  method: "patch",
  path: "/series/{id}",
  summary: "Change a series (admin); `genres` replaces the whole list",
  request: { params: IdParam, body: jsonBody(SeriesUpdate) },
  responses: { 200: jsonResponse(SeriesDetailSchema, "The changed series"), ...pickErrors(400, 401, 403, 404, 422) },
});

export const deleteSeries = createRoute({
  ...admin,
  method: "delete",
  path: "/series/{id}",
  summary: "Delete a series, with its seasons and episodes (admin)",
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...pickErrors(401, 403, 404, 409) },
});

export const setSeriesCast = createRoute({
  ...admin,
  method: "put",
  path: "/series/{id}/cast",
  summary: "Replace a series' cast (admin)",
  description: "Characters in billing order; the old cast is replaced in one transaction. Unknown character ids answer 422.",
  request: { params: IdParam, body: jsonBody(CastInput) },
  responses: { 200: jsonResponse(SeriesDetailSchema, "The series with its new cast"), ...pickErrors(400, 401, 403, 404, 422) },
});
