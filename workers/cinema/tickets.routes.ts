import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { jsonResponse } from "../lib/openapi";
import { PageQuery, pageOf } from "../lib/pagination";
import { CheckInProblemSchema, CheckInRequest, TicketCodeParam, TicketSchema } from "./cinema.schemas";

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

const checkInProblem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: CheckInProblemSchema } },
});

export const checkInTicket = createRoute({
  ...base,
  middleware: [requireAuth("admin", "moderator")],
  method: "post",
  path: "/tickets/{code}/check-in",
  summary: "Check a ticket in at the door (staff: admin or moderator)",
  description: [
    "Admits a ticket once. The optional body names the showtime this door admits.",
    "A refusal is a problem whose `reason` says why and whose `ticket` is the ticket as it stands:",
    "409 `already_checked_in` (with `checkedInAt`), 409 `refunded`, 409 `wrong_showtime` (the ticket",
    "is for another showtime; nothing changes), 410 `expired` (its showtime has ended or was cancelled).",
    "The check and the write are one UPDATE, so two scans at the same instant admit once.",
  ].join(" "),
  request: {
    params: TicketCodeParam,
    body: { content: { "application/json": { schema: CheckInRequest } }, required: false },
  },
  responses: {
    200: jsonResponse(TicketSchema, "Checked in"),
    409: checkInProblem("Already checked in, refunded, or for another showtime (see reason)"),
    410: checkInProblem("The showtime has ended or was cancelled (reason: expired)"),
    ...pickErrors(401, 403, 404),
  },
});
