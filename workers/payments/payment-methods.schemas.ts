import { z } from "@hono/zod-openapi";
import type { paymentMethods } from "../db/schema";
import { IdParam } from "../lib/id-param";
import { CardInput, cardBrands } from "./cards";

export const PaymentMethodSchema = z
  .object({
    id: z.string(),
    brand: z.enum(cardBrands),
    last4: z.string().openapi({ example: "4242" }),
    expMonth: z.number().int(),
    expYear: z.number().int(),
    isDefault: z.boolean(),
    createdAt: z.string(),
  })
  .openapi("PaymentMethod");

export type PaymentMethod = z.infer<typeof PaymentMethodSchema>;

/** The public view of a stored card: the provider token never leaves the server. */
export function toPaymentMethod(row: typeof paymentMethods.$inferSelect): PaymentMethod {
  return {
    id: row.id,
    brand: row.brand as PaymentMethod["brand"],
    last4: row.last4,
    expMonth: row.expMonth,
    expYear: row.expYear,
    isDefault: row.isDefault,
    createdAt: row.createdAt,
  };
}

export const NewPaymentMethod = z
  .object({
    card: CardInput,
    isDefault: z.boolean().optional().openapi({ description: "Make this the default; the first card always is" }),
  })
  .openapi("NewPaymentMethod");

/** `{id}` in a path; one shape for every domain (lib/id-param.ts). */
export const PaymentMethodIdParam = IdParam;
