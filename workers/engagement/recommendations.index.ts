import { createRouter } from "../lib/create-app";
import { recommendationsFor } from "./recommendations";
import * as routes from "./recommendations.routes";

export const recommendationsRouter = createRouter().openapi(routes.getRecommendations, async (c) => {
  const { profileId, limit } = c.req.valid("query");
  // The sign-in middleware read the profile's activity stamp, and the list stored at it, from the
  // caller's engagement Durable Object beside the session check: a cached list costs nothing more.
  // A miss checks the profile is the caller's in D1 (404 if not) before computing.
  const { userId } = c.get("auth");
  const known = c.get("activity");
  const stamp = known.profileId === (profileId ?? null) ? known.stamp : undefined;
  const result = await recommendationsFor(c.env, c.get("db"), userId, profileId, limit, stamp);
  return c.json({ profileId: result.profileId, items: result.items }, 200, { "x-cache": result.cache });
});
