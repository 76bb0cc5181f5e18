import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { errorResponses, pickErrors } from "../lib/errors";
import { jsonResponse } from "../lib/openapi";
import { PageQuery, pageOf } from "../lib/pagination";
import { TicketCodeParam, TicketSchema } from "./cinema.schemas";

const base = { tags: ["box office"], security: bearerAuth };

export const listMyTickets = createRoute({
  ...base,
  middleware: [requireAuth()],
  method: "get",
  path: "/me/tickets",
  summary: "Your tickets, newest first",
  request: { query: PageQuery },
  responses: { 200: jsonResponse(pageOf(TicketSchema), "Tickets"), ...pickErrors(400, 401) },
});

export const getTicket = createRoute({
  ...base,
  middleware: [requireAuth()],
  method: "get",
  path: "/tickets/{code}",
  summary: "One ticket (its holder, or staff)",
  request: { params: TicketCodeParam },
  responses: { 200: jsonResponse(TicketSchema, "The ticket"), ...pickErrors(401, 404) },
});

export const ticketQr = createRoute({
  ...base,
  middleware: [requireAuth()],
  method: "get",
  path: "/tickets/{code}/qr.svg",
  summary: "The ticket's QR code as SVG (its holder, or staff)",
  request: { params: TicketCodeParam },
  responses: {
    200: { description: "An SVG image encoding the ticket code", content: { "image/svg+xml": { schema: z.string() } } },
    ...pickErrors(401, 404),
  },
});

export const checkInTicket = createRoute({
  ...base,
  middleware: [requireAuth("admin", "moderator")],
  method: "post",
  path: "/tickets/{code}/check-in",
  summary: "Check a ticket in at the door (staff: admin or moderator)",
  description: "200 the first time; 409 when already checked in or refunded; 410 once the showtime has ended.",
  request: { params: TicketCodeParam },
  responses: {
    200: jsonResponse(TicketSchema, "Checked in"),
    410: { ...errorResponses[404], description: "The showtime has ended" },
    ...pickErrors(401, 403, 404, 409),
  },
});
