import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { jsonResponse } from "../lib/openapi";
import { PageQuery, pageOf } from "../lib/pagination";
import { NotificationSchema, ULID } from "./notifications.schemas";

const authed = { security: bearerAuth, middleware: [requireAuth()], tags: ["notifications"] };

const NotificationIdParam = z.object({
  id: ULID.openapi({ param: { name: "id", in: "path" } }),
});

export const listNotifications = createRoute({
  ...authed,
  method: "get",
  path: "/notifications",
  summary: "The inbox, newest first",
  request: {
    query: PageQuery.extend({
      unread: z
        .enum(["true", "false"])
        .transform((v) => v === "true")
        .optional()
        .openapi({ description: "true: only unread; false: only read; absent: all" }),
    }),
  },
  responses: { 200: jsonResponse(pageOf(NotificationSchema), "Notifications, newest first"), ...pickErrors(400, 401) },
});

export const readNotification = createRoute({
  ...authed,
  method: "post",
  path: "/notifications/{id}/read",
  summary: "Mark one notification read",
  description: "Idempotent: a notification read before keeps its first read time.",
  request: { params: NotificationIdParam },
  responses: { 200: jsonResponse(NotificationSchema, "The notification"), ...pickErrors(400, 401, 404) },
});

export const readAllNotifications = createRoute({
  ...authed,
  method: "post",
  path: "/notifications/read-all",
  summary: "Mark every notification read",
  responses: {
    200: jsonResponse(
      z.object({ marked: z.number().int(), unread: z.number().int() }).openapi("ReadAllResult"),
      "How many were marked, and what is left unread",
    ),
    ...pickErrors(401),
  },
});

export const connectSocket = createRoute({
  method: "get",
  path: "/notifications/ws",
  tags: ["notifications"],
  summary: "Live notifications over a WebSocket",
  description: [
    "Browsers cannot set headers on a WebSocket, so the access token goes in `token`; it is checked before the upgrade.",
    "With `since` (a notification id), every notification newer than it is sent first, oldest first, then live ones follow.",
    'Server frames (JSON): `{type:"notification", notification, unread}`, `{type:"ready", replayed, truncated, unread}` once the replay is done,',
    '`{type:"read", ids, unread}` when another device reads, `{type:"pong"}`, `{type:"error", detail}`.',
    'Client frames: `{type:"ping"}`, `{type:"read", ids:[...]}`. The socket closes with code 4001 when its session is signed out.',
  ].join(" "),
  request: {
    query: z.object({
      token: z.string().min(1).max(4096).openapi({ description: "An access token" }),
      since: ULID.optional().openapi({ description: "Replay notifications newer than this id" }),
    }),
  },
  responses: {
    101: { description: "Switching to the WebSocket protocol" },
    ...pickErrors(400, 401),
  },
});
