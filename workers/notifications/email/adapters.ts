import { devMailbox } from "../../db/schema";
import { database } from "../../lib/db";
import { newId, nowIso } from "../../lib/ids";

export interface OutgoingEmail {
  outboxId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** A mail provider. `send` throws when the provider refuses or fails; the outbox retries. */
export interface MailAdapter {
  name: string;
  send(email: OutgoingEmail): Promise<void>;
}

/**
 * Fault injection for local runs and tests: while this key exists in the CACHE namespace the dev
 * mailbox refuses every message, as a provider outage would, and the outbox's retries and backoff
 * take over (`wrangler kv key put --local --binding CACHE dev:mailbox:outage 1` on a running stack;
 * see outbox-outage.test.ts). Only the dev mailbox reads it, and that never runs in production.
 */
export const MAILBOX_OUTAGE_KEY = "dev:mailbox:outage";

/** Local runs and tests: "sends" into the dev_mailbox table, read at `GET /api/dev/mailbox`. */
export function mailboxAdapter(env: Env): MailAdapter {
  return {
    name: "dev-mailbox",
    async send(email) {
      if ((await env.CACHE.get(MAILBOX_OUTAGE_KEY)) !== null) {
        throw new Error("The dev mailbox is down (an outage injected through dev:mailbox:outage)");
      }
      await database(env.DB).insert(devMailbox).values({
        id: newId(),
        outboxId: email.outboxId,
        fromAddress: email.from,
        toAddress: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        createdAt: nowIso(),
      });
    },
  };
}

/** Production: Cloudflare Email Routing's `send_email` binding. */
export function sendEmailAdapter(binding: SendEmail): MailAdapter {
  return {
    name: "cloudflare-send-email",
    async send(email) {
      await binding.send({
        from: email.from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        headers: { "X-Marquee-Outbox-Id": email.outboxId },
      });
    },
  };
}

/** The mailbox never leaves development and test runs; anything else (production) uses the real provider. */
export const usesDevMailbox = (env: Env) => env.ENVIRONMENT === "development" || env.ENVIRONMENT === "test";

export function mailAdapter(env: Env): MailAdapter {
  if (usesDevMailbox(env)) return mailboxAdapter(env);
  return sendEmailAdapter(env.EMAIL);
}
