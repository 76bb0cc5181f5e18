import { and, eq, inArray, lte, sql } from "drizzle-orm";
import { smsOutbox } from "../../db/schema";
import { database } from "../../lib/db";
import { newId, nowIso } from "../../lib/ids";
import { log } from "../../lib/log";
import { type SmsProvider, smsProvider } from "./provider";

export const MAX_SMS_ATTEMPTS = 5;
// As in the email outbox: a claimed row is leased, so the cron and a request never send it twice.
const LEASE_MS = 2 * 60_000;
const BATCH = 25;

/** 1, 2, 4, 8 minutes after each failed attempt. */
const retryDelayMs = (attempts: number) => 60_000 * 2 ** Math.max(0, attempts - 1);

export interface SmsToQueue {
  userId: string | null;
  kind: string;
  to: string;
  text: string;
}

/** Writes the message to the outbox and tries to send it at once; answers the outbox id. */
export async function queueSms(env: Env, sms: SmsToQueue, provider: SmsProvider = smsProvider(env)): Promise<string> {
  const id = newId();
  await database(env.DB).insert(smsOutbox).values({
    id,
    userId: sms.userId,
    kind: sms.kind,
    toNumber: sms.to,
    text: sms.text,
    status: "pending",
    attempts: 0,
    nextAttemptAt: Date.now(),
    createdAt: nowIso(),
  });
  await deliverSmsOutbox(env, provider, { ids: [id] });
  return id;
}

/** Sends what is due (all of it, or only `ids`): claims the rows, sends each, records the outcome. */
export async function deliverSmsOutbox(
  env: Env,
  provider: SmsProvider,
  opts: { ids?: string[]; now?: number } = {},
): Promise<{ sent: number; failed: number }> {
  const db = database(env.DB);
  const now = opts.now ?? Date.now();
  const due = db
    .select({ id: smsOutbox.id })
    .from(smsOutbox)
    .where(
      and(
        eq(smsOutbox.status, "pending"),
        lte(smsOutbox.nextAttemptAt, now),
        opts.ids ? inArray(smsOutbox.id, opts.ids) : undefined,
      ),
    )
    .orderBy(smsOutbox.nextAttemptAt)
    .limit(BATCH);
  const claimed = await db
    .update(smsOutbox)
    .set({ attempts: sql`${smsOutbox.attempts} + 1`, nextAttemptAt: now + LEASE_MS })
    .where(and(inArray(smsOutbox.id, due), eq(smsOutbox.status, "pending"), lte(smsOutbox.nextAttemptAt, now)))
    .returning();
  let sent = 0;
  let failed = 0;
  for (const row of claimed) {
    try {
      await provider.send({ outboxId: row.id, to: row.toNumber, text: row.text });
      await db.update(smsOutbox).set({ status: "sent", sentAt: nowIso(), lastError: null }).where(eq(smsOutbox.id, row.id));
      sent++;
    } catch (err) {
      failed++;
      const giveUp = row.attempts >= MAX_SMS_ATTEMPTS;
      const error = err instanceof Error ? err.message : String(err);
      log.warn("sms_send_failed", { outboxId: row.id, provider: provider.name, attempts: row.attempts, giveUp, error });
      await db
        .update(smsOutbox)
        .set({
          status: giveUp ? "failed" : "pending",
          nextAttemptAt: now + retryDelayMs(row.attempts),
          lastError: error.slice(0, 500),
        })
        .where(eq(smsOutbox.id, row.id));
    }
  }
  return { sent, failed };
}

/** For the cron: retry whatever is due. */
export async function deliverDueSms(env: Env): Promise<void> {
  const result = await deliverSmsOutbox(env, smsProvider(env));
  if (result.sent + result.failed > 0) log.info("sms_outbox", result);
}
