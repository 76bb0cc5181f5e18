import { createRoute } from "@hono/zod-openapi";
import { requireAuth } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { IdParam } from "../lib/id-param";
import { jsonResponse } from "../lib/openapi";
import { pageOf } from "../lib/pagination";
import { AdminTicketQuery, AdminTicketSchema, AdminUserTicketQuery } from "./admin-tickets.schemas";

const admin = { security: bearerAuth, middleware: [requireAuth("admin")], tags: ["box office"] };

export const listAllTickets = createRoute({
  ...admin,
  method: "get",
  path: "/admin/tickets",
  summary: "Every ticket sold, newest first, with its showtime and holder (admin)",
  description: "Filter by showtime, holder (`userId`) and status; a filter naming nothing that exists answers an empty page.",
  request: { query: AdminTicketQuery },
  responses: { 200: jsonResponse(pageOf(AdminTicketSchema), "Tickets"), ...pickErrors(400, 401, 403) },
});

export const userTickets = createRoute({
  ...admin,
  method: "get",
  path: "/admin/users/{id}/tickets",
  summary: "A user's tickets, newest first (admin)",
  request: { params: IdParam, query: AdminUserTicketQuery },
  responses: { 200: jsonResponse(pageOf(AdminTicketSchema), "Tickets"), ...pickErrors(400, 401, 403, 404) },
});
