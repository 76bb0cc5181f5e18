import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { jsonBody, jsonResponse } from "../lib/openapi";
import { emailKinds } from "./email/templates";
import { smsKinds } from "./sms/notification-sms";

const authed = { security: bearerAuth, middleware: [requireAuth()], tags: ["notifications"] };

const emailShape = Object.fromEntries(emailKinds.map((kind) => [kind, z.boolean()])) as Record<string, z.ZodBoolean>;
const smsShape = Object.fromEntries(smsKinds.map((kind) => [kind, z.boolean()])) as Record<string, z.ZodBoolean>;

export const PreferencesSchema = z
  .object({
    email: z.object(emailShape).openapi({ description: "Per kind: whether to also send an email" }),
    sms: z.object(smsShape).openapi({
      description: "Per kind: whether to also send a text message to the verified mobile number (opt-in, default no)",
    }),
    mandatory: z.array(z.string()).openapi({ description: "Kinds whose email cannot be turned off" }),
  })
  .openapi("NotificationPreferences");

export const PreferencesUpdate = z
  .object({
    email: z
      .object(emailShape)
      .partial()
      .strict()
      .refine((v) => Object.keys(v).length > 0, "Send at least one kind")
      .optional(),
    sms: z
      .object(smsShape)
      .partial()
      .strict()
      .refine((v) => Object.keys(v).length > 0, "Send at least one kind")
      .optional(),
  })
  .refine((v) => v.email !== undefined || v.sms !== undefined, { message: "Send email or sms choices", path: ["email"] })
  .openapi("NotificationPreferencesUpdate");

export const getPreferences = createRoute({
  ...authed,
  method: "get",
  path: "/me/notification-preferences",
  summary: "Which notifications also come by email or text message",
  responses: { 200: jsonResponse(PreferencesSchema, "The choices, one per kind that has an email"), ...pickErrors(401) },
});

export const putPreferences = createRoute({
  ...authed,
  method: "put",
  path: "/me/notification-preferences",
  summary: "Choose which notifications also come by email or text message",
  description:
    "Kinds left out keep their current choice. Security emails (password changed) cannot be turned off (422). Text messages need a verified mobile number (`PUT /me/phone`) before one can be turned on (409).",
  request: { body: jsonBody(PreferencesUpdate) },
  responses: { 200: jsonResponse(PreferencesSchema, "The choices now"), ...pickErrors(400, 401, 409, 422) },
});
