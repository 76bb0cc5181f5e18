import { createRouter } from "../lib/create-app";
import { resolveProfileId } from "./profile";
import { recommend } from "./recommendations";
import * as routes from "./recommendations.routes";

export const recommendationsRouter = createRouter().openapi(routes.getRecommendations, async (c) => {
  const db = c.get("db");
  const { profileId: requested, limit } = c.req.valid("query");
  const profileId = await resolveProfileId(db, c.get("auth").userId, requested);
  return c.json({ profileId, items: await recommend(db, c.env, profileId, limit) }, 200);
});
