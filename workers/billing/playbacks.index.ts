import { createRouter } from "../lib/create-app";
import { entitlementOf } from "./entitlements";
import { heartbeat, stopPlayback, streamsInUse } from "./playbacks";
import * as routes from "./playbacks.routes";

export const playbacksRouter = createRouter()
  .openapi(routes.getEntitlements, async (c) => {
    const { userId } = c.get("auth");
    const [entitlement, inUse] = await Promise.all([entitlementOf(c.get("db"), userId, new Date()), streamsInUse(c.env, userId)]);
    return c.json({ ...entitlement, streamsInUse: inUse }, 200);
  })
  .openapi(routes.playbackHeartbeat, async (c) => {
    await heartbeat(c.env, c.get("auth").userId, c.req.valid("param").id);
    return c.body(null, 204);
  })
  .openapi(routes.stopPlayback, async (c) => {
    await stopPlayback(c.env, c.get("auth").userId, c.req.valid("param").id);
    return c.body(null, 204);
  });
