import { and, eq } from "drizzle-orm";
import { notificationPreferences, users } from "../../db/schema";
import { database } from "../../lib/db";
import type { NotificationKind } from "../kinds";
import { queueSms } from "./outbox";
import type { SmsProvider } from "./provider";

type Payload = Record<string, unknown>;

// Payloads come from other modules; a message shows what it finds and never fails on a gap.
const str = (value: unknown) => (typeof value === "string" || typeof value === "number" ? String(value) : "");

function when(value: unknown): string {
  const date = typeof value === "string" ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) return "";
  return `${date.toLocaleString("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "UTC" })} UTC`;
}

function money(payload: Payload, key: string): string {
  const amount = payload[key];
  return typeof amount === "number" ? `${(amount / 100).toFixed(2)} ${str(payload.currency) || "USD"}` : "";
}

const seatsOf = (payload: Payload) => (Array.isArray(payload.seats) ? payload.seats.map(str).filter(Boolean).join(", ") : "");

/** Short texts (one SMS segment where the movie title allows) for the kinds a person may opt in to. */
const texts = {
  order_confirmed: (p: Payload) => {
    const what = [str(p.movieTitle ?? p.title) || "your showtime", when(p.startsAt)].filter(Boolean).join(", ");
    const seats = seatsOf(p);
    return `Marquee: tickets confirmed for ${what}.${seats ? ` Seats ${seats}.` : ""} Order ${str(p.orderId)}.`;
  },
  showtime_cancelled: (p: Payload) => {
    const amount = money(p, "amount");
    return `Marquee: a showtime you had tickets for was cancelled${amount ? `; ${amount} is refunded` : ""}. Order ${str(p.orderId)}.`;
  },
} satisfies Partial<Record<NotificationKind, (payload: Payload) => string>>;

export type SmsKind = keyof typeof texts;

/** The kinds that may also come as a text message (opt-in, to a verified number). */
export const smsKinds = Object.keys(texts) as SmsKind[];

export const isSmsKind = (kind: string): kind is SmsKind => kind in texts;

/**
 * Texts the user about `kind` when they opted in to it and have a verified number (and are not
 * deleted); answers the outbox id, or null when no message was due.
 */
export async function queueNotificationSms(
  env: Env,
  userId: string,
  kind: NotificationKind,
  payload: Payload,
  provider?: SmsProvider,
): Promise<string | null> {
  if (!isSmsKind(kind)) return null;
  const db = database(env.DB);
  const [user, preference] = await db.batch([
    db
      .select({ phone: users.phone, phoneVerifiedAt: users.phoneVerifiedAt, deletedAt: users.deletedAt })
      .from(users)
      .where(eq(users.id, userId)),
    db
      .select({ sms: notificationPreferences.sms })
      .from(notificationPreferences)
      .where(and(eq(notificationPreferences.userId, userId), eq(notificationPreferences.kind, kind))),
  ]);
  const recipient = user[0];
  if (!recipient?.phone || !recipient.phoneVerifiedAt || recipient.deletedAt) return null;
  if (preference[0]?.sms !== true) return null;
  return queueSms(env, { userId, kind, to: recipient.phone, text: texts[kind](payload) }, provider);
}
