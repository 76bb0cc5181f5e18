import { z } from "@hono/zod-openapi";

export const notificationKinds = [
  "welcome",
  "new_follower",
  "password_changed",
  "session_revoked",
  "job_progress",
  "job_done",
  "job_failed",
  "media_shared",
  "comment_reply",
  "order_confirmed",
  "order_refunded",
  "hold_expiring",
  "showtime_cancelled",
  "subscription_started",
  "subscription_renewed",
  "subscription_payment_failed",
  "subscription_unpaid",
  "subscription_canceled",
  "points_earned",
  "tier_changed",
  "reward_redeemed",
  // An admin's email to one person or a segment (POST /admin/messages/email); people may turn it off.
  "announcement",
] as const;

export type NotificationKind = (typeof notificationKinds)[number];

export const NotificationKindSchema = z.enum(notificationKinds).openapi("NotificationKind");

/** How many notifications of one kind a user gets pushed per window before the rest become a digest. */
export interface RateLimit {
  max: number;
  windowMs: number;
}

const DEFAULT_LIMIT: RateLimit = { max: 5, windowMs: 60_000 };
// A conversion reports progress often; those are meant to be seen live, so they get more room.
const LIMITS: Partial<Record<NotificationKind, RateLimit>> = { job_progress: { max: 60, windowMs: 60_000 } };

export const rateLimitOf = (kind: NotificationKind): RateLimit => LIMITS[kind] ?? DEFAULT_LIMIT;
