import { database } from "../lib/db";
import { log } from "../lib/log";
import { countUnread } from "./notifications.queries";
import type { RoomContract } from "./rooms.contract";

/** The user's notification room; one per user, addressed by user id, reached through its contract. */
export function notificationRoom(env: Env, userId: string): DurableObjectStub<RoomContract> {
  return env.NOTIFICATION_ROOMS.get(env.NOTIFICATION_ROOMS.idFromName(userId));
}

/** The unread count for `GET /me`: from the room's mirror, or from D1 if the room cannot answer. */
export async function unreadCount(env: Env, userId: string): Promise<number> {
  try {
    return await notificationRoom(env, userId).unreadCount(userId);
  } catch (err) {
    log.warn("unread_count_room_failed", { userId, error: String(err) });
    return countUnread(database(env.DB), userId);
  }
}

/**
 * Closes the sockets of a revoked session. The session is already revoked in its UserSession
 * object, so a failure here only leaves a socket that can no longer authenticate anything new;
 * it is logged, never turned into a failed request.
 */
export async function closeSessionSockets(env: Env, userId: string, sessionId: string): Promise<void> {
  try {
    await notificationRoom(env, userId).closeSession(sessionId);
  } catch (err) {
    log.warn("close_session_sockets_failed", { userId, sessionId, error: String(err) });
  }
}

/** Closes every socket of the user but those of `exceptSessionId` (password change, account deletion). */
export async function closeOtherSockets(env: Env, userId: string, exceptSessionId: string | null = null): Promise<void> {
  try {
    await notificationRoom(env, userId).closeAll(exceptSessionId);
  } catch (err) {
    log.warn("close_sockets_failed", { userId, error: String(err) });
  }
}
