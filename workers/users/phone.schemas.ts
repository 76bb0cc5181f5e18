import { z } from "@hono/zod-openapi";

/** E.164: "+", a country code that does not start with 0, 8 to 15 digits in all; spaces or dashes between digits are allowed. */
const E164_LOOSE = /^\+[1-9](?:[ -]?\d){7,14}$/;

export const PhoneNumber = z
  .string()
  .trim()
  .regex(E164_LOOSE, "Use the international form: + then the country code and number, e.g. +34600000000")
  .openapi({ example: "+34600000000", description: "E.164; spaces or dashes between digits are ignored" });

/** The number as stored and texted: E.164 digits only. */
export const normalizePhone = (phone: string) => phone.replace(/[ -]/g, "");

export const PhoneInput = z.object({ phone: PhoneNumber }).openapi("PhoneInput");

export const PhoneCode = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, "The code is 6 digits")
      .openapi({ example: "123456" }),
  })
  .openapi("PhoneCode");

export const PendingPhoneSchema = z
  .object({
    phone: z.string().openapi({ description: "The number the code was sent to (not verified yet)" }),
    expiresAt: z.string().openapi({ description: "When the code stops working" }),
    attemptsLeft: z.number().int(),
  })
  .openapi("PendingPhone");

export const PhoneStatusSchema = z
  .object({
    phone: z.string().nullable().openapi({ description: "The verified number text messages go to, if any" }),
    verified: z.boolean(),
    verifiedAt: z.string().nullable(),
    pending: PendingPhoneSchema.nullable().openapi({ description: "A number waiting for its code, if one was sent" }),
  })
  .openapi("PhoneStatus");
