import { z } from "@hono/zod-openapi";
import type { NotificationKind } from "./kinds";
import { ULID } from "./notifications.schemas";

/**
 * The contract of the NotificationRoom Durable Object (durable-objects/notification-room.ts), one
 * per user: their open sockets, the mirror of their unread ids and the per-kind rate limit. The
 * class implements it; the domain reaches a room only through `notificationRoom(env, userId)`
 * (rooms.ts), a stub typed by this interface.
 */
export interface RoomContract extends Rpc.DurableObjectBranded {
  /** Writes the notification to the D1 inbox and pushes it, or folds it into a digest when its kind is over the limit. */
  publish(input: PublishInput): Promise<PublishResult>;
  /** The unread count, from the room's mirror. */
  unreadCount(userId: string): Promise<number>;
  /** Records that `ids` were read (the caller already wrote D1) and tells the user's other sockets; the new unread count. */
  markedRead(userId: string, ids: string[]): Promise<number>;
  /** Closes the sockets of one session; how many were closed. */
  closeSession(sessionId: string): number;
  /** Closes every socket but those of `exceptSessionId`; how many were closed. */
  closeAll(exceptSessionId?: string | null): number;
  /** The notification socket: an authenticated WebSocket upgrade whose query is `RoomConnectQuery`. */
  fetch(request: Request): Promise<Response>;
}

export interface PublishInput {
  userId: string;
  kind: NotificationKind;
  payload: Record<string, unknown>;
}

/** `id` is the inbox id when it was pushed; null when it was folded into a digest or could not be stored. */
export interface PublishResult {
  delivered: boolean;
  id: string | null;
}

/** The query of the upgrade the Worker forwards to the room, once it has authenticated the socket. */
export const RoomConnectQuery = z.object({
  userId: z.string().min(1).max(64),
  sessionId: z.string().min(1).max(64),
  since: ULID.optional(),
});
