import { eq, sql } from "drizzle-orm";
import { notificationPreferences } from "../db/schema";
import type { Db } from "../lib/context";
import { nowIso } from "../lib/ids";
import { emailKinds } from "./email/templates";
import type { NotificationKind } from "./kinds";

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
