import { eq, type SQL, sql } from "drizzle-orm";
import { emailOutbox, plans, showtimes, users } from "../db/schema";
import type { Db } from "../lib/context";
import { newId, nowIso } from "../lib/ids";
import { renderEmail } from "./email/templates";
import type { NotificationKind } from "./kinds";
import type { Audience } from "./messages.schemas";

export const MESSAGE_KIND: NotificationKind = "announcement";

/** The condition on `u` (users) that puts an account in the audience. */
function audienceCondition(audience: Audience): SQL {
  if ("userId" in audience) return sql`u.id = ${audience.userId}`;
  if ("role" in audience) return sql`u.role = ${audience.role}`;
  if ("planId" in audience) {
    return sql`EXISTS (SELECT 1 FROM subscriptions s WHERE s.user_id = u.id AND s.plan_id = ${audience.planId} AND s.status IN ('active', 'trialing'))`;
  }
  return sql`EXISTS (SELECT 1 FROM tickets t WHERE t.user_id = u.id AND t.showtime_id = ${audience.showtimeId} AND t.status = 'valid')`;
}

const optedOut = sql`EXISTS (SELECT 1 FROM notification_preferences p WHERE p.user_id = u.id AND p.kind = ${MESSAGE_KIND} AND p.email = 0)`;

/** What the audience names (a user, plan or showtime) exists; a role always does. */
export async function audienceExists(db: Db, audience: Audience): Promise<string | null> {
  if ("role" in audience) return null;
  if ("userId" in audience) {
    const row = await db.select({ id: users.id }).from(users).where(eq(users.id, audience.userId)).get();
    return row ? null : "No such user";
  }
  if ("planId" in audience) {
    const row = await db.select({ id: plans.id }).from(plans).where(eq(plans.id, audience.planId)).get();
    return row ? null : "No such plan";
  }
  const row = await db.select({ id: showtimes.id }).from(showtimes).where(eq(showtimes.id, audience.showtimeId)).get();
  return row ? null : "No such showtime";
}

/** How many live accounts are in the audience, and how many of them turned announcements off. */
export async function countAudience(db: Db, audience: Audience) {
  const row = await db.get<{ total: number; skipped: number | null }>(sql`
    SELECT count(*) AS total, sum(CASE WHEN ${optedOut} THEN 1 ELSE 0 END) AS skipped
    FROM users u WHERE u.deleted_at IS NULL AND ${audienceCondition(audience)}`);
  const skipped = row?.skipped ?? 0;
  return { recipients: (row?.total ?? 0) - skipped, skipped };
}

export interface Recipient {
  id: string;
  email: string;
  name: string;
}

/** The accounts that get the email: live, in the audience, not opted out. */
export async function audienceRecipients(db: Db, audience: Audience): Promise<Recipient[]> {
  return db.all<Recipient>(sql`
    SELECT u.id, u.email, u.name FROM users u
    WHERE u.deleted_at IS NULL AND ${audienceCondition(audience)} AND NOT ${optedOut}
    ORDER BY u.id`);
}

// D1 caps a batch; outbox rows carry the whole body, so one row per statement, many statements per batch.
const ROWS_PER_BATCH = 50;

/** Writes one pending outbox row per recipient (rendered with their name); answers the ids, for delivery. */
export async function queueMessage(db: Db, recipients: Recipient[], message: { subject: string; body: string }) {
  const ids: string[] = [];
  const now = nowIso();
  const at = Date.now();
  const inserts = recipients.flatMap((recipient) => {
    const rendered = renderEmail(MESSAGE_KIND, { name: recipient.name }, message);
    if (!rendered) return [];
    const id = newId();
    ids.push(id);
    return [
      db.insert(emailOutbox).values({
        id,
        userId: recipient.id,
        kind: MESSAGE_KIND,
        toAddress: recipient.email,
        ...rendered,
        status: "pending",
        attempts: 0,
        nextAttemptAt: at,
        createdAt: now,
      }),
    ];
  });
  for (let i = 0; i < inserts.length; i += ROWS_PER_BATCH) {
    const chunk = inserts.slice(i, i + ROWS_PER_BATCH);
    await db.batch(chunk as [(typeof chunk)[number], ...typeof chunk]);
  }
  return ids;
}
