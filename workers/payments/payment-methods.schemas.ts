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
    holderName: z.string().nullable().openapi({ description: "The name on the card, if given", example: "Ada Lovelace" }),
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
    holderName: row.holderName,
    isDefault: row.isDefault,
    createdAt: row.createdAt,
  };
}

const HolderName = z.string().trim().min(1).max(100).openapi({ description: "The name on the card", example: "Ada Lovelace" });

export const NewPaymentMethod = z
  .object({
    card: CardInput,
    holderName: HolderName.optional(),
    isDefault: z.boolean().optional().openapi({ description: "Make this the default; the first card always is" }),
  })
  .openapi("NewPaymentMethod");

export const PaymentMethodPatch = z
  .object({
    expMonth: z.number().int().min(1).max(12).optional(),
    expYear: z.number().int().min(1000).max(9999).optional(),
    holderName: HolderName.nullable().optional().openapi({ description: "null removes the name" }),
    isDefault: z.literal(true).optional().openapi({ description: "Make this the default card" }),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: "Send at least one field to change" })
  .openapi("PaymentMethodPatch");

/** `{id}` in a path; one shape for every domain (lib/id-param.ts). */
export const PaymentMethodIdParam = IdParam;
