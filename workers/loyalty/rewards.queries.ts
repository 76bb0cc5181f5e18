import { and, asc, desc, eq, lt, or, type SQL, sql } from "drizzle-orm";
import { rewardRedemptions, rewards } from "../db/schema";
import type { Db } from "../lib/context";
import { newId, nowIso } from "../lib/ids";
import { rawRun } from "../lib/raw-batch";
import { balanceSql } from "./ledger.queries";

export type RewardRow = typeof rewards.$inferSelect;
export type RedemptionRow = typeof rewardRedemptions.$inferSelect;

export function listRewards(db: Db, includeArchived: boolean) {
  return db
    .select()
    .from(rewards)
    .where(includeArchived ? undefined : eq(rewards.status, "active"))
    .orderBy(asc(rewards.costPoints), asc(rewards.id))
    .all();
}

export const findReward = (db: Db, id: string) => db.select().from(rewards).where(eq(rewards.id, id)).get();

export async function insertReward(
  db: Db,
  input: Pick<RewardRow, "name" | "description" | "kind" | "costPoints" | "stock" | "discountPercent">,
) {
  const now = nowIso();
  const [row] = await db
    .insert(rewards)
    .values({ id: newId(), ...input, status: "active", createdAt: now, updatedAt: now })
    .returning();
  return row;
}

export async function updateReward(db: Db, id: string, changes: Partial<Omit<RewardRow, "id" | "createdAt" | "kind">>) {
  const [row] = await db
    .update(rewards)
    .set({ ...changes, updatedAt: nowIso() })
    .where(eq(rewards.id, id))
    .returning();
  return row;
}

/** `MQ-` and ten Crockford base32 characters: easy to read out at a counter, about 50 bits of chance. */
export function newVoucherCode(): string {
  const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  return `MQ-${Array.from(bytes, (b) => alphabet[b % 32]).join("")}`;
}

/**
 * Redeems in one D1 batch, where the check is the write: the redemption row is inserted only if
 * the reward is active with stock left and the balance covers its cost; the ledger entry and the
 * stock decrement follow only if that row exists. Two redemptions racing for the last points or
 * the last item are serialised by D1: exactly one inserts its row.
 */
export async function redeemAtomically(db: Db, input: { userId: string; rewardId: string; key: string }) {
  const id = newId();
  const now = nowIso();
  await db.batch([
    rawRun(
      db,
      sql`INSERT INTO reward_redemptions (id, user_id, reward_id, idempotency_key, points, voucher_code, status, created_at)
        SELECT ${id}, ${input.userId}, r.id, ${input.key}, r.cost_points, ${newVoucherCode()}, 'issued', ${now}
        FROM rewards r
        WHERE r.id = ${input.rewardId} AND r.status = 'active' AND (r.stock IS NULL OR r.stock > 0)
          AND ${balanceSql(input.userId)} >= r.cost_points
        ON CONFLICT DO NOTHING`,
    ),
    rawRun(
      db,
      sql`INSERT INTO loyalty_ledger (id, user_id, kind, points, source_key, reason, created_at)
        SELECT ${newId()}, rr.user_id, 'redeem', -rr.points, 'redeem:' || rr.id, r.name, rr.created_at
        FROM reward_redemptions rr JOIN rewards r ON r.id = rr.reward_id
        WHERE rr.id = ${id}`,
    ),
    rawRun(
      db,
      sql`UPDATE rewards SET stock = stock - 1, updated_at = ${now}
        WHERE id = ${input.rewardId} AND stock IS NOT NULL
          AND EXISTS (SELECT 1 FROM reward_redemptions WHERE id = ${id})`,
    ),
  ]);
  return findRedemptionByKey(db, input.userId, input.key);
}

export const findRedemptionByKey = (db: Db, userId: string, key: string) =>
  db
    .select()
    .from(rewardRedemptions)
    .where(and(eq(rewardRedemptions.userId, userId), eq(rewardRedemptions.idempotencyKey, key)))
    .get();

export function listUserRedemptions(db: Db, userId: string, limit: number, after?: [string, string]) {
  const cursor = after
    ? or(
        lt(rewardRedemptions.createdAt, after[0]),
        and(eq(rewardRedemptions.createdAt, after[0]), lt(rewardRedemptions.id, after[1])),
      )
    : undefined;
  return db
    .select({ redemption: rewardRedemptions, reward: rewards })
    .from(rewardRedemptions)
    .innerJoin(rewards, eq(rewards.id, rewardRedemptions.rewardId))
    .where(and(eq(rewardRedemptions.userId, userId), cursor))
    .orderBy(desc(rewardRedemptions.createdAt), desc(rewardRedemptions.id))
    .limit(limit + 1)
    .all();
}

/** A voucher with its reward, by code (codes are unique across members). */
export const findVoucher = (db: Db, code: string) =>
  db
    .select({ redemption: rewardRedemptions, reward: rewards })
    .from(rewardRedemptions)
    .innerJoin(rewards, eq(rewards.id, rewardRedemptions.rewardId))
    .where(eq(rewardRedemptions.voucherCode, code))
    .get();

/** Marks an issued voucher used by `orderId`; only one order can win it. Goes into the order's own batch. */
export const spendVoucher = (db: Db, input: { userId: string; code: string; orderId: string; at: string }) =>
  db
    .update(rewardRedemptions)
    .set({ status: "used", usedAt: input.at, usedOrderId: input.orderId })
    .where(
      and(
        eq(rewardRedemptions.voucherCode, input.code),
        eq(rewardRedemptions.userId, input.userId),
        or(eq(rewardRedemptions.status, "issued"), eq(rewardRedemptions.usedOrderId, input.orderId)),
      ),
    )
    .returning({ id: rewardRedemptions.id });

/** Gives back the voucher an order used (when that order failed or was refunded, which `onlyIf` says). */
export const releaseVoucher = (db: Db, orderId: string, onlyIf: SQL) =>
  db
    .update(rewardRedemptions)
    .set({ status: "issued", usedAt: null, usedOrderId: null })
    .where(and(eq(rewardRedemptions.usedOrderId, orderId), eq(rewardRedemptions.status, "used"), onlyIf));

/** Whether the member's balance covers `cost` now (to say why a redemption was refused). */
export async function balanceCovers(db: Db, userId: string, cost: number) {
  const row = await db.get<{ balance: number }>(sql`SELECT ${balanceSql(userId)} AS balance`);
  return Number(row?.balance ?? 0) >= cost;
}
