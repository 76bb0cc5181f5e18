import { audit } from "../lib/audit";
import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { log } from "../lib/log";
import { mailAdapter } from "./email/adapters";
import { deliverOutbox } from "./email/outbox";
import { audienceExists, audienceRecipients, countAudience, queueMessage } from "./messages.queries";
import * as routes from "./messages.routes";

// The outbox sender claims this many rows a call (email/outbox.ts); anything left is the cron's.
const DELIVERY_CHUNK = 25;

async function deliverAll(env: Env, ids: string[]) {
  const adapter = mailAdapter(env);
  for (let i = 0; i < ids.length; i += DELIVERY_CHUNK) {
    try {
      await deliverOutbox(env, adapter, { ids: ids.slice(i, i + DELIVERY_CHUNK) });
    } catch (err) {
      // The rows stay pending: the cron retries them.
      log.warn("message_delivery_failed", { error: err instanceof Error ? err.message : String(err) });
      return;
    }
  }
}

/** ms-notifications' send-email, the Workers way: an admin's message goes through the same outbox and preferences. */
export const messagesRouter = createRouter().openapi(routes.sendEmailMessage, async (c) => {
  const db = c.get("db");
  const { audience, subject, body, dryRun } = c.req.valid("json");
  const missing = await audienceExists(db, audience);
  if (missing) throw new ApiError("not_found", missing);
  if (dryRun) {
    const counted = await countAudience(db, audience);
    return c.json({ dryRun: true, ...counted, queued: 0 }, 200);
  }
  const { skipped } = await countAudience(db, audience);
  const recipients = await audienceRecipients(db, audience);
  const ids = await queueMessage(db, recipients, { subject, body });
  c.executionCtx.waitUntil(deliverAll(c.env, ids));
  await audit(c, {
    action: "message.sent",
    targetType: "audience",
    targetId: Object.values(audience)[0],
    detail: { channel: "email", audience, subject, recipients: recipients.length, skipped, queued: ids.length },
  });
  return c.json({ dryRun: false, recipients: recipients.length, skipped, queued: ids.length }, 202);
});
