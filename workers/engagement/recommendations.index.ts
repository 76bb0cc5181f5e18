import { createRouter } from "../lib/create-app";
import { recommendationsFor } from "./recommendations";
import * as routes from "./recommendations.routes";

export const recommendationsRouter = createRouter().openapi(routes.getRecommendations, async (c) => {
  const { profileId, limit } = c.req.valid("query");
  // A cached list costs only the sign-in check's call to the caller's session Durable Object, which
  // also read the profile's activity stamp and the list stored at it; a miss checks the profile is
  // the caller's in D1 (404 if not) before computing.
  const { userId } = c.get("auth");
  const known = c.get("activity");
  const stamp = known && known.profileId === (profileId ?? null) ? known.stamp : undefined;
  const result = await recommendationsFor(c.env, c.get("db"), userId, profileId, limit, stamp);
  return c.json({ profileId: result.profileId, items: result.items }, 200, { "x-cache": result.cache });
});
