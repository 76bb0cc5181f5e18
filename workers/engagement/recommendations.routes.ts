import { createRoute, z } from "@hono/zod-openapi";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { jsonResponse } from "../lib/openapi";
import { RecommendationSchema } from "./activity.contract";
import { requireAuthWithActivity } from "./activity-versions";
import { ProfileIdField } from "./profile";
import { MAX_RECOMMENDATIONS } from "./recommendations";

export const RecommendationsSchema = z
  .object({ profileId: z.string(), items: z.array(RecommendationSchema) })
  .openapi("Recommendations");

export const getRecommendations = createRoute({
  security: bearerAuth,
  middleware: requireAuthWithActivity, // one, not an array: zod-openapi then types `c.var.activity` in the handler
  tags: ["activity"],
  method: "get",
  path: "/me/recommendations",
  summary: "Titles picked for a profile, each with the reason",
  description:
    "Co-watched and co-favorited titles from profiles whose history overlaps yours, then your favorite genres, then trending; never what the profile already watched or favorited. A new profile gets trending. Lists are cached per profile: your own views, progress and favorites show at once; what others watch shows within 10 minutes.",
  request: {
    query: z.object({
      profileId: ProfileIdField,
      limit: z.coerce.number().int().min(1).max(MAX_RECOMMENDATIONS).default(20),
    }),
  },
  responses: { 200: jsonResponse(RecommendationsSchema, "Recommendations"), ...pickErrors(400, 401, 404) },
});
