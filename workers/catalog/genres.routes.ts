import { createRoute } from "@hono/zod-openapi";
import { requireAdmin } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { IdParam } from "../lib/id-param";
import { jsonBody, jsonResponse } from "../lib/openapi";
import { PageQuery, pageOf } from "../lib/pagination";
import { GenreInput, GenreSchema } from "./genres.schemas";

const tags = ["catalog: genres"];
const admin = { tags, security: bearerAuth, middleware: [requireAdmin] };

export const listGenres = createRoute({
  tags,
  method: "get",
  path: "/genres",
  summary: "Genres, by name",
  request: { query: PageQuery },
  responses: { 200: jsonResponse(pageOf(GenreSchema), "A page of genres"), ...pickErrors(400) },
});

export const getGenre = createRoute({
  tags,
  method: "get",
  path: "/genres/{id}",
  summary: "One genre",
  request: { params: IdParam },
  responses: { 200: jsonResponse(GenreSchema, "The genre"), ...pickErrors(404) },
});

export const createGenre = createRoute({
  ...admin,
  method: "post",
  path: "/genres",
  summary: "Add a genre (admin)",
  request: { body: jsonBody(GenreInput) },
  responses: { 201: jsonResponse(GenreSchema, "The new genre"), ...pickErrors(400, 401, 403, 409) },
});

export const updateGenre = createRoute({
  ...admin,
  method: "patch",
  path: "/genres/{id}",
  summary: "Rename a genre (admin)",
  request: { params: IdParam, body: jsonBody(GenreInput) },
  responses: { 200: jsonResponse(GenreSchema, "The renamed genre"), ...pickErrors(400, 401, 403, 404, 409) },
});

export const deleteGenre = createRoute({
  ...admin,
  method: "delete",
  path: "/genres/{id}",
  summary: "Delete a genre no title uses (admin)",
  description: "A genre still carried by a movie or series answers 409 with `count`, the number of such titles.",
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...pickErrors(401, 403, 404, 409) },
});
