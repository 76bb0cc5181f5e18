import { z } from "@hono/zod-openapi";
import { type PaymentStatus, paymentStatuses } from "../db/schema";
import { IdParam } from "../lib/id-param";
import { cardBrands } from "./cards";
import { exactlyOneSource, PaymentSourceFields, sourceMessage } from "./payments.charge";
import type { PaymentRow } from "./payments.queries";

export const PaymentSchema = z
  .object({
    id: z.string(),
    status: z.enum(paymentStatuses),
    amount: z.number().int().openapi({ description: "In cents", example: 2400 }),
    currency: z.string().openapi({ example: "usd" }),
    description: z.string(),
    orderId: z.string().nullable(),
    card: z.object({ brand: z.enum(cardBrands), last4: z.string() }),
    failureReason: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Payment");

export type Payment = z.infer<typeof PaymentSchema>;

export function toPayment(row: PaymentRow): Payment {
  return {
    id: row.id,
    status: row.status as PaymentStatus,
    amount: row.amountCents,
    currency: row.currency,
    description: row.description,
    orderId: row.orderId,
    card: { brand: row.cardBrand as Payment["card"]["brand"], last4: row.cardLast4 },
    failureReason: row.failureReason,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export const NewPayment = z
  .object({
    amount: z.number().int().min(50).max(1_000_000).openapi({ description: "In cents, 50 to 1,000,000", example: 1999 }),
    currency: z.enum(["usd", "eur", "gbp"]).default("usd"),
    description: z.string().trim().min(1).max(200),
    ...PaymentSourceFields,
  })
  .refine(exactlyOneSource, sourceMessage)
  .openapi("NewPayment");

/** `{id}` in a path; one shape for every domain (lib/id-param.ts). */
export const PaymentIdParam = IdParam;

export const TestCardSchema = z
  .object({
    number: z.string().openapi({ example: "4242 4242 4242 4242" }),
    brand: z.enum(cardBrands),
    outcome: z.enum(["succeeds", "declined", "insufficient_funds"]),
    description: z.string(),
  })
  .openapi("TestCard");
