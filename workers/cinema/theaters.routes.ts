import { createRoute } from "@hono/zod-openapi";
import { requireAdmin } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { jsonBody, jsonResponse } from "../lib/openapi";
import { PageQuery, pageOf } from "../lib/pagination";
import { IdParam, NewTheater, TheaterDetailSchema, TheaterSchema } from "./cinema.schemas";

const tags = ["box office"];

export const createTheater = createRoute({
  tags,
  security: bearerAuth,
  middleware: [requireAdmin],
  method: "post",
  path: "/theaters",
  summary: "Add a theater (admin)",
  description:
    "Either `rows` × `seatsPerRow` (rows A, B, … from the screen; seats 1…n), or a `layout` whose rows are strings of cells: `s` standard, `p` premium, `w` wheelchair space, `c` companion seat, `x` blocked seat, `_` gap or aisle.",
  request: { body: jsonBody(NewTheater) },
  responses: { 201: jsonResponse(TheaterDetailSchema, "The theater and its seats"), ...pickErrors(400, 401, 403) },
});

export const listTheaters = createRoute({
  tags,
  method: "get",
  path: "/theaters",
  summary: "Theaters, by name",
  request: { query: PageQuery },
  responses: { 200: jsonResponse(pageOf(TheaterSchema), "Theaters"), ...pickErrors(400) },
});

export const getTheater = createRoute({
  tags,
  method: "get",
  path: "/theaters/{id}",
  summary: "One theater with its seat map",
  request: { params: IdParam },
  responses: { 200: jsonResponse(TheaterDetailSchema, "The theater"), ...pickErrors(404) },
});
