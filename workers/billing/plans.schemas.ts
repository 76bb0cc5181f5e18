import { z } from "@hono/zod-openapi";
import { planIntervals, planStatuses, type plans } from "../db/schema";
import { IdParam } from "../lib/id-param";

export type PlanRow = typeof plans.$inferSelect;

export const PlanSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    price: z.number().int().openapi({ description: "Per interval, in cents", example: 999 }),
    currency: z.string().openapi({ example: "usd" }),
    interval: z.enum(planIntervals),
    trialDays: z.number().int(),
    features: z.array(z.string()).openapi({ example: ["hd", "premium_titles"] }),
    maxStreams: z.number().int(),
    status: z.enum(planStatuses),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Plan");

export type Plan = z.infer<typeof PlanSchema>;

export function toPlan(row: PlanRow): Plan {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    price: row.priceCents,
    currency: row.currency,
    interval: row.interval,
    trialDays: row.trialDays,
    features: row.features,
    maxStreams: row.maxStreams,
    status: row.status,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

const Feature = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, "Features are lower_snake_case, e.g. hd or premium_titles")
  .openapi({ example: "premium_titles" });

const editable = {
  name: z.string().trim().min(1).max(60),
  description: z.string().trim().max(500),
  price: z.number().int().min(50).max(1_000_000).openapi({ description: "In cents, 50 to 1,000,000", example: 999 }),
  trialDays: z.number().int().min(0).max(365),
  features: z
    .array(Feature)
    .max(20)
    .transform((list) => [...new Set(list)]),
  maxStreams: z.number().int().min(1).max(10),
};

export const NewPlan = z
  .object({
    ...editable,
    description: editable.description.default(""),
    currency: z.enum(["usd", "eur", "gbp"]),
    interval: z.enum(planIntervals),
    trialDays: editable.trialDays.default(0),
    features: editable.features.default([]),
    maxStreams: editable.maxStreams.default(1),
  })
  .openapi("NewPlan");

export const PlanPatch = z
  .object({
    name: editable.name.optional(),
    description: editable.description.optional(),
    price: editable.price.optional().openapi({ description: "Applies to each subscription's next period" }),
    trialDays: editable.trialDays.optional(),
    features: editable.features.optional(),
    maxStreams: editable.maxStreams.optional(),
    status: z.enum(planStatuses).optional().openapi({ description: '"archived" takes no new subscribers' }),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: "Send at least one field to change" })
  .openapi("PlanPatch");

export const PlanListQuery = z.object({
  include: z.enum(["archived"]).optional().openapi({ description: "`archived` (admins) lists archived plans too" }),
});

export const PlanIdParam = IdParam;
