import { createRoute } from "@hono/zod-openapi";
import { requireAuth } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { jsonBody, jsonResponse } from "../lib/openapi";
import { EmailMessageResultSchema, EmailMessageSchema } from "./messages.schemas";

export const sendEmailMessage = createRoute({
  security: bearerAuth,
  middleware: [requireAuth("admin")],
  tags: ["notifications"],
  method: "post",
  path: "/admin/messages/email",
  summary: "Email one person or a segment (admin; audited)",
  description:
    "Through the email outbox, as every other email: people who turned announcements off are skipped, deleted accounts never get it. " +
    "With `dryRun` only the recipients are counted (200) and nothing is queued; otherwise the emails are queued (202) and sent in the background.",
  request: { body: jsonBody(EmailMessageSchema) },
  responses: {
    200: jsonResponse(EmailMessageResultSchema, "Dry run: who would get it"),
    202: jsonResponse(EmailMessageResultSchema, "Queued"),
    ...pickErrors(400, 401, 403, 404),
  },
});
