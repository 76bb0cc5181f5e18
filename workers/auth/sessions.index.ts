import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { userSessions } from "../lib/sessions";
import * as routes from "./sessions.routes";

export const sessionsRouter = createRouter()
  .openapi(routes.listSessions, async (c) => {
    const { userId, sessionId } = c.get("auth");
    const sessions = await userSessions(c.env, userId).list();
    return c.json({ items: sessions.map((s) => ({ ...s, current: s.id === sessionId })), nextCursor: null }, 200);
  })
  .openapi(routes.revokeSession, async (c) => {
    const { userId } = c.get("auth");
    const revoked = await userSessions(c.env, userId).revoke(c.req.valid("param").id);
    if (!revoked) throw new ApiError("not_found", "No such session");
    return c.body(null, 204);
  });
