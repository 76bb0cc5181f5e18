import { createRoute } from "@hono/zod-openapi";
import { requireAuth } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { jsonBody, jsonResponse } from "../lib/openapi";
import { PendingPhoneSchema, PhoneCode, PhoneInput, PhoneStatusSchema } from "./phone.schemas";

const authed = { security: bearerAuth, middleware: [requireAuth()], tags: ["me"] };

export const getPhone = createRoute({
  ...authed,
  method: "get",
  path: "/me/phone",
  summary: "The account's mobile number and whether it is verified",
  responses: {
    200: jsonResponse(PhoneStatusSchema, "The verified number, and any number waiting for its code"),
    ...pickErrors(401),
  },
});

export const putPhone = createRoute({
  ...authed,
  method: "put",
  path: "/me/phone",
  summary: "Add or change the mobile number: a 6-digit code is texted to it",
  description:
    "The number is kept unverified until `POST /me/phone/verify` gets the code (10 minutes, 5 tries). Asking again sends a fresh code. A verified number already in place stays until the new one is verified. 409 when the number is already the verified one.",
  request: { body: jsonBody(PhoneInput) },
  responses: { 202: jsonResponse(PendingPhoneSchema, "A code is on its way"), ...pickErrors(400, 401, 409) },
});

export const verifyPhone = createRoute({
  ...authed,
  method: "post",
  path: "/me/phone/verify",
  summary: "Verify the mobile number with the code texted to it",
  description:
    "422 when the code is wrong (`errors[0].code` `invalid_code`, with the tries left) or has expired (`expired`); 429 once every try is spent; 409 when no code was sent.",
  request: { body: jsonBody(PhoneCode) },
  responses: { 200: jsonResponse(PhoneStatusSchema, "The number is verified"), ...pickErrors(400, 401, 409, 422, 429) },
});

export const deletePhone = createRoute({
  ...authed,
  method: "delete",
  path: "/me/phone",
  summary: "Remove the mobile number",
  description: "Also cancels a pending code and turns every text message off.",
  responses: { 204: { description: "Removed (or there was none)" }, ...pickErrors(401) },
});
