import { authenticate } from "../lib/auth";
import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { log } from "../lib/log";
import { decodeCursor, page } from "../lib/pagination";
import { listInbox, markAllRead, markRead, toNotification } from "./notifications.queries";
import * as routes from "./notifications.routes";
import { notificationRoom } from "./rooms";

/** Tells the user's room what was read, so the unread count and their other devices follow. */
async function tellRoom(env: Env, userId: string, ids: string[]): Promise<number | null> {
  try {
    return await notificationRoom(env, userId).markedRead(userId, ids);
  } catch (err) {
    log.warn("room_mark_read_failed", { userId, error: String(err) });
    return null;
  }
}

export const notificationsRouter = createRouter()
  .openapi(routes.listNotifications, async (c) => {
    const { unread, limit, cursor } = c.req.valid("query");
    const before = decodeCursor(cursor)?.[0];
    const rows = await listInbox(c.get("db"), c.get("auth").userId, {
      unread,
      limit,
      before: before === undefined ? undefined : String(before),
    });
    return c.json(
      page(rows, limit, (row) => [row.id], toNotification),
      200,
    );
  })
  .openapi(routes.readAllNotifications, async (c) => {
    const { userId } = c.get("auth");
    const ids = await markAllRead(c.get("db"), userId);
    const unread = (await tellRoom(c.env, userId, ids)) ?? 0;
    return c.json({ marked: ids.length, unread }, 200);
  })
  .openapi(routes.readNotification, async (c) => {
    const { userId } = c.get("auth");
    const { id } = c.req.valid("param");
    const row = await markRead(c.get("db"), userId, id);
    if (!row) throw new ApiError("not_found", "No such notification");
    await tellRoom(c.env, userId, [id]);
    return c.json(toNotification(row), 200);
  })
  .openapi(routes.connectSocket, async (c) => {
    const { token, since } = c.req.valid("query");
    const { auth } = await authenticate(c.env, token);
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
      throw new ApiError("bad_request", "Connect with a WebSocket (Upgrade: websocket)");
    }
    const url = new URL("https://notification-room/connect");
    url.searchParams.set("userId", auth.userId);
    url.searchParams.set("sessionId", auth.sessionId);
    if (since) url.searchParams.set("since", since);
    return notificationRoom(c.env, auth.userId).fetch(new Request(url, { headers: c.req.raw.headers }));
  });
