import { and, eq, gt, inArray, lt, lte, or } from "drizzle-orm";
import { subscriptions } from "../db/schema";
import type { Db, WaitUntil } from "../lib/context";
import { database } from "../lib/db";
import { log } from "../lib/log";
import { notify } from "../notifications/notify";
import { enqueueNotifications, type NotifyMessage } from "../notifications/notify-queue";
import type { CardBrand } from "../payments/cards";
import { type NewPayment, openPayments, type PaymentRow, paymentUpdate } from "../payments/payments.queries";
import { paymentProvider } from "../payments/provider";
import type { PlanRow } from "./plans.schemas";
import { addDays, addInterval, type Period } from "./proration";
import { chargesSucceeded } from "./receipts";
import { periodDescription, periodKey, usableCard } from "./subscription-charge";
import { loadViews } from "./subscriptions.queries";
import type { BillingRunSummary, SubscriptionRow, SubscriptionView } from "./subscriptions.schemas";
import { CLAIM_MS, periodOf } from "./subscriptions.writes";

/** Subscriptions claimed and charged together: one read, one batch of payment inserts, one batch of updates. */
const BATCH = 100;

/** Dunning: after the first decline, retries this many days after the renewal was due (Stripe's smart retries, fixed). */
export const RETRY_DAYS = [1, 3, 5] as const;

type Plan = { kind: "end" } | { kind: "charge"; plan: PlanRow; period: Period; attempt: number; downgrade: boolean };

/** What is due for a claimed subscription at `now`. */
function planFor(view: SubscriptionView): Plan {
  const { row } = view;
  if (row.status === "past_due") {
    return { kind: "charge", plan: view.plan, period: periodOf(row), attempt: row.failedAttempts + 1, downgrade: false };
  }
  if (row.cancelAtPeriodEnd) return { kind: "end" };
  const plan = view.pendingPlan ?? view.plan;
  const start = new Date(row.currentPeriodEnd);
  return {
    kind: "charge",
    plan,
    period: { start, end: addInterval(start, plan.interval) },
    attempt: 1,
    downgrade: view.pendingPlan !== null,
  };
}

/**
 * Claims the next batch of due subscriptions after `afterId` (renewals at period end, retries
 * at their time) that no other run holds. The claim is one UPDATE, so two runs never share a
 * row; a run that dies lets its claims lapse after CLAIM_MS and the next run picks them up.
 */
async function claimDue(db: Db, now: Date, afterId: string, lease: number) {
  const at = now.toISOString();
  const due = db
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(
      and(
        gt(subscriptions.id, afterId),
        lt(subscriptions.claimedUntil, Date.now()),
        or(
          and(inArray(subscriptions.status, ["trialing", "active"]), lte(subscriptions.currentPeriodEnd, at)),
          and(eq(subscriptions.status, "past_due"), lte(subscriptions.nextAttemptAt, at)),
        ),
      ),
    )
    .orderBy(subscriptions.id)
    .limit(BATCH);
  return db
    .update(subscriptions)
    .set({ claimedUntil: lease })
    .where(and(inArray(subscriptions.id, due), lt(subscriptions.claimedUntil, Date.now())))
    .returning()
    .all();
}

interface Outcome {
  view: SubscriptionView;
  due: Extract<Plan, { kind: "charge" }>;
  payment: PaymentRow | null;
  paid: boolean;
}

/** The subscription after a charge: the new period paid, or the next dunning step. */
function afterCharge({ view, due, paid }: Outcome, updatedAt: string): Partial<SubscriptionRow> {
  const base = {
    planId: due.plan.id,
    pendingPlanId: null,
    currentPeriodStart: due.period.start.toISOString(),
    currentPeriodEnd: due.period.end.toISOString(),
    claimedUntil: 0,
    updatedAt,
  };
  if (paid) return { ...base, status: "active", failedAttempts: 0, nextAttemptAt: null };
  const failedAttempts = view.row.status === "past_due" ? view.row.failedAttempts + 1 : 1;
  const retryDay = RETRY_DAYS[failedAttempts - 1];
  if (retryDay === undefined) return { ...base, status: "unpaid", failedAttempts, nextAttemptAt: null };
  return { ...base, status: "past_due", failedAttempts, nextAttemptAt: addDays(due.period.start, retryDay).toISOString() };
}

async function chargeBatch(env: Env, db: Db, charges: Omit<Outcome, "payment" | "paid">[], now: Date) {
  const chargeable = charges.filter((c) => usableCard(c.view.paymentMethod, now));
  const inputs: NewPayment[] = chargeable.map(({ view, due }) => ({
    userId: view.row.userId,
    idempotencyKey: `${periodKey(view.row.id, due.period.start)}:${due.attempt}`,
    subscriptionId: view.row.id,
    amountCents: due.plan.priceCents,
    currency: due.plan.currency,
    description: periodDescription(due.plan.name, due.period),
    card: { brand: view.paymentMethod?.brand as CardBrand, last4: view.paymentMethod?.last4 ?? "" },
  }));
  const opened = await openPayments(db, inputs);
  const provider = paymentProvider(env);
  const paymentUpdates: ReturnType<typeof paymentUpdate>[] = [];
  const settled = await Promise.all(
    opened.map(async (payment, i): Promise<PaymentRow> => {
      // A payment a crashed or overlapping run already settled is taken as it is: never charged twice.
      if (payment.status !== "processing") return payment;
      const token = chargeable[i].view.paymentMethod?.providerToken ?? "";
      const result = await provider.charge({
        amountCents: payment.amountCents,
        currency: payment.currency,
        source: { token },
        idempotencyKey: payment.id,
      });
      const changes = result.ok
        ? { status: "succeeded" as const, chargeId: result.chargeId }
        : { status: "failed" as const, failureReason: result.reason };
      paymentUpdates.push(paymentUpdate(db, payment.id, changes));
      return { ...payment, ...changes };
    }),
  );
  const byId = new Map(chargeable.map((c, i) => [c.view.row.id, settled[i]]));
  const outcomes: Outcome[] = charges.map((c) => {
    const payment = byId.get(c.view.row.id) ?? null;
    return { ...c, payment, paid: payment?.status === "succeeded" };
  });
  return { outcomes, paymentUpdates };
}

async function processBatch(env: Env, ctx: WaitUntil, db: Db, rows: SubscriptionRow[], now: Date, summary: BillingRunSummary) {
  const lease = rows[0].claimedUntil;
  const started = Date.now();
  const views = await loadViews(db, rows);
  const updatedAt = new Date().toISOString();
  const mine = (id: string) => and(eq(subscriptions.id, id), eq(subscriptions.claimedUntil, lease));
  const ends = views.filter((v) => planFor(v).kind === "end");
  const charges = views.flatMap((view) => {
    const due = planFor(view);
    return due.kind === "charge" ? [{ view, due }] : [];
  });
  const { outcomes, paymentUpdates } = await chargeBatch(env, db, charges, now);

  const writes = [
    ...paymentUpdates,
    ...ends.map(({ row }) =>
      db
        .update(subscriptions)
        .set({ status: "canceled", endedAt: row.currentPeriodEnd, claimedUntil: 0, updatedAt })
        .where(mine(row.id)),
    ),
    ...outcomes.map((o) => db.update(subscriptions).set(afterCharge(o, updatedAt)).where(mine(o.view.row.id))),
  ];
  if (writes.length > 0) await db.batch(writes as [(typeof writes)[number], ...typeof writes]);
  const written = Date.now();

  summary.ended += ends.length;
  const notices: NotifyMessage[] = ends.map(({ row, plan }) => ({
    userId: row.userId,
    kind: "subscription_canceled",
    payload: { subscriptionId: row.id, planName: plan.name, endsAt: row.currentPeriodEnd },
  }));
  const paidPayments: PaymentRow[] = [];
  for (const outcome of outcomes) {
    const { view, due, payment, paid } = outcome;
    const next = afterCharge(outcome, updatedAt);
    if (view.row.status === "past_due") summary.retried++;
    const payload = {
      subscriptionId: view.row.id,
      planName: due.plan.name,
      amount: due.plan.priceCents,
      currency: due.plan.currency,
      periodEnd: next.currentPeriodEnd,
      attempt: next.failedAttempts,
      nextAttemptAt: next.nextAttemptAt,
      reason: payment?.failureReason ?? (payment ? null : "card_expired"),
    };
    if (paid && payment) {
      summary.renewed++;
      if (due.downgrade) summary.downgraded++;
      paidPayments.push(payment);
      notices.push({ userId: view.row.userId, kind: "subscription_renewed", payload });
    } else {
      summary.failed++;
      if (next.status === "unpaid") summary.unpaid++;
      const kind = next.status === "unpaid" ? "subscription_unpaid" : "subscription_payment_failed";
      notices.push({ userId: view.row.userId, kind, payload });
    }
  }
  try {
    notices.push(...(await chargesSucceeded(env, db, paidPayments)));
  } catch (err) {
    log.error("billing_follow_up_failed", { count: paidPayments.length, error: String(err) });
  }
  const receipted = Date.now();
  await tell(env, ctx, notices);
  log.info("billing_batch", {
    count: rows.length,
    chargeMs: written - started,
    receiptMs: receipted - written,
    notifyMs: Date.now() - receipted,
  });
}

/** The run's notifications go through the queue; if it cannot take them, straight to the rooms. */
async function tell(env: Env, ctx: WaitUntil, notices: NotifyMessage[]) {
  try {
    await enqueueNotifications(env, notices);
  } catch (err) {
    log.error("notify_queue_failed", { count: notices.length, error: String(err) });
    await Promise.all(notices.map((n) => notify(env, ctx, n.userId, n.kind, n.payload)));
  }
}

/**
 * The cron's billing work at `now`: renewals due (trial ends included), dunning retries and
 * cancellations at period end. Each subscription is charged at most once per period and attempt,
 * whether the cron fires twice or two runs overlap: runs claim rows before charging, and the
 * payment key (subscription, period start, attempt) finds the payment an earlier run made.
 */
export async function runScheduledBilling(env: Env, ctx: WaitUntil, now: Date): Promise<BillingRunSummary> {
  const db = database(env.DB);
  const summary: BillingRunSummary = { renewed: 0, failed: 0, retried: 0, unpaid: 0, ended: 0, downgraded: 0 };
  let afterId = "";
  for (;;) {
    const lease = Date.now() + CLAIM_MS;
    const rows = await claimDue(db, now, afterId, lease);
    if (rows.length === 0) break;
    afterId =
      rows
        .map((r) => r.id)
        .sort()
        .at(-1) ?? afterId;
    try {
      await processBatch(env, ctx, db, rows, now, summary);
    } catch (err) {
      // Left claimed: the lease lapses and a later run retries them (payment keys keep that safe).
      log.error("billing_batch_failed", { count: rows.length, error: String(err) });
    }
  }
  return summary;
}
