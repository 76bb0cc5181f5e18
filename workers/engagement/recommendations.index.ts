import { createRouter } from "../lib/create-app";
import { resolveProfile } from "./profile";
import { recommendationsFor } from "./recommendations";
import * as routes from "./recommendations.routes";

export const recommendationsRouter = createRouter().openapi(routes.getRecommendations, async (c) => {
  const db = c.get("db");
  const { profileId, limit } = c.req.valid("query");
  // One D1 read: the profile (checked to be the caller's) and the activity version its cache is stamped with.
  const profile = await resolveProfile(db, c.get("auth").userId, profileId);
  const { items, cache } = await recommendationsFor(c.env, c.executionCtx, db, profile, limit);
  return c.json({ profileId: profile.id, items }, 200, { "x-cache": cache });
});
