import { and, eq, inArray, lte, sql } from "drizzle-orm";
import { emailOutbox, notificationPreferences, users } from "../../db/schema";
import { breaker } from "../../lib/circuit-breaker";
import { database } from "../../lib/db";
import { writeError } from "../../lib/error-log";
import { newId, nowIso } from "../../lib/ids";
import { log } from "../../lib/log";
import type { NotificationKind } from "../kinds";
import { type MailAdapter, mailAdapter } from "./adapters";
import { renderEmail } from "./templates";

export const MAX_ATTEMPTS = 6;
// While a sender holds a row, no other sender picks it up; a sender that dies mid-send
// leaves the row to be retried once the lease runs out.
const LEASE_MS = 2 * 60_000;
const BATCH = 25;

/** 1, 2, 4, 8, 16 minutes after each failed attempt. */
export const retryDelayMs = (attempts: number) => 60_000 * 2 ** Math.max(0, attempts - 1);

export type OutboxRow = typeof emailOutbox.$inferSelect;

/** Kinds the user may not turn off: they protect the account. */
export const mandatoryEmailKinds: readonly NotificationKind[] = ["password_changed"];

/**
 * Renders the kind's template for the user and writes it to the outbox, unless the user has
 * turned that email off (or is gone); then tries to send it at once. Answers the outbox id.
 */
export async function queueEmail(
  env: Env,
  userId: string,
  kind: NotificationKind,
  payload: Record<string, unknown>,
  adapter: MailAdapter = mailAdapter(env),
): Promise<string | null> {
  const db = database(env.DB);
  const [user, preference] = await db.batch([
    db.select({ name: users.name, email: users.email, deletedAt: users.deletedAt }).from(users).where(eq(users.id, userId)),
    db
      .select({ email: notificationPreferences.email })
      .from(notificationPreferences)
      .where(and(eq(notificationPreferences.userId, userId), eq(notificationPreferences.kind, kind))),
  ]);
  const recipient = user[0];
  if (!recipient || recipient.deletedAt) return null;
  if (preference[0]?.email === false && !mandatoryEmailKinds.includes(kind)) return null;
  const rendered = renderEmail(kind, { name: recipient.name }, payload);
  if (!rendered) return null;
  const id = newId();
  await db.insert(emailOutbox).values({
    id,
    userId,
    kind,
    toAddress: recipient.email,
    ...rendered,
    status: "pending",
    attempts: 0,
    nextAttemptAt: Date.now(),
    createdAt: nowIso(),
  });
  await deliverOutbox(env, adapter, { ids: [id] });
  return id;
}

/**
 * Sends what is due: claims up to a batch of pending rows (all of them, or only `ids`) in one
 * statement, sends each through `adapter`, and records success, or the error and when to retry.
 */
export async function deliverOutbox(
  env: Env,
  adapter: MailAdapter,
  opts: { ids?: string[]; now?: number } = {},
): Promise<{ sent: number; failed: number }> {
  const db = database(env.DB);
  const now = opts.now ?? Date.now();
  // While the mail provider's breaker is open nothing is claimed: the rows stay pending, and the
  // cron (or the next email queued) sends them once it lets a call through. Half-open: one trial.
  const guard = breaker(env, "email");
  const admission = await guard.admit();
  if (!admission.allowed) {
    log.info("email_waiting", { breaker: admission.state, retryAfterSeconds: admission.retryAfterSeconds });
    return { sent: 0, failed: 0 };
  }
  const due = db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(
      and(
        eq(emailOutbox.status, "pending"),
        lte(emailOutbox.nextAttemptAt, now),
        opts.ids ? inArray(emailOutbox.id, opts.ids) : undefined,
      ),
    )
    .orderBy(emailOutbox.nextAttemptAt)
    .limit(admission.state === "half_open" ? 1 : BATCH);
  const claimed = await db
    .update(emailOutbox)
    .set({ attempts: sql`${emailOutbox.attempts} + 1`, nextAttemptAt: now + LEASE_MS })
    .where(and(inArray(emailOutbox.id, due), eq(emailOutbox.status, "pending"), lte(emailOutbox.nextAttemptAt, now)))
    .returning();
  const from = env.EMAIL_FROM || "Marquee <no-reply@marquee.local>";
  let sent = 0;
  let failed = 0;
  let open = false;
  for (const row of claimed) {
    if (open) {
      // The breaker opened during this batch: give the claim back, attempt not spent.
      await db
        .update(emailOutbox)
        .set({ attempts: sql`${emailOutbox.attempts} - 1`, nextAttemptAt: now })
        .where(and(eq(emailOutbox.id, row.id), eq(emailOutbox.status, "pending")));
      continue;
    }
    try {
      await adapter.send({ outboxId: row.id, from, to: row.toAddress, subject: row.subject, text: row.text, html: row.html });
      await guard.report(true);
      await db.update(emailOutbox).set({ status: "sent", sentAt: nowIso(), lastError: null }).where(eq(emailOutbox.id, row.id));
      sent++;
    } catch (err) {
      failed++;
      open = (await guard.report(false)) === "open";
      const giveUp = row.attempts >= MAX_ATTEMPTS;
      const error = err instanceof Error ? err.message : String(err);
      log.warn("email_send_failed", { outboxId: row.id, adapter: adapter.name, attempts: row.attempts, giveUp, error });
      await writeError(env, {
        source: "email",
        route: `email.${adapter.name}`,
        message: error,
        error: err,
        detail: { outboxId: row.id, attempts: row.attempts, giveUp },
      });
      await db
        .update(emailOutbox)
        .set({
          status: giveUp ? "failed" : "pending",
          nextAttemptAt: now + retryDelayMs(row.attempts),
          lastError: error.slice(0, 500),
        })
        .where(eq(emailOutbox.id, row.id));
    }
  }
  return { sent, failed };
}

/** The cron's share: retry whatever is due. */
export async function deliverDueEmail(env: Env): Promise<void> {
  const result = await deliverOutbox(env, mailAdapter(env));
  if (result.sent + result.failed > 0) log.info("email_outbox", result);
}
