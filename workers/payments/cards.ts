import { z } from "@hono/zod-openapi";

export const cardBrands = ["visa", "mastercard", "amex", "discover", "unknown"] as const;
export type CardBrand = (typeof cardBrands)[number];

/** The digits of a card number as people type it, with spaces or dashes between groups. */
export const cardDigits = (number: string) => number.replace(/[\s-]/g, "");

export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export function cardBrand(digits: string): CardBrand {
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  if (digits.startsWith("4")) return "visa";
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return "mastercard";
  if (two === 34 || two === 37) return "amex";
  if (four === 6011 || two === 65) return "discover";
  return "unknown";
}

/** A card stays valid through the last day of its expiry month (UTC). */
export function isExpired(expMonth: number, expYear: number, now = new Date()): boolean {
  const year = now.getUTCFullYear();
  return expYear < year || (expYear === year && expMonth < now.getUTCMonth() + 1);
}

export const CardInput = z
  .object({
    number: z
      .string()
      .overwrite(cardDigits)
      .regex(/^\d{12,19}$/, { error: "Enter the card number as 12 to 19 digits", abort: true })
      .refine(luhnValid, "This card number is not valid")
      .openapi({ example: "4242 4242 4242 4242" }),
    expMonth: z.number().int().min(1).max(12).openapi({ example: 12 }),
    expYear: z.number().int().min(1000).max(9999).openapi({ example: 2030 }),
    cvc: z
      .string()
      .regex(/^\d{3,4}$/, "Enter the 3 or 4 digit security code")
      .openapi({ example: "123" }),
  })
  .superRefine((card, ctx) => {
    if (!isExpired(card.expMonth, card.expYear)) return;
    // Point at the field to fix: a past year, or this year with a past month.
    const path = card.expYear < new Date().getUTCFullYear() ? "expYear" : "expMonth";
    ctx.addIssue({ code: "custom", path: [path], message: "This card has expired" });
  })
  .openapi("CardInput");

export type CardInput = z.infer<typeof CardInput>;
