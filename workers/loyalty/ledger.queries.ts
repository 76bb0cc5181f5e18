import { and, desc, eq, inArray, lt, ne, or, type SQL, sql } from "drizzle-orm";
import { type LedgerKind, loyaltyLedger, loyaltyMemberships } from "../db/schema";
import type { Db } from "../lib/context";
import { newId } from "../lib/ids";
import { TIER_THRESHOLDS } from "./tiers";

export type LedgerRow = typeof loyaltyLedger.$inferSelect;
export type MembershipRow = typeof loyaltyMemberships.$inferSelect;

export interface NewLedgerEntry {
  userId: string;
  kind: LedgerKind;
  points: number;
  sourceKey: string;
  paymentId?: string | null;
  reason?: string | null;
  actorId?: string | null;
  expiresAt?: string | null;
  createdAt: string;
}

export const ledgerValues = (entry: NewLedgerEntry): LedgerRow => ({
  id: newId(),
  paymentId: null,
  reason: null,
  actorId: null,
  expiresAt: null,
  ...entry,
});

/** Adds an entry unless one with its source key exists: replays of the same event add nothing. */
export const insertLedgerEntry = (db: Db, entry: NewLedgerEntry) =>
  db.insert(loyaltyLedger).values(ledgerValues(entry)).onConflictDoNothing().returning();

/** The membership for `userId`, created if missing (first purchase or joining). */
export const ensureMembership = (db: Db, userId: string, at: string) =>
  db.insert(loyaltyMemberships).values({ userId, tier: "bronze", createdAt: at }).onConflictDoNothing().returning();

export const findMembership = (db: Db, userId: string) =>
  db.select().from(loyaltyMemberships).where(eq(loyaltyMemberships.userId, userId)).get();

/** The balance is the ledger's sum, never a stored number. */
export const balanceSql = (userId: string | SQL): SQL =>
  sql`(SELECT COALESCE(SUM(b.points), 0) FROM loyalty_ledger b WHERE b.user_id = ${userId})`;

/**
 * Points earned on payments whose points are still within their 12 months at `at`, net of what
 * refunds clawed back from those same payments (the tier's measure).
 */
export const earnedSinceSql = (userId: string | SQL, at: string): SQL => sql`(
  SELECT COALESCE(SUM(x.points), 0) FROM loyalty_ledger x
  WHERE x.user_id = ${userId} AND x.kind IN ('earn', 'clawback')
    AND x.payment_id IN (
      SELECT e.payment_id FROM loyalty_ledger e WHERE e.user_id = ${userId} AND e.kind = 'earn' AND e.expires_at > ${at}
    )
)`;

const tierSql = (earned: SQL): SQL => sql`(CASE
  WHEN ${earned} >= ${TIER_THRESHOLDS.gold} THEN 'gold'
  WHEN ${earned} >= ${TIER_THRESHOLDS.silver} THEN 'silver'
  ELSE 'bronze' END)`;

/**
 * Stores the tier the member's earnings give at `at`, only when it differs from the stored
 * one: a row comes back exactly once per change, however many requests race to make it.
 */
export function updateTier(db: Db, userId: string, at: string) {
  const tier = tierSql(earnedSinceSql(userId, at));
  return db
    .update(loyaltyMemberships)
    .set({ tier: sql`${tier}` })
    .where(and(eq(loyaltyMemberships.userId, userId), ne(loyaltyMemberships.tier, sql`${tier}`)))
    .returning({ userId: loyaltyMemberships.userId, tier: loyaltyMemberships.tier });
}

export async function standingOf(db: Db, userId: string, at: string) {
  const row = await db.get<{ balance: number; earned: number }>(
    sql`SELECT ${balanceSql(userId)} AS balance, ${earnedSinceSql(userId, at)} AS earned`,
  );
  return { balance: Number(row?.balance ?? 0), earnedLast12Months: Number(row?.earned ?? 0) };
}

/** The balances of `userIds` who are members, in one read. */
export async function balancesOf(db: Db, userIds: string[]): Promise<Map<string, number>> {
  const rows = await db
    .select({ userId: loyaltyMemberships.userId, balance: sql<number>`${balanceSql(sql`${loyaltyMemberships.userId}`)}` })
    .from(loyaltyMemberships)
    .where(inArray(loyaltyMemberships.userId, [...new Set(userIds)]))
    .all();
  return new Map(rows.map((r) => [r.userId, Number(r.balance)]));
}

export const findEntryBySource = (db: Db, sourceKey: string) =>
  db.select().from(loyaltyLedger).where(eq(loyaltyLedger.sourceKey, sourceKey)).get();

/** What refunds of `paymentId` already took back (negative or zero). */
export async function clawedBack(db: Db, paymentId: string): Promise<number> {
  const row = await db
    .select({ total: sql<number>`COALESCE(SUM(${loyaltyLedger.points}), 0)` })
    .from(loyaltyLedger)
    .where(and(eq(loyaltyLedger.paymentId, paymentId), eq(loyaltyLedger.kind, "clawback")))
    .get();
  return Number(row?.total ?? 0);
}

/** A page of the member's ledger, newest first; lapses that took nothing (0 points) are left out. */
export function listLedger(db: Db, userId: string, limit: number, after?: [string, string]) {
  const cursor = after
    ? or(lt(loyaltyLedger.createdAt, after[0]), and(eq(loyaltyLedger.createdAt, after[0]), lt(loyaltyLedger.id, after[1])))
    : undefined;
  return db
    .select()
    .from(loyaltyLedger)
    .where(and(eq(loyaltyLedger.userId, userId), ne(loyaltyLedger.points, 0), cursor))
    .orderBy(desc(loyaltyLedger.createdAt), desc(loyaltyLedger.id))
    .limit(limit + 1)
    .all();
}
