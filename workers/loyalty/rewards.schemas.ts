import { z } from "@hono/zod-openapi";
import { redemptionStatuses, rewardKinds } from "../db/schema";
import type { RedemptionRow, RewardRow } from "./rewards.queries";

export const RewardSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    kind: z.enum(rewardKinds),
    cost: z.number().int().openapi({ description: "In points" }),
    stock: z.number().int().nullable().openapi({ description: "How many are left; null: unlimited" }),
    discountPercent: z.number().int().nullable().openapi({ description: "A discount code's share off a ticket order" }),
    status: z.enum(["active", "archived"]),
  })
  .openapi("Reward");

export const toReward = (row: RewardRow): z.infer<typeof RewardSchema> => ({
  id: row.id,
  name: row.name,
  description: row.description,
  kind: row.kind,
  cost: row.costPoints,
  stock: row.stock,
  discountPercent: row.discountPercent,
  status: row.status,
});

const rewardFields = {
  name: z.string().trim().min(1).max(120),
  description: z.string().trim().max(1000),
  cost: z.number().int().min(1).max(10_000_000).openapi({ description: "In points" }),
  stock: z.number().int().min(0).max(1_000_000).nullable(),
  discountPercent: z.number().int().min(1).max(100).nullable(),
};

const discountMatchesKind = (r: { kind?: string; discountPercent?: number | null }) =>
  r.kind === undefined || (r.kind === "discount_code") === (r.discountPercent != null);

export const NewReward = z
  .object({
    name: rewardFields.name,
    description: rewardFields.description.optional(),
    kind: z.enum(rewardKinds),
    cost: rewardFields.cost,
    stock: rewardFields.stock.optional(),
    discountPercent: rewardFields.discountPercent.optional(),
  })
  .refine(discountMatchesKind, {
    message: "A discount_code needs discountPercent; other kinds take none",
    path: ["discountPercent"],
  })
  .openapi("NewReward");

export const RewardPatch = z
  .object({
    name: rewardFields.name,
    description: rewardFields.description,
    cost: rewardFields.cost,
    stock: rewardFields.stock,
    discountPercent: rewardFields.discountPercent,
    status: z.enum(["active", "archived"]).openapi({ description: '"archived" takes it off the list, "active" brings it back' }),
  })
  .partial()
  .openapi("RewardPatch");

export const RewardListQuery = z.object({
  include: z.enum(["archived"]).optional().openapi({ description: "`archived` (admin): archived rewards too" }),
});

export const RedemptionSchema = z
  .object({
    id: z.string(),
    reward: RewardSchema,
    points: z.number().int(),
    voucherCode: z.string(),
    status: z.enum(redemptionStatuses),
    usedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("Redemption");

export type Redemption = z.infer<typeof RedemptionSchema>;

export const toRedemption = (row: RedemptionRow, reward: RewardRow): Redemption => ({
  id: row.id,
  reward: toReward(reward),
  points: row.points,
  voucherCode: row.voucherCode,
  status: row.status,
  usedAt: row.usedAt,
  createdAt: row.createdAt,
});
