import type { LoyaltyTier } from "../db/schema";
import type { Db, WaitUntil } from "../lib/context";
import { nowIso } from "../lib/ids";
import { notify } from "../notifications/notify";
import type { NotifyMessage } from "../notifications/notify-queue";
import type { PaymentRow } from "../payments/payments.queries";
import {
  balancesOf,
  clawedBack,
  ensureMembership,
  findEntryBySource,
  insertLedgerEntry,
  standingOf,
  updateTier,
} from "./ledger.queries";
import { expiryOf, pointsPerUnit, TIER_NAMES } from "./tiers";

/** floor(amount × points per unit): 10 points per 1.00 spent earns 125 for 12.50. */
export const pointsFor = (env: Env, amountCents: number) => Math.floor((amountCents * pointsPerUnit(env)) / 100);

/**
 * Points for a successful payment, once per payment: the membership is made on the first
 * purchase, the earn entry keyed `earn:<paymentId>` (a replay inserts nothing), and the tier
 * recomputed in the same batch. The member hears of the points and of a new tier once.
 */
export async function earnForPayment(env: Env, ctx: WaitUntil, db: Db, payment: PaymentRow): Promise<void> {
  const now = new Date();
  const at = now.toISOString();
  const points = pointsFor(env, payment.amountCents);
  const [, earned, tierChange] = await db.batch([
    ensureMembership(db, payment.userId, at),
    insertLedgerEntry(db, {
      userId: payment.userId,
      kind: "earn",
      points,
      sourceKey: `earn:${payment.id}`,
      paymentId: payment.id,
      expiresAt: expiryOf(now),
      createdAt: at,
    }),
    updateTier(db, payment.userId, at),
  ]);
  if ((earned.length === 0 || points === 0) && tierChange.length === 0) return;
  const standing = await standingOf(db, payment.userId, at);
  if (earned.length > 0 && points > 0) {
    await notify(env, ctx, payment.userId, "points_earned", { points, paymentId: payment.id, balance: standing.balance });
  }
  await notifyTierChange(env, ctx, payment.userId, tierChange[0]?.tier);
}

/**
 * earnForPayment for many payments of different members at once (a renewal batch): one D1
 * batch for every membership, earn entry and tier, one read of the balances of those who earned.
 * Nobody is notified here: the points_earned and tier_changed notices come back for the caller
 * to queue, so a bulk job never waits on a notification room per member.
 */
export async function earnForPayments(env: Env, db: Db, payments: PaymentRow[]): Promise<NotifyMessage[]> {
  if (payments.length === 0) return [];
  const now = new Date();
  const at = now.toISOString();
  const statements = payments.flatMap((payment) => [
    ensureMembership(db, payment.userId, at),
    insertLedgerEntry(db, {
      userId: payment.userId,
      kind: "earn",
      points: pointsFor(env, payment.amountCents),
      sourceKey: `earn:${payment.id}`,
      paymentId: payment.id,
      expiresAt: expiryOf(now),
      createdAt: at,
    }),
    updateTier(db, payment.userId, at),
  ]);
  const results = (await db.batch(statements as [(typeof statements)[number], ...typeof statements])) as unknown[][];
  const earned = payments.filter((p, i) => results[3 * i + 1].length > 0 && pointsFor(env, p.amountCents) > 0);
  const balances =
    earned.length > 0
      ? await balancesOf(
          db,
          earned.map((p) => p.userId),
        )
      : new Map<string, number>();
  const notices: NotifyMessage[] = earned.map((payment) => ({
    userId: payment.userId,
    kind: "points_earned",
    payload: { points: pointsFor(env, payment.amountCents), paymentId: payment.id, balance: balances.get(payment.userId) ?? 0 },
  }));
  payments.forEach((payment, i) => {
    const tier = (results[3 * i + 2] as { tier: LoyaltyTier }[])[0]?.tier;
    if (tier) notices.push({ userId: payment.userId, kind: "tier_changed", payload: { tier, tierName: TIER_NAMES[tier] } });
  });
  return notices;
}

/**
 * Takes back the refunded share of what a payment earned: round(earned × refunded / paid),
 * once per refund key, never more in total than was earned. The balance may go below zero
 * when the points were already spent: the member earns their way back before redeeming again.
 */
export async function clawBackPayment(
  env: Env,
  ctx: WaitUntil,
  db: Db,
  payment: PaymentRow,
  refund: { key: string; amountCents: number },
): Promise<void> {
  const earn = await findEntryBySource(db, `earn:${payment.id}`);
  if (!earn || earn.points <= 0 || payment.amountCents <= 0) return;
  const share = Math.round((earn.points * Math.min(refund.amountCents, payment.amountCents)) / payment.amountCents);
  const points = Math.min(share, earn.points + (await clawedBack(db, payment.id)));
  if (points <= 0) return;
  const at = nowIso();
  const [, tierChange] = await db.batch([
    insertLedgerEntry(db, {
      userId: payment.userId,
      kind: "clawback",
      points: -points,
      sourceKey: `clawback:${refund.key}`,
      paymentId: payment.id,
      reason: "Payment refunded",
      createdAt: at,
    }),
    updateTier(db, payment.userId, at),
  ]);
  await notifyTierChange(env, ctx, payment.userId, tierChange[0]?.tier);
}

export async function notifyTierChange(env: Env, ctx: WaitUntil, userId: string, tier: LoyaltyTier | undefined) {
  if (!tier) return;
  await notify(env, ctx, userId, "tier_changed", { tier, tierName: TIER_NAMES[tier] });
}
