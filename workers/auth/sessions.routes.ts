import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { jsonResponse } from "../lib/openapi";

const authed = { security: bearerAuth, middleware: [requireAuth()], tags: ["me"] };

export const SessionInfoSchema = z
  .object({
    id: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string(),
    userAgent: z.string().nullable(),
    ip: z.string().nullable(),
    current: z.boolean(),
  })
  .openapi("SessionInfo");

export const listSessions = createRoute({
  ...authed,
  method: "get",
  path: "/me/sessions",
  summary: "Signed-in devices",
  responses: {
    200: jsonResponse(
      z.object({ items: z.array(SessionInfoSchema), nextCursor: z.null() }),
      "Live sessions, most recently used first",
    ),
    ...pickErrors(401),
  },
});

export const revokeSession = createRoute({
  ...authed,
  method: "delete",
  path: "/me/sessions/{id}",
  summary: "Sign a device out",
  request: { params: z.object({ id: z.string().min(1).max(64) }) },
  responses: { 204: { description: "Signed out" }, ...pickErrors(401, 404) },
});
