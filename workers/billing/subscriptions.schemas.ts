import { z } from "@hono/zod-openapi";
import { subscriptionStatuses, type subscriptions } from "../db/schema";
import { IdParam } from "../lib/id-param";
import { PageQuery } from "../lib/pagination";
import { cardBrands } from "../payments/cards";
import type { PaymentMethodRow } from "../payments/payment-methods.queries";
import { exactlyOneSource, PaymentSourceFields, sourceMessage } from "../payments/payments.charge";
import { type PlanRow, PlanSchema, toPlan } from "./plans.schemas";

export type SubscriptionRow = typeof subscriptions.$inferSelect;

export const SubscriptionSchema = z
  .object({
    id: z.string(),
    status: z.enum(subscriptionStatuses),
    plan: PlanSchema,
    pendingPlan: PlanSchema.nullable().openapi({ description: "The plan the next period renews on (a downgrade)" }),
    currentPeriodStart: z.string(),
    currentPeriodEnd: z.string(),
    trialEnd: z.string().nullable(),
    cancelAtPeriodEnd: z.boolean(),
    canceledAt: z.string().nullable(),
    endedAt: z.string().nullable(),
    nextCharge: z
      .object({ at: z.string(), amount: z.number().int(), currency: z.string() })
      .nullable()
      .openapi({ description: "null when it will not renew (cancelAtPeriodEnd, canceled, unpaid)" }),
    paymentMethod: z
      .object({
        id: z.string(),
        brand: z.enum(cardBrands),
        last4: z.string(),
        expMonth: z.number().int(),
        expYear: z.number().int(),
      })
      .nullable(),
    failedAttempts: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("Subscription");

export type Subscription = z.infer<typeof SubscriptionSchema>;

export interface SubscriptionView {
  row: SubscriptionRow;
  plan: PlanRow;
  pendingPlan: PlanRow | null;
  paymentMethod: PaymentMethodRow | null;
}

function nextChargeOf({ row, plan, pendingPlan }: SubscriptionView): Subscription["nextCharge"] {
  if (row.cancelAtPeriodEnd || row.status === "canceled" || row.status === "unpaid") return null;
  if (row.status === "past_due") {
    return row.nextAttemptAt ? { at: row.nextAttemptAt, amount: plan.priceCents, currency: plan.currency } : null;
  }
  const renewsOn = pendingPlan ?? plan;
  return { at: row.currentPeriodEnd, amount: renewsOn.priceCents, currency: renewsOn.currency };
}

export function toSubscription(view: SubscriptionView): Subscription {
  const { row, plan, pendingPlan, paymentMethod: pm } = view;
  return {
    id: row.id,
    status: row.status,
    plan: toPlan(plan),
    pendingPlan: pendingPlan ? toPlan(pendingPlan) : null,
    currentPeriodStart: row.currentPeriodStart,
    currentPeriodEnd: row.currentPeriodEnd,
    trialEnd: row.trialEnd,
    cancelAtPeriodEnd: row.cancelAtPeriodEnd,
    canceledAt: row.canceledAt,
    endedAt: row.endedAt,
    nextCharge: nextChargeOf(view),
    paymentMethod: pm
      ? {
          id: pm.id,
          brand: pm.brand as (typeof cardBrands)[number],
          last4: pm.last4,
          expMonth: pm.expMonth,
          expYear: pm.expYear,
        }
      : null,
    failedAttempts: row.failedAttempts,
    nextAttemptAt: row.nextAttemptAt,
    createdAt: row.createdAt,
  };
}

export const CurrentSubscription = z.object({ subscription: SubscriptionSchema.nullable() }).openapi("CurrentSubscription");

const PlanId = z.string().min(1).max(64).openapi({ example: "01J9ZQ4M8V3K2B7X5N6P0R1S2T" });

export const NewSubscription = z
  .object({
    planId: PlanId,
    ...PaymentSourceFields,
    saveCard: z
      .boolean()
      .optional()
      .openapi({ description: "Accepted for symmetry with checkout; a typed card is always saved, renewals charge it" }),
  })
  .refine(exactlyOneSource, sourceMessage)
  .openapi("NewSubscription");

export const PlanChangeInput = z.object({ planId: PlanId }).openapi("PlanChangeInput");

export const PreviewQuery = z.object({ planId: PlanId });

export const PlanChangePreview = z
  .object({
    planId: z.string(),
    effective: z.enum(["now", "period_end"]),
    amountDue: z.number().int().openapi({ description: "Charged now, in cents (0 for a downgrade or during a trial)" }),
    currency: z.string(),
    periodEnd: z.string().openapi({ description: "The end of the period the new plan runs in" }),
  })
  .openapi("PlanChangePreview");

export const SubscriptionCard = z.object({ paymentMethodId: z.string().min(1).max(64) }).openapi("SubscriptionCard");

export const AdminSubscriptionQuery = PageQuery.extend({
  status: z.enum(subscriptionStatuses).optional(),
  userId: z.string().min(1).max(64).optional(),
});

export const AdminSubscriptionSchema = SubscriptionSchema.extend({
  user: z.object({ id: z.string(), username: z.string(), email: z.string() }),
}).openapi("AdminSubscription");

export const BillingRunInput = z
  .object({
    now: z.iso
      .datetime({ offset: true })
      .optional()
      .openapi({ description: "The instant to bill at (not in production, where it is the clock's)" }),
  })
  .openapi("BillingRunInput");

export const BillingRunResult = z
  .object({
    renewed: z.number().int().openapi({ description: "Periods paid (renewals, trial ends, successful retries)" }),
    failed: z.number().int().openapi({ description: "Charges declined (first attempts and retries)" }),
    retried: z.number().int().openapi({ description: "Dunning retries made" }),
    unpaid: z.number().int().openapi({ description: "Subscriptions whose last retry failed" }),
    ended: z.number().int().openapi({ description: "Subscriptions canceled at their period's end" }),
    downgraded: z.number().int().openapi({ description: "Renewals that moved to the pending plan" }),
  })
  .openapi("BillingRunResult");

export type BillingRunSummary = z.infer<typeof BillingRunResult>;

export const SubscriptionIdParam = IdParam;
