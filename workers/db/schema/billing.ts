import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { payments } from "./cinema";
import { users } from "./users";

export const planIntervals = ["month", "year"] as const;
export type PlanInterval = (typeof planIntervals)[number];
export const planStatuses = ["active", "archived"] as const;

/** What a plan grants: named features (`hd`, `premium_titles`) and how many streams play at once. */
export const plans = sqliteTable("plans", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
  priceCents: integer("price_cents").notNull(),
  currency: text("currency").notNull(),
  interval: text("interval", { enum: planIntervals }).notNull(),
  trialDays: integer("trial_days").notNull().default(0),
  features: text("features", { mode: "json" }).$type<string[]>().notNull().default([]),
  maxStreams: integer("max_streams").notNull().default(1),
  // An archived plan takes no new subscribers; the ones it has keep renewing on it.
  status: text("status", { enum: planStatuses }).notNull().default("active"),
  createdAt: text("created_at").notNull(),
  updatedAt: text("updated_at").notNull(),
});

/** Stripe Billing's statuses and meanings. `canceled` is the only one that is not "live". */
export const subscriptionStatuses = ["trialing", "active", "past_due", "canceled", "unpaid"] as const;
export type SubscriptionStatus = (typeof subscriptionStatuses)[number];

export const subscriptions = sqliteTable(
  "subscriptions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    planId: text("plan_id")
      .notNull()
      .references(() => plans.id),
    status: text("status", { enum: subscriptionStatuses }).notNull(),
    // The saved card renewals charge; null when the first period was paid with a typed card.
    paymentMethodId: text("payment_method_id"),
    currentPeriodStart: text("current_period_start").notNull(),
    currentPeriodEnd: text("current_period_end").notNull(),
    trialEnd: text("trial_end"),
    cancelAtPeriodEnd: integer("cancel_at_period_end", { mode: "boolean" }).notNull().default(false),
    // A downgrade waits for the period's end: the plan the next period renews on.
    pendingPlanId: text("pending_plan_id"),
    // Dunning: failed charges of the current renewal so far, and when the next retry is due.
    failedAttempts: integer("failed_attempts").notNull().default(0),
    nextAttemptAt: text("next_attempt_at"),
    // A renewal run claims a subscription until this instant (ms), so overlapping runs skip it.
    claimedUntil: integer("claimed_until").notNull().default(0),
    canceledAt: text("canceled_at"),
    endedAt: text("ended_at"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    // One live subscription per account.
    uniqueIndex("subscriptions_user_live_unique").on(t.userId).where(sql`status <> 'canceled'`),
    index("subscriptions_due_idx").on(t.status, t.currentPeriodEnd),
    index("subscriptions_retry_idx").on(t.status, t.nextAttemptAt),
  ],
);

export const invoiceSeries = ["INV", "CN"] as const;
export type InvoiceSeries = (typeof invoiceSeries)[number];
export const invoiceStatuses = ["open", "paid", "void"] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

export interface InvoiceParty {
  name: string;
  email?: string;
  address?: string;
  taxId?: string;
}

/** One line; money in cents, `taxRate` in basis points (2100 = 21 %). Negative amounts on credit notes. */
export interface InvoiceLine {
  description: string;
  quantity: number;
  unitCents: number;
  taxRate: number;
  netCents: number;
  taxCents: number;
  grossCents: number;
}

/** The last number issued per series and year: bumped in the same batch that inserts the invoice. */
export const invoiceCounters = sqliteTable(
  "invoice_counters",
  {
    series: text("series", { enum: invoiceSeries }).notNull(),
    year: integer("year").notNull(),
    last: integer("last").notNull(),
  },
  (t) => [primaryKey({ columns: [t.series, t.year] })],
);

export const invoices = sqliteTable(
  "invoices",
  {
    id: text("id").primaryKey(),
    series: text("series", { enum: invoiceSeries }).notNull(),
    year: integer("year").notNull(),
    sequence: integer("sequence").notNull(),
    // `INV-2026-000001`: series, year, sequence. Never reused, never deleted.
    number: text("number").notNull(),
    status: text("status", { enum: invoiceStatuses }).notNull(),
    userId: text("user_id").references(() => users.id),
    // The charge it records (or, for a credit note, the refund of that charge).
    paymentId: text("payment_id").references(() => payments.id),
    // The refund it records: the provider's refund id, or another key unique per refund.
    refundKey: text("refund_key"),
    // A credit note's invoice.
    creditsInvoiceId: text("credits_invoice_id"),
    seller: text("seller", { mode: "json" }).$type<InvoiceParty>().notNull(),
    buyer: text("buyer", { mode: "json" }).$type<InvoiceParty>().notNull(),
    lines: text("lines", { mode: "json" }).$type<InvoiceLine[]>().notNull(),
    currency: text("currency").notNull(),
    netCents: integer("net_cents").notNull(),
    taxCents: integer("tax_cents").notNull(),
    grossCents: integer("gross_cents").notNull(),
    issuedAt: text("issued_at").notNull(),
    paidAt: text("paid_at"),
    voidedAt: text("voided_at"),
    voidReason: text("void_reason"),
    createdBy: text("created_by"),
  },
  (t) => [
    uniqueIndex("invoices_number_unique").on(t.number),
    uniqueIndex("invoices_series_year_sequence_unique").on(t.series, t.year, t.sequence),
    // One invoice per charge, one credit note per refund: a retried hook finds the first.
    uniqueIndex("invoices_payment_unique").on(t.paymentId).where(sql`series = 'INV' AND payment_id IS NOT NULL`),
    uniqueIndex("invoices_refund_unique").on(t.refundKey).where(sql`refund_key IS NOT NULL`),
    index("invoices_user_issued_idx").on(t.userId, t.issuedAt),
    index("invoices_issued_idx").on(t.issuedAt),
  ],
);
