import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { jsonResponse } from "../lib/openapi";
import { ProfileIdField } from "./profile";
import { ItemSummarySchema } from "./targets";

export const RecommendationsSchema = z
  .object({
    profileId: z.string(),
    items: z.array(
      z.object({
        item: ItemSummarySchema,
        reason: z.string().openapi({ example: "Because you watched Heat" }),
        source: z.enum(["co_watched", "co_favorited", "genre", "trending"]),
        score: z.number(),
      }),
    ),
  })
  .openapi("Recommendations");

export const getRecommendations = createRoute({
  security: bearerAuth,
  middleware: [requireAuth()],
  tags: ["activity"],
  method: "get",
  path: "/me/recommendations",
  summary: "Titles picked for a profile, each with the reason",
  description:
    "Co-watched and co-favorited titles from profiles whose history overlaps yours, then your favorite genres, then trending; never what the profile already watched or favorited. A new profile gets trending.",
  request: {
    query: z.object({
      profileId: ProfileIdField,
      limit: z.coerce.number().int().min(1).max(50).default(20),
    }),
  },
  responses: { 200: jsonResponse(RecommendationsSchema, "Recommendations"), ...pickErrors(400, 401, 404) },
});
