import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { IdParam } from "../lib/id-param";
import { jsonResponse } from "../lib/openapi";

const authed = { security: bearerAuth, middleware: [requireAuth()] };

export const EntitlementsSchema = z
  .object({
    active: z.boolean().openapi({ description: "Whether a live subscription grants streaming now" }),
    planId: z.string().nullable(),
    planName: z.string().nullable(),
    features: z.array(z.string()).openapi({ example: ["hd", "premium_titles"] }),
    maxStreams: z.number().int().openapi({ description: "How many subscription titles may play at once" }),
    validUntil: z
      .string()
      .nullable()
      .openapi({ description: "When access ends unless the subscription renews (a past_due one: its last retry)" }),
    streamsInUse: z.number().int(),
  })
  .openapi("Entitlements");

export const getEntitlements = createRoute({
  ...authed,
  tags: ["subscriptions"],
  method: "get",
  path: "/me/entitlements",
  summary: "What your subscription lets you stream, and how many streams play now",
  description: "Staff (moderators, admins) play every title whatever this says.",
  responses: { 200: jsonResponse(EntitlementsSchema, "Your entitlements"), ...pickErrors(401) },
});

export const playbackHeartbeat = createRoute({
  ...authed,
  tags: ["playbacks"],
  method: "post",
  path: "/playbacks/{id}/heartbeat",
  summary: "Keep a playback's stream slot",
  description:
    "Send every `heartbeatSeconds` while playing. A slot not renewed for three intervals is freed; then this answers 404 and the player asks for a new playback.",
  request: { params: IdParam },
  responses: { 204: { description: "Renewed" }, ...pickErrors(401, 404) },
});

export const stopPlayback = createRoute({
  ...authed,
  tags: ["playbacks"],
  method: "delete",
  path: "/playbacks/{id}",
  summary: "Stop a playback, freeing its stream slot",
  request: { params: IdParam },
  responses: { 204: { description: "Stopped" }, ...pickErrors(401, 404) },
});
