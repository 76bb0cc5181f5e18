import { createRoute, z } from "@hono/zod-openapi";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../lib/context";
import { ApiError, pickErrors } from "../lib/errors";
import { jsonResponse } from "../lib/openapi";
import { PageQuery, pageOf } from "../lib/pagination";

export const MailboxMessageSchema = z
  .object({
    id: z.string(),
    outboxId: z.string(),
    from: z.string(),
    to: z.string(),
    subject: z.string(),
    text: z.string(),
    html: z.string(),
    createdAt: z.string(),
  })
  .openapi("MailboxMessage");

/** Outside development the mailbox does not exist, whatever the query says. */
const developmentOnly = createMiddleware<AppEnv>(async (c, next) => {
  if (c.env.ENVIRONMENT !== "development") throw new ApiError("not_found", `Nothing at GET ${new URL(c.req.url).pathname}`);
  await next();
});

export const listMailbox = createRoute({
  middleware: [developmentOnly],
  method: "get",
  path: "/dev/mailbox",
  tags: ["dev"],
  summary: "Emails the local mail adapter sent (development only)",
  description: "Answers 404 unless `ENVIRONMENT=development`. No sign-in: it stands in for a mail catcher on your machine.",
  request: {
    query: PageQuery.extend({
      to: z.string().trim().toLowerCase().max(254).optional().openapi({ description: "Only mail to this address" }),
    }),
  },
  responses: { 200: jsonResponse(pageOf(MailboxMessageSchema), "Newest first"), ...pickErrors(400, 404) },
});
