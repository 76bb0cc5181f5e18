import { createRoute, z } from "@hono/zod-openapi";
import { optionalAuth } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { jsonResponse } from "../lib/openapi";
import { TrendingSchema, trendingTypes } from "./trending";

export const getTrending = createRoute({
  tags: ["activity"],
  security: bearerAuth,
  middleware: [optionalAuth],
  method: "get",
  path: "/trending",
  summary: "What is being watched now",
  description:
    "Served from KV, where a cron trigger writes it every few minutes from recent views (newer views weigh more; an episode counts for its series). Admins may pass `refresh=1` to recompute at once.",
  request: {
    query: z.object({
      window: z.enum(["24h", "7d"]).default("24h"),
      type: z.enum(trendingTypes).default("all").openapi({ description: "`movie`, `series`, or `all`" }),
      refresh: z.enum(["0", "1"]).optional().openapi({ description: "`1`: recompute now (admins)" }),
    }),
  },
  responses: { 200: jsonResponse(TrendingSchema, "Trending titles"), ...pickErrors(400, 401, 403) },
});
