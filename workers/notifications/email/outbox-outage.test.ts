import { env } from "cloudflare:test";
import { and, eq, inArray } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { registerUser } from "../../../test/api";
import { devMailbox, emailOutbox } from "../../db/schema";
import { database } from "../../lib/db";
import { MAILBOX_OUTAGE_KEY, mailAdapter } from "./adapters";
import { deliverOutbox, retryDelayMs } from "./outbox";

// Fault scenario (issue 20): the mail provider fails for a while. The outage is injected the way a
// developer would on a running stack (the dev mailbox's CACHE switch), so the mail comes from real
// sign-ups through the API and goes out through the same adapter the cron uses. The cron's ticks
// are deliverOutbox with a clock moved forward: the backoff is minutes long.
const db = database(env.DB);
const MINUTE = 60_000;

const outboxOf = (userIds: string[]) =>
  db
    .select()
    .from(emailOutbox)
    .where(and(inArray(emailOutbox.userId, userIds), eq(emailOutbox.kind, "welcome")))
    .orderBy(emailOutbox.id);

const delivered = (outboxIds: string[]) =>
  db.select({ outboxId: devMailbox.outboxId }).from(devMailbox).where(inArray(devMailbox.outboxId, outboxIds));

afterEach(async () => {
  await env.CACHE.delete(MAILBOX_OUTAGE_KEY);
});

describe("email outage", { timeout: 60_000 }, () => {
  it("keeps retrying with backoff while the provider is down, then delivers each message exactly once", async () => {
    await env.CACHE.put(MAILBOX_OUTAGE_KEY, "1");
    const users = await Promise.all([registerUser(), registerUser(), registerUser()]);
    const userIds = users.map((u) => u.id);
    // Each sign-up queues its welcome email in the background and tries it at once: that attempt fails.
    const queued = await vi.waitFor(
      async () => {
        const rows = await outboxOf(userIds);
        // Claimed (attempts 1), then the failure recorded with its error and first backoff.
        const failed = expect.stringContaining("dev mailbox is down");
        expect(rows.map((r) => [r.status, r.attempts, r.lastError])).toEqual(rows.map(() => ["pending", 1, failed]));
        expect(rows).toHaveLength(3);
        return rows;
      },
      { timeout: 10_000, interval: 50 },
    );
    const ids = queued.map((r) => r.id);

    // The cron ticks through the outage: a row is tried only when its backoff (1, 2, 4 minutes) is due.
    let earliest = Math.min(...queued.map((r) => r.nextAttemptAt));
    let clock = Math.max(...queued.map((r) => r.nextAttemptAt));
    for (const attempt of [2, 3, 4]) {
      expect(await deliverOutbox(env, mailAdapter(env), { now: earliest - 1, ids })).toEqual({ sent: 0, failed: 0 });
      expect(await deliverOutbox(env, mailAdapter(env), { now: clock, ids })).toEqual({ sent: 0, failed: 3 });
      const rows = await outboxOf(userIds);
      expect(rows.map((r) => [r.status, r.attempts])).toEqual(rows.map(() => ["pending", attempt]));
      for (const row of rows) expect(row.nextAttemptAt).toBe(clock + retryDelayMs(attempt));
      clock += retryDelayMs(attempt);
      earliest = clock;
    }
    expect(await delivered(ids)).toEqual([]);

    // The provider is back. Two cron ticks (two isolates) run at the same moment, and more follow:
    // every message goes out once, none twice, none lost.
    await env.CACHE.delete(MAILBOX_OUTAGE_KEY);
    const ticks = await Promise.all([0, 1].map(() => deliverOutbox(env, mailAdapter(env), { now: clock, ids })));
    expect(ticks.reduce((sum, t) => sum + t.sent, 0)).toBe(3);
    expect(ticks.reduce((sum, t) => sum + t.failed, 0)).toBe(0);
    for (const later of [clock + MINUTE, clock + 60 * MINUTE]) {
      expect(await deliverOutbox(env, mailAdapter(env), { now: later, ids })).toEqual({ sent: 0, failed: 0 });
    }
    const rows = await outboxOf(userIds);
    expect(rows.map((r) => [r.status, r.attempts, r.lastError])).toEqual(rows.map(() => ["sent", 5, null]));
    const mail = await delivered(ids);
    expect(mail.map((m) => m.outboxId).sort()).toEqual([...ids].sort());
  });
});
