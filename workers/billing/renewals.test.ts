import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { signInAdmin, unique } from "../../test/api";
import { client, expectJson } from "../../test/client";
import type { NotifyMessage } from "../notifications/notify-queue";
import { runScheduledBilling } from "./renewals";

const DAY = 86_400_000;

async function createPlan(price: number) {
  const admin = await signInAdmin();
  const json = { name: unique("Plan "), price, currency: "usd" as const, interval: "month" as const };
  return { admin, plan: await expectJson(await client(admin.accessToken).plans.$post({ json }), 201) };
}

/** Subscribers written straight into D1 (as the benchmark does): many at once, due at `due`. */
async function seed(planId: string, count: number, due: Date, card: { token: string; expYear: number }) {
  const prefix = unique("bulk");
  const now = new Date().toISOString();
  const start = new Date(due.getTime() - 30 * DAY).toISOString();
  const statements = [];
  for (let i = 0; i < count; i++) {
    const id = `${prefix}u${String(i).padStart(4, "0")}`;
    statements.push(
      env.DB.prepare(
        "INSERT INTO users (id, email, username, name, role, created_at, updated_at) VALUES (?, ?, ?, 'Bulk', 'user', ?, ?)",
      ).bind(id, `${id}@example.com`, id, now, now),
      env.DB.prepare(
        "INSERT INTO payment_methods (id, user_id, brand, last4, exp_month, exp_year, provider_token, is_default, created_at) VALUES (?, ?, 'visa', '4242', 1, ?, ?, 1, ?)",
      ).bind(`${id}pm`, id, card.expYear, `${card.token}${i}`, now),
      env.DB.prepare(
        "INSERT INTO subscriptions (id, user_id, plan_id, status, payment_method_id, current_period_start, current_period_end, created_at, updated_at) VALUES (?, ?, ?, 'active', ?, ?, ?, ?, ?)",
      ).bind(`${id}s`, id, planId, `${id}pm`, start, due.toISOString(), now, now),
    );
  }
  await env.DB.batch(statements);
  return prefix;
}

const rowsOf = async (sql: string, ...params: unknown[]) =>
  (
    await env.DB.prepare(sql)
      .bind(...params)
      .all<Record<string, unknown>>()
  ).results;

describe("renewal runs", { timeout: 180_000 }, () => {
  it("renews many due subscriptions in batches, each once, even when runs overlap", async () => {
    const { admin, plan } = await createPlan(1100);
    const due = new Date(Date.now() + 400 * DAY);
    const prefix = await seed(plan.id, 230, due, { token: "pm_sim_ok_bulk", expYear: 2099 });
    const now = new Date(due.getTime() + 60_000).toISOString();
    const run = () => client(admin.accessToken).billing.run.$post({ json: { now } });
    const summaries = await Promise.all([run(), run()].map(async (r) => expectJson(await r, 200)));
    expect(summaries.reduce((n, s) => n + s.renewed, 0)).toBeGreaterThanOrEqual(230);
    await expectJson(await run(), 200);

    const payments = await rowsOf(
      "SELECT p.subscription_id, p.status, p.amount_cents, p.idempotency_key FROM payments p WHERE p.subscription_id LIKE ?",
      `${prefix}%`,
    );
    expect(payments).toHaveLength(230);
    expect(new Set(payments.map((p) => p.subscription_id)).size).toBe(230);
    expect(payments.every((p) => p.status === "succeeded" && p.amount_cents === 1100)).toBe(true);
    expect(payments[0].idempotency_key).toBe(`sub:${payments[0].subscription_id}:${due.toISOString()}:1`);
    const subs = await rowsOf(
      "SELECT status, current_period_start, claimed_until FROM subscriptions WHERE id LIKE ? GROUP BY status, current_period_start, claimed_until",
      `${prefix}%`,
    );
    expect(subs).toEqual([{ status: "active", current_period_start: due.toISOString(), claimed_until: 0 }]);
  });

  it("declines an expired card without calling the provider", async () => {
    const { admin, plan } = await createPlan(900);
    const due = new Date(Date.now() + 200 * DAY); // before the first test's renewed periods end: only these are due
    const prefix = await seed(plan.id, 3, due, { token: "pm_sim_ok_expired", expYear: 2020 });
    const now = new Date(due.getTime() + 60_000).toISOString();
    await expectJson(await client(admin.accessToken).billing.run.$post({ json: { now } }), 200);
    const subs = await rowsOf("SELECT status, failed_attempts, next_attempt_at FROM subscriptions WHERE id LIKE ?", `${prefix}%`);
    expect(subs).toEqual(
      Array(3).fill({ status: "past_due", failed_attempts: 1, next_attempt_at: new Date(due.getTime() + DAY).toISOString() }),
    );
    expect(await rowsOf("SELECT id FROM payments WHERE subscription_id LIKE ?", `${prefix}%`)).toEqual([]);
  });

  it("hands the run's notifications to the queue, whose consumer puts them in the inbox", async () => {
    const { plan } = await createPlan(1250);
    const due = new Date(Date.now() + 100 * DAY); // before the other tests' periods end: only these are due
    const prefix = await seed(plan.id, 3, due, { token: "pm_sim_ok_queue", expYear: 2099 });
    const now = new Date(due.getTime() + 60_000);
    const inbox = () =>
      rowsOf(
        "SELECT user_id, kind FROM notifications WHERE user_id LIKE ? AND kind IN ('subscription_renewed', 'points_earned') ORDER BY user_id, kind",
        `${prefix}%`,
      );

    // The run only queues: nothing is in the inbox when it returns (recorded here instead of sent).
    const sent: NotifyMessage[] = [];
    const recorder = {
      sendBatch: async (messages: { body: { notices: NotifyMessage[] } }[]) =>
        void sent.push(...messages.flatMap((m) => m.body.notices)),
    };
    const ctx = createExecutionContext();
    const summary = await runScheduledBilling({ ...env, NOTIFY_QUEUE: recorder as unknown as Queue }, ctx, now);
    await waitOnExecutionContext(ctx);
    expect(summary.renewed).toBe(3);
    expect(await inbox()).toEqual([]);
    const users = [0, 1, 2].map((i) => `${prefix}u000${i}`);
    expect(sent.map((m) => `${m.userId} ${m.kind}`).sort()).toEqual(
      users.flatMap((u) => [`${u} points_earned`, `${u} subscription_renewed`]),
    );
    expect(sent.find((m) => m.kind === "subscription_renewed")?.payload).toMatchObject({ planName: plan.name, amount: 1250 });
    expect(sent.find((m) => m.kind === "points_earned")?.payload).toMatchObject({ points: 125, balance: 125 });

    // Through the real queue, its consumer delivers them: once each.
    await env.NOTIFY_QUEUE.send({ notices: sent });
    await vi.waitFor(async () => expect(await inbox()).toHaveLength(6), { timeout: 90_000, interval: 500 });
    expect((await inbox()).map((n) => `${n.user_id} ${n.kind}`)).toEqual(
      users.flatMap((u) => [`${u} points_earned`, `${u} subscription_renewed`]),
    );
  });
});
