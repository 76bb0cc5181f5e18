import { inArray, sql } from "drizzle-orm";
import { type LoyaltyTier, loyaltyLedger } from "../db/schema";
import type { Db, WaitUntil } from "../lib/context";
import { database } from "../lib/db";
import { rawAll } from "../lib/raw-batch";
import { insertLedgerEntry, updateTier } from "./ledger.queries";
import { notifyTierChange } from "./points";

/** One payment's points as the ledger holds them: what was earned and what is left of it. */
export interface EarnedLot {
  earnId: string;
  paymentId: string;
  earnedAt: string;
  expiresAt: string;
  /** Earned, less clawbacks and any lapse already recorded. */
  left: number;
  lapsed: boolean;
}

export interface Lapse {
  earnId: string;
  paymentId: string;
  points: number;
}

/**
 * Which lots lapse at `now`, oldest first, and how many points each takes: what is left of a
 * lot is the balance less everything that outlives it (later lots and upward adjustments, which
 * never lapse), so points spent count as the oldest ones spent.
 */
export function lapsesAt(lots: EarnedLot[], balance: number, adjustedUp: number, now: string): Lapse[] {
  const ordered = [...lots].sort((a, b) =>
    a.earnedAt === b.earnedAt ? a.earnId.localeCompare(b.earnId) : a.earnedAt.localeCompare(b.earnedAt),
  );
  const lapses: Lapse[] = [];
  let running = balance;
  ordered.forEach((lot, i) => {
    if (lot.lapsed || lot.expiresAt > now) return;
    const outliving = adjustedUp + ordered.slice(i + 1).reduce((sum, later) => sum + Math.max(0, later.left), 0);
    const points = Math.min(Math.max(0, lot.left), Math.max(0, running - outliving));
    running -= points;
    lapses.push({ earnId: lot.earnId, paymentId: lot.paymentId, points });
  });
  return lapses;
}

interface LotRow {
  user_id: string;
  earn_id: string;
  payment_id: string;
  earned_at: string;
  expires_at: string;
  left_points: number;
  lapsed: number;
}

/** Every member's lots, balance and never-lapsing points, for a few members at once. */
export async function holdingsOf(db: Db, userIds: string[]) {
  const [lots, totals] = await db.batch([
    rawAll<LotRow>(
      db,
      sql`
      SELECT user_id, payment_id,
        MAX(CASE WHEN kind = 'earn' THEN id END) AS earn_id,
        MAX(CASE WHEN kind = 'earn' THEN created_at END) AS earned_at,
        MAX(CASE WHEN kind = 'earn' THEN expires_at END) AS expires_at,
        SUM(points) AS left_points,
        MAX(kind = 'expire') AS lapsed
      FROM loyalty_ledger
      WHERE user_id IN ${userIds} AND payment_id IS NOT NULL AND kind IN ('earn', 'clawback', 'expire')
      GROUP BY user_id, payment_id
      HAVING earn_id IS NOT NULL`,
    ),
    db
      .select({
        userId: loyaltyLedger.userId,
        balance: sql<number>`COALESCE(SUM(${loyaltyLedger.points}), 0)`,
        adjustedUp: sql<number>`COALESCE(SUM(CASE WHEN ${loyaltyLedger.kind} = 'adjust' AND ${loyaltyLedger.points} > 0 THEN ${loyaltyLedger.points} END), 0)`,
      })
      .from(loyaltyLedger)
      .where(inArray(loyaltyLedger.userId, userIds))
      .groupBy(loyaltyLedger.userId),
  ]);
  return userIds.map((userId) => {
    const total = totals.find((t) => t.userId === userId);
    return {
      userId,
      balance: Number(total?.balance ?? 0),
      adjustedUp: Number(total?.adjustedUp ?? 0),
      lots: lots
        .filter((row) => row.user_id === userId)
        .map(
          (row): EarnedLot => ({
            earnId: row.earn_id,
            paymentId: row.payment_id,
            earnedAt: row.earned_at,
            expiresAt: row.expires_at,
            left: Number(row.left_points),
            lapsed: Number(row.lapsed) === 1,
          }),
        ),
    };
  });
}

const MEMBERS_PER_ROUND = 40;

/**
 * The cron's loyalty work at `now`: earned points 12 months old lapse, oldest first, as one
 * `expire` entry per earn (keyed `expire:<earn id>`, so a second run adds nothing), and the
 * tiers of those members follow. Works through the members a few dozen at a time.
 */
export async function expireLoyaltyPoints(env: Env, ctx: WaitUntil, now: Date) {
  const db = database(env.DB);
  const at = now.toISOString();
  let members = 0;
  let expiredPoints = 0;
  let tierChanges = 0;
  for (;;) {
    const due = await db.all<{ user_id: string }>(sql`
      SELECT DISTINCT e.user_id FROM loyalty_ledger e
      WHERE e.kind = 'earn' AND e.expires_at <= ${at}
        AND NOT EXISTS (SELECT 1 FROM loyalty_ledger x WHERE x.source_key = 'expire:' || e.id)
      LIMIT ${MEMBERS_PER_ROUND}`);
    if (due.length === 0) break;
    const userIds = due.map((row) => row.user_id);
    const holdings = await holdingsOf(db, userIds);
    const writes = holdings.flatMap((member) =>
      lapsesAt(member.lots, member.balance, member.adjustedUp, at).map((lapse) => {
        expiredPoints += lapse.points;
        return insertLedgerEntry(db, {
          userId: member.userId,
          kind: "expire",
          points: -lapse.points,
          sourceKey: `expire:${lapse.earnId}`,
          paymentId: lapse.paymentId,
          reason: "Points older than 12 months",
          createdAt: at,
        });
      }),
    );
    const [firstTier, ...otherTiers] = userIds.map((userId) => updateTier(db, userId, at));
    const [firstChange, ...rest] = await db.batch([firstTier, ...otherTiers, ...writes]);
    const changes = [firstChange, ...rest.slice(0, otherTiers.length)].flat() as { userId: string; tier: LoyaltyTier }[];
    for (const change of changes) await notifyTierChange(env, ctx, change.userId, change.tier);
    tierChanges += changes.length;
    members += userIds.length;
  }
  return { members, expiredPoints, tierChanges };
}
