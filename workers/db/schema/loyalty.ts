import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./users";

export const loyaltyTiers = ["bronze", "silver", "gold"] as const;
export type LoyaltyTier = (typeof loyaltyTiers)[number];

/** A member of the programme. The balance is never stored: it is the ledger's sum. */
export const loyaltyMemberships = sqliteTable("loyalty_memberships", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id),
  // The tier the member was last told about, so a change is notified once.
  tier: text("tier", { enum: loyaltyTiers }).notNull().default("bronze"),
  createdAt: text("created_at").notNull(),
});

export const ledgerKinds = ["earn", "redeem", "expire", "adjust", "clawback"] as const;
export type LedgerKind = (typeof ledgerKinds)[number];

/** Append-only: entries are inserted, never updated or deleted. */
export const loyaltyLedger = sqliteTable(
  "loyalty_ledger",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind", { enum: ledgerKinds }).notNull(),
    // Signed: positive for earn and upward adjustments, negative for the rest.
    points: integer("points").notNull(),
    // What makes the entry happen at most once: `earn:<paymentId>`, `clawback:<paymentId>`,
    // `redeem:<redemptionId>`, `expire:<earn entry id>`, `adjust:<id>`.
    sourceKey: text("source_key").notNull(),
    paymentId: text("payment_id"),
    reason: text("reason"),
    actorId: text("actor_id"),
    // Earned points lapse at this instant (12 months on); null for other kinds.
    expiresAt: text("expires_at"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("loyalty_ledger_source_unique").on(t.sourceKey),
    index("loyalty_ledger_user_created_idx").on(t.userId, t.createdAt, t.id),
    index("loyalty_ledger_expiry_idx").on(t.expiresAt).where(sql`kind = 'earn'`),
  ],
);

export const rewardKinds = ["free_ticket", "snack_voucher", "discount_code"] as const;
export type RewardKind = (typeof rewardKinds)[number];

export const rewards = sqliteTable("rewards", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
  kind: text("kind", { enum: rewardKinds }).notNull(),
  costPoints: integer("cost_points").notNull(),
  // Null: unlimited. Decremented in the batch that records a redemption.
  stock: integer("stock"),
  // For a discount code: the percentage it takes off a ticket order.
  discountPercent: integer("discount_percent"),
  status: text("status", { enum: ["active", "archived"] })
    .notNull()
    .default("active"),
  createdAt: text("created_at").notNull(),
  updatedAt: text("updated_at").notNull(),
});

export const redemptionStatuses = ["issued", "used"] as const;

export const rewardRedemptions = sqliteTable(
  "reward_redemptions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    rewardId: text("reward_id")
      .notNull()
      .references(() => rewards.id),
    idempotencyKey: text("idempotency_key").notNull(),
    points: integer("points").notNull(),
    voucherCode: text("voucher_code").notNull(),
    status: text("status", { enum: redemptionStatuses }).notNull().default("issued"),
    usedAt: text("used_at"),
    usedOrderId: text("used_order_id"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("reward_redemptions_user_key_unique").on(t.userId, t.idempotencyKey),
    uniqueIndex("reward_redemptions_code_unique").on(t.voucherCode),
    index("reward_redemptions_user_created_idx").on(t.userId, t.createdAt),
  ],
);
