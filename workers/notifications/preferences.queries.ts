import { and, eq, sql } from "drizzle-orm";
import { notificationPreferences, users } from "../db/schema";
import type { Db } from "../lib/context";
import { nowIso } from "../lib/ids";
import { emailKinds } from "./email/templates";
import type { NotificationKind } from "./kinds";
import { type SmsKind, smsKinds } from "./sms/notification-sms";

export type EmailPreferences = Partial<Record<NotificationKind, boolean>>;

/** Every kind that can send email, with the user's choice (default: yes). */
export async function emailPreferences(db: Db, userId: string): Promise<Record<string, boolean>> {
  const rows = await db
    .select({ kind: notificationPreferences.kind, email: notificationPreferences.email })
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, userId));
  const chosen = new Map(rows.map((r) => [r.kind, r.email]));
  return Object.fromEntries(emailKinds.map((kind) => [kind, chosen.get(kind) ?? true]));
}

/** Stores the given choices in one statement; kinds left out keep theirs. */
export async function setEmailPreferences(db: Db, userId: string, choices: EmailPreferences) {
  const now = nowIso();
  const values = Object.entries(choices).map(([kind, email]) => ({ userId, kind, email: email === true, updatedAt: now }));
  if (values.length === 0) return;
  await db
    .insert(notificationPreferences)
    .values(values)
    .onConflictDoUpdate({
      target: [notificationPreferences.userId, notificationPreferences.kind],
      set: { email: sql`excluded.email`, updatedAt: sql`excluded.updated_at` },
    });
}

/** Every kind that can come as a text message, with the user's choice (default: no, SMS is opt-in). */
export async function smsPreferences(db: Db, userId: string): Promise<Record<string, boolean>> {
  const rows = await db
    .select({ kind: notificationPreferences.kind, sms: notificationPreferences.sms })
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, userId));
  const chosen = new Map(rows.map((r) => [r.kind, r.sms]));
  return Object.fromEntries(smsKinds.map((kind) => [kind, chosen.get(kind) ?? false]));
}

/** Stores the given SMS choices in one statement; a new row keeps the email default (yes). */
export async function setSmsPreferences(db: Db, userId: string, choices: Partial<Record<SmsKind, boolean>>) {
  const now = nowIso();
  const values = Object.entries(choices).map(([kind, sms]) => ({ userId, kind, email: true, sms: sms === true, updatedAt: now }));
  if (values.length === 0) return;
  await db
    .insert(notificationPreferences)
    .values(values)
    .onConflictDoUpdate({
      target: [notificationPreferences.userId, notificationPreferences.kind],
      set: { sms: sql`excluded.sms`, updatedAt: sql`excluded.updated_at` },
    });
}

/** Whether the account has a verified mobile number, which text messages need. */
export async function hasVerifiedPhone(db: Db, userId: string): Promise<boolean> {
  const row = await db
    .select({ phone: users.phone, verifiedAt: users.phoneVerifiedAt })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  return Boolean(row?.phone && row.verifiedAt);
}

/** Turns every text message off: the number they went to is gone. */
export async function turnOffSms(db: Db, userId: string) {
  await db
    .update(notificationPreferences)
    .set({ sms: false, updatedAt: nowIso() })
    .where(and(eq(notificationPreferences.userId, userId), eq(notificationPreferences.sms, true)));
}
