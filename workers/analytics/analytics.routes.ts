import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { IdParam } from "../lib/id-param";
import { jsonBody, jsonResponse } from "../lib/openapi";
import {
  ActiveUsersSchema,
  DashboardSchema,
  EventsAcceptedSchema,
  EventsInputSchema,
  FunnelSchema,
  MAX_EVENTS_PER_POST,
  MovieMetricsSchema,
  OccupancyQuery,
  OccupancySchema,
  RangeQuery,
  RetentionSchema,
  SalesQuery,
  SalesSchema,
  SearchesQuery,
  SearchesSchema,
  TableQuery,
  UserBehaviorSchema,
} from "./analytics.schemas";

const tags = ["analytics"];
const readers = { security: bearerAuth, middleware: [requireAuth("admin", "manager")], tags };
const RANGE = "`from`/`to` are UTC days, both included (default: the last 30 days; at most 366 days).";

/** A table-like read: JSON, or with `format=csv` a CSV download of one of its tables. */
const tableResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  200: {
    description,
    content: {
      "application/json": { schema },
      "text/csv": { schema: z.string().openapi({ description: "A header row, then one row per line (RFC 4180)" }) },
    },
  },
  ...pickErrors(400, 401, 403),
});

export const postEvents = createRoute({
  tags,
  method: "post",
  path: "/events",
  summary: "Report what the web app saw: page and title views",
  description: `Up to ${MAX_EVENTS_PER_POST} events per post. No sign-in needed; a valid bearer token attributes them to its user, else they carry the browser's \`anonymousId\`. Searches, plays and purchases are recorded by the API itself and are not accepted here.`,
  request: { body: jsonBody(EventsInputSchema) },
  responses: { 202: jsonResponse(EventsAcceptedSchema, "Stored"), ...pickErrors(400) },
});

export const dashboard = createRoute({
  ...readers,
  method: "get",
  path: "/admin/analytics/dashboard",
  summary: "Totals for a period (admin, manager)",
  description: RANGE,
  request: { query: RangeQuery },
  responses: { 200: jsonResponse(DashboardSchema, "Totals"), ...pickErrors(400, 401, 403) },
});

export const sales = createRoute({
  ...readers,
  method: "get",
  path: "/admin/analytics/sales",
  summary: "Ticket sales by day, movie and theater (admin, manager)",
  description: `${RANGE} \`format=csv&table=day|movie|theater\` downloads one table.`,
  request: { query: SalesQuery },
  responses: tableResponse(SalesSchema, "Sales"),
});

export const occupancy = createRoute({
  ...readers,
  method: "get",
  path: "/admin/analytics/occupancy",
  summary: "Seats sold per showtime and theater (admin, manager)",
  description: `${RANGE} \`format=csv&table=showtime|theater\` downloads one table.`,
  request: { query: OccupancyQuery },
  responses: tableResponse(OccupancySchema, "Occupancy"),
});

export const movie = createRoute({
  ...readers,
  method: "get",
  path: "/admin/analytics/movies/{id}",
  summary: "A movie's views, plays, completion, watch time, rating and tickets (admin, manager)",
  description: RANGE,
  request: { params: IdParam, query: RangeQuery },
  responses: { 200: jsonResponse(MovieMetricsSchema, "The movie's metrics"), ...pickErrors(400, 401, 403, 404) },
});

export const userBehavior = createRoute({
  security: bearerAuth,
  middleware: [requireAuth("admin")],
  tags,
  method: "get",
  path: "/admin/analytics/users/{id}/behavior",
  summary: "What a person watches, when, how much of it, and what they buy (admin only)",
  description: RANGE,
  request: { params: IdParam, query: RangeQuery },
  responses: { 200: jsonResponse(UserBehaviorSchema, "Their behaviour"), ...pickErrors(400, 401, 403, 404) },
});

export const activeUsers = createRoute({
  ...readers,
  method: "get",
  path: "/admin/analytics/active-users",
  summary: "Daily, weekly and monthly active users for each day (admin, manager)",
  description: `${RANGE} \`format=csv\` downloads the days.`,
  request: { query: TableQuery },
  responses: tableResponse(ActiveUsersSchema, "Active users"),
});

export const retention = createRoute({
  ...readers,
  method: "get",
  path: "/admin/analytics/retention",
  summary: "Retention by weekly sign-up cohort (admin, manager)",
  description: `${RANGE} \`format=csv\` downloads one row per cohort and week.`,
  request: { query: TableQuery },
  responses: tableResponse(RetentionSchema, "Cohorts"),
});

export const searches = createRoute({
  ...readers,
  method: "get",
  path: "/admin/analytics/searches",
  summary: "Top searches and searches with no results (admin, manager)",
  description: `${RANGE} \`format=csv&table=top|no_results\` downloads one table.`,
  request: { query: SearchesQuery },
  responses: tableResponse(SearchesSchema, "Searches"),
});

export const funnel = createRoute({
  ...readers,
  method: "get",
  path: "/admin/analytics/funnel",
  summary: "Browse → title → play funnel (admin, manager)",
  description: `${RANGE} \`format=csv\` downloads the steps.`,
  request: { query: TableQuery },
  responses: tableResponse(FunnelSchema, "Funnel"),
});
