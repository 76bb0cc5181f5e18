import { createRoute, z } from "@hono/zod-openapi";
import { requireAdmin } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { jsonBody, jsonResponse } from "../lib/openapi";
import { pageOf } from "../lib/pagination";
import { IdParam, NewShowtime, SeatMapSchema, ShowtimeQuery, ShowtimeSalesSchema, ShowtimeSchema } from "./cinema.schemas";

const tags = ["box office"];

export const createShowtime = createRoute({
  tags,
  security: bearerAuth,
  middleware: [requireAdmin],
  method: "post",
  path: "/showtimes",
  summary: "Schedule a showtime (admin)",
  description:
    "Ends at start + the movie's runtime + a 15-minute cleaning buffer; two scheduled showtimes in one theater may not overlap (409). Prices are cents per seat kind.",
  request: { body: jsonBody(NewShowtime) },
  responses: { 201: jsonResponse(ShowtimeSchema, "The showtime"), ...pickErrors(400, 401, 403, 404, 409, 422) },
});

export const listShowtimes = createRoute({
  tags,
  method: "get",
  path: "/showtimes",
  summary: "Scheduled showtimes by start time",
  request: { query: ShowtimeQuery },
  responses: { 200: jsonResponse(pageOf(ShowtimeSchema), "Showtimes"), ...pickErrors(400) },
});

export const getShowtime = createRoute({
  tags,
  method: "get",
  path: "/showtimes/{id}",
  summary: "One showtime",
  request: { params: IdParam },
  responses: { 200: jsonResponse(ShowtimeSchema, "The showtime"), ...pickErrors(404) },
});

export const getSeats = createRoute({
  tags,
  method: "get",
  path: "/showtimes/{id}/seats",
  summary: "The seat map with each seat's state",
  request: { params: IdParam },
  responses: { 200: jsonResponse(SeatMapSchema, "Every seat: available, held, sold or blocked"), ...pickErrors(404) },
});

export const cancelShowtime = createRoute({
  tags,
  security: bearerAuth,
  middleware: [requireAdmin],
  method: "post",
  path: "/showtimes/{id}/cancel",
  summary: "Cancel a showtime (admin)",
  description:
    "Ends every hold, refunds every paid order in full and tells each buyer. Safe to repeat: a retry finishes any refunds left.",
  request: { params: IdParam },
  responses: {
    200: jsonResponse(ShowtimeSchema.extend({ refundedOrders: z.number().int() }), "The cancelled showtime"),
    ...pickErrors(401, 403, 404),
  },
});

export const getShowtimeSales = createRoute({
  tags,
  security: bearerAuth,
  middleware: [requireAdmin],
  method: "get",
  path: "/showtimes/{id}/sales",
  summary: "A showtime's sales (admin)",
  description:
    "Counts of paid and refunded orders, tickets sold and checked in, and the gross in cents. `paidOrders` is how many orders cancelling the showtime would refund.",
  request: { params: IdParam },
  responses: { 200: jsonResponse(ShowtimeSalesSchema, "The sales"), ...pickErrors(401, 403, 404) },
});
