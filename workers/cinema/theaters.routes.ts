import { createRoute } from "@hono/zod-openapi";
import { requireAdmin } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { jsonBody, jsonResponse } from "../lib/openapi";
import { PageQuery, pageOf } from "../lib/pagination";
import { IdParam, NewTheater, TheaterChange, TheaterDetailSchema, TheaterSchema } from "./cinema.schemas";

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

export const updateTheater = createRoute({
  tags,
  security: bearerAuth,
  middleware: [requireAdmin],
  method: "patch",
  path: "/theaters/{id}",
  summary: "Rename a theater or change its seat map (admin)",
  description:
    "Renaming always works (names need not be unique). A new `layout` (same format as when adding a theater) is refused with 409 while the theater has a scheduled showtime that has not ended: those showtimes' seat maps, which buyers hold and buy from, must not change under them. The problem's `showtimes` member says how many. Sending the layout the theater already has is not a change.",
  request: { params: IdParam, body: jsonBody(TheaterChange) },
  responses: {
    200: jsonResponse(TheaterDetailSchema, "The theater and its seats"),
    ...pickErrors(400, 401, 403, 404, 409),
  },
});

export const deleteTheater = createRoute({
  tags,
  security: bearerAuth,
  middleware: [requireAdmin],
  method: "delete",
  path: "/theaters/{id}",
  summary: "Delete a theater (admin)",
  description:
    "A soft delete: the theater leaves the list and the API (404), and no showtime can be scheduled in it; its past showtimes, orders and tickets keep its name. Refused with 409 while it has a scheduled showtime that has not ended (the problem's `showtimes` member says how many): cancel those first.",
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...pickErrors(401, 403, 404, 409) },
});
