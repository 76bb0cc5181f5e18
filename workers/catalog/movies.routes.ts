import { createRoute } from "@hono/zod-openapi";
import { requireAdmin } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { IdParam } from "../lib/id-param";
import { jsonBody, jsonResponse } from "../lib/openapi";
import { pageOf } from "../lib/pagination";
import { CastInput, MovieDetailSchema, MovieInput, MovieSummarySchema, MovieUpdate, TitleListQuery } from "./titles.schemas";

const tags = ["catalog: movies"];
const admin = { tags, security: bearerAuth, middleware: [requireAdmin] };

export const listMovies = createRoute({
  tags,
  method: "get",
  path: "/movies",
  summary: "Browse movies",
  description: "Filters combine; a first page is served from the edge cache when it is hot (`x-cache: hit`).",
  request: { query: TitleListQuery },
  responses: { 200: jsonResponse(pageOf(MovieSummarySchema), "A page of movies"), ...pickErrors(400) },
});

/** Served by engagement/title-pages.index.ts, which adds the movie's likes. */
export const getMovie = createRoute({
  tags,
  method: "get",
  path: "/movies/{id}",
  summary: "One movie, with its genres and cast",
  request: { params: IdParam },
  responses: { 200: jsonResponse(MovieDetailSchema, "The movie"), ...pickErrors(404) },
});

export const createMovie = createRoute({
  ...admin,
  method: "post",
  path: "/movies",
  summary: "Add a movie (admin)",
  request: { body: jsonBody(MovieInput) },
  responses: { 201: jsonResponse(MovieDetailSchema, "The new movie"), ...pickErrors(400, 401, 403, 422) },
});

export const updateMovie = createRoute({
  ...admin,
  method: "patch",
  path: "/movies/{id}",
  summary: "Change a movie (admin); `genres` replaces the whole list",
  request: { params: IdParam, body: jsonBody(MovieUpdate) },
  responses: { 200: jsonResponse(MovieDetailSchema, "The changed movie"), ...pickErrors(400, 401, 403, 404, 422) },
});

export const deleteMovie = createRoute({
  ...admin,
  method: "delete",
  path: "/movies/{id}",
  summary: "Delete a movie (admin)",
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...pickErrors(401, 403, 404, 409) },
});

export const setMovieCast = createRoute({
  ...admin,
  method: "put",
  path: "/movies/{id}/cast",
  summary: "Replace a movie's cast (admin)",
  description: "Characters in billing order; the old cast is replaced in one transaction. Unknown character ids answer 422.",
  request: { params: IdParam, body: jsonBody(CastInput) },
  responses: { 200: jsonResponse(MovieDetailSchema, "The movie with its new cast"), ...pickErrors(400, 401, 403, 404, 422) },
});
