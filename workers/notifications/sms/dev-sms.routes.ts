import { createRoute, z } from "@hono/zod-openapi";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../../lib/context";
import { ApiError, pickErrors } from "../../lib/errors";
import { jsonResponse } from "../../lib/openapi";
import { PageQuery, pageOf } from "../../lib/pagination";

export const DevSmsSchema = z
  .object({
    id: z.string(),
    userId: z.string().nullable(),
    kind: z.string(),
    to: z.string(),
    text: z.string(),
    status: z.enum(["pending", "sent", "failed"]),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .openapi("DevSms");

/** Outside development the SMS outbox is not readable, whatever the query says (as the dev mailbox). */
const developmentOnly = createMiddleware<AppEnv>(async (c, next) => {
  if (c.env.ENVIRONMENT !== "development") throw new ApiError("not_found", `Nothing at GET ${new URL(c.req.url).pathname}`);
  await next();
});

export const listDevSms = createRoute({
  middleware: [developmentOnly],
  method: "get",
  path: "/dev/sms",
  tags: ["dev"],
  summary: "Text messages in the SMS outbox (development only)",
  description:
    "Answers 404 unless `ENVIRONMENT=development`. No sign-in: it stands in for a phone on your machine, as `GET /dev/mailbox` does for email.",
  request: {
    query: PageQuery.extend({
      to: z
        .string()
        .trim()
        .max(20)
        .optional()
        .openapi({ description: "Only messages to this number (E.164, e.g. +34600000000)" }),
    }),
  },
  responses: { 200: jsonResponse(pageOf(DevSmsSchema), "Newest first"), ...pickErrors(400, 404) },
});
