import { database } from "../lib/db";
import { newId, nowIso } from "../lib/ids";
import { log } from "../lib/log";
import { queueEmail } from "./email/outbox";
import { hasEmailTemplate } from "./email/templates";
import type { NotificationKind } from "./kinds";
import { insertNotifications } from "./notifications.queries";
import { notificationRoom } from "./rooms";
import { isSmsKind, queueNotificationSms } from "./sms/notification-sms";

export type { NotificationKind } from "./kinds";

/**
 * The one way to tell a user something. The user's NotificationRoom writes the notification
 * to the D1 inbox (awaited, so nothing is lost while they are offline), then fans it out to
 * their open sockets without waiting on any of them; a storm of one kind becomes a digest.
 * Any email goes through the outbox in `ctx.waitUntil`, and so does a text message for the kinds the
 * user opted in to by SMS (to a verified number). Never throws for delivery problems.
 * @example await notify(c.env, c.executionCtx, userId, "job_done", { mediaId, jobId })
 */
export async function notify(
  env: Env,
  ctx: { waitUntil(promise: Promise<unknown>): void },
  userId: string,
  kind: NotificationKind,
  payload: Record<string, unknown>,
): Promise<void> {
  let delivered = false;
  try {
    const result = await notificationRoom(env, userId).publish({ userId, kind, payload });
    delivered = result.delivered;
  } catch (err) {
    // The room is unreachable: still keep the notification in the inbox; the room re-reads the
    // unread count from D1 the next time a socket connects.
    log.warn("notify_room_failed", { userId, kind, error: String(err) });
    try {
      await insertNotifications(database(env.DB), [{ id: newId(), userId, kind, payload, createdAt: nowIso(), readAt: null }]);
      delivered = true;
    } catch (inner) {
      log.error("notify_failed", { userId, kind, error: String(inner) });
    }
  }
  if (delivered && hasEmailTemplate(kind)) {
    ctx.waitUntil(
      queueEmail(env, userId, kind, payload).catch((err) =>
        log.error("email_queue_failed", { userId, kind, error: String(err) }),
      ),
    );
  }
  if (delivered && isSmsKind(kind)) {
    ctx.waitUntil(
      queueNotificationSms(env, userId, kind, payload).catch((err) =>
        log.error("sms_queue_failed", { userId, kind, error: String(err) }),
      ),
    );
  }
}
