import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { userSessions } from "../lib/sessions";
import { notify } from "../notifications/notify";
import { closeSessionSockets } from "../notifications/rooms";
import * as routes from "./sessions.routes";

export const sessionsRouter = createRouter()
  .openapi(routes.listSessions, async (c) => {
    const { userId, sessionId } = c.get("auth");
    const sessions = await userSessions(c.env, userId).list();
    return c.json({ items: sessions.map((s) => ({ ...s, current: s.id === sessionId })), nextCursor: null }, 200);
  })
  .openapi(routes.revokeSession, async (c) => {
    const { userId } = c.get("auth");
    const { id } = c.req.valid("param");
    const revoked = await userSessions(c.env, userId).revoke(id);
    if (!revoked) throw new ApiError("not_found", "No such session");
    await closeSessionSockets(c.env, userId, id);
    await notify(c.env, c.executionCtx, userId, "session_revoked", { sessionId: id });
    return c.body(null, 204);
  });
