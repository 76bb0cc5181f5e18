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

/** Local runs and tests: "sends" into the dev_mailbox table, read at `GET /api/dev/mailbox`. */
export function mailboxAdapter(env: Env): MailAdapter {
  return {
    name: "dev-mailbox",
    async send(email) {
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
