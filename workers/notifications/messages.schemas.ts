import { z } from "@hono/zod-openapi";
import { roles } from "../db/schema";

const id = z.string().min(1).max(64);

export const AudienceSchema = z
  .union([
    z.object({ userId: id }).strict(),
    z.object({ role: z.enum(roles) }).strict(),
    z.object({ planId: id.openapi({ description: "Its active and trialing subscribers" }) }).strict(),
    z.object({ showtimeId: id.openapi({ description: "Everyone holding a paid (valid) ticket for it" }) }).strict(),
  ])
  .openapi("MessageAudience", {
    description: "One person, everyone with a role, a plan's subscribers, or a showtime's ticket holders",
  });

export type Audience = z.infer<typeof AudienceSchema>;

export const MAX_SUBJECT = 150;
export const MAX_BODY = 5000;

export const EmailMessageSchema = z
  .object({
    audience: AudienceSchema,
    subject: z.string().trim().min(1).max(MAX_SUBJECT),
    body: z.string().trim().min(1).max(MAX_BODY).openapi({ description: "Plain text; a blank line starts a paragraph" }),
    dryRun: z.boolean().default(false).openapi({ description: "Only count the recipients; nothing is queued" }),
  })
  .openapi("EmailMessage");

export const EmailMessageResultSchema = z
  .object({
    dryRun: z.boolean(),
    recipients: z.number().int().openapi({ description: "People in the audience who get the email" }),
    skipped: z.number().int().openapi({ description: "People in the audience who turned announcements off" }),
    queued: z.number().int().openapi({ description: "Emails written to the outbox (0 on a dry run)" }),
  })
  .openapi("EmailMessageResult");
