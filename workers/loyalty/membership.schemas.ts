import { z } from "@hono/zod-openapi";
import { ledgerKinds, loyaltyTiers } from "../db/schema";
import type { LedgerRow } from "./ledger.queries";

export const LoyaltyTierSchema = z.enum(loyaltyTiers).openapi("LoyaltyTier");

export const LoyaltySchema = z
  .object({
    member: z.boolean(),
    balance: z.number().int().openapi({ description: "Points: the ledger's sum (below zero after a refund of spent points)" }),
    tier: LoyaltyTierSchema,
    tierName: z.string(),
    earnedLast12Months: z.number().int(),
    nextTier: z.enum(["silver", "gold"]).nullable(),
    pointsToNextTier: z.number().int().nullable(),
    benefits: z.array(z.string()),
    pointsPerUnit: z.number().openapi({ description: "Points earned per 1.00 of currency spent" }),
    expiringNext: z.object({ points: z.number().int(), at: z.string() }).nullable(),
    memberSince: z.string().nullable(),
  })
  .openapi("Loyalty");

export const LedgerEntrySchema = z
  .object({
    id: z.string(),
    kind: z.enum(ledgerKinds),
    points: z.number().int().openapi({ description: "Signed: positive adds to the balance" }),
    reason: z.string().nullable(),
    paymentId: z.string().nullable(),
    expiresAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("LoyaltyLedgerEntry");

export const toLedgerEntry = (row: LedgerRow): z.infer<typeof LedgerEntrySchema> => ({
  id: row.id,
  kind: row.kind,
  points: row.points,
  reason: row.reason,
  paymentId: row.paymentId,
  expiresAt: row.expiresAt,
  createdAt: row.createdAt,
});

export const NewAdjustment = z
  .object({
    points: z
      .number()
      .int()
      .min(-1_000_000)
      .max(1_000_000)
      .refine((points) => points !== 0, "An adjustment moves at least one point")
      .openapi({ description: "Signed: positive adds points, negative takes them", example: 250 }),
    reason: z.string().trim().min(1).max(500),
  })
  .openapi("NewLoyaltyAdjustment");

export const LoyaltyRun = z
  .object({ now: z.iso.datetime().optional().openapi({ description: "The instant to run at (not in production)" }) })
  .openapi("LoyaltyRun");

export const LoyaltyRunResult = z
  .object({ members: z.number().int(), expiredPoints: z.number().int(), tierChanges: z.number().int() })
  .openapi("LoyaltyRunResult");
