import { z } from "@hono/zod-openapi";
import { recordError } from "../lib/error-log";
import { log } from "../lib/log";
import { NotificationKindSchema } from "./kinds";
import { type NotificationKind, notify } from "./notify";

/** One thing a bulk job (the renewal run) wants said to one user. */
export const NotifyMessage = z.object({
  userId: z.string().min(1).max(64),
  kind: NotificationKindSchema,
  payload: z.record(z.string(), z.unknown()),
});
export type NotifyMessage = { userId: string; kind: NotificationKind; payload: Record<string, unknown> };

/** A queue message: several notices, so 10,000 renewals are a few hundred messages, not 20,000. */
const NotifyChunk = z.object({ notices: z.array(NotifyMessage).min(1).max(100) });

/** Notices per message: ~50 × 300 bytes stays far below a message's 128 KB, and 5 messages below a sendBatch's 256 KB. */
const PER_MESSAGE = 50;
const MESSAGES_PER_SEND = 5;

/**
 * Hands `notices` to the `notifications` queue instead of awaiting a NotificationRoom call for
 * each: a job that tells thousands of users finishes in the time of a few queue writes, and stays
 * within a cron's subrequest limit. Request paths keep calling notify() (the user is waiting).
 */
export async function enqueueNotifications(env: Env, notices: NotifyMessage[]): Promise<void> {
  const messages: { body: z.infer<typeof NotifyChunk> }[] = [];
  for (let from = 0; from < notices.length; from += PER_MESSAGE) {
    messages.push({ body: { notices: notices.slice(from, from + PER_MESSAGE) } });
  }
  for (let from = 0; from < messages.length; from += MESSAGES_PER_SEND) {
    await env.NOTIFY_QUEUE.sendBatch(messages.slice(from, from + MESSAGES_PER_SEND));
  }
}

/**
 * The `notifications` queue's consumer: notify() for each notice, each message acknowledged once
 * its notices are handed over. Delivery is at least once: notify() never throws, so a message is
 * retried only if this invocation dies before acknowledging it, and then its notices that were
 * already delivered reach their users twice.
 */
export async function consumeNotifyBatch(batch: MessageBatch<unknown>, env: Env, ctx: { waitUntil(p: Promise<unknown>): void }) {
  await Promise.all(
    batch.messages.map(async (message) => {
      const parsed = NotifyChunk.safeParse(message.body);
      if (parsed.success) {
        await Promise.all(parsed.data.notices.map((n) => notify(env, ctx, n.userId, n.kind, n.payload)));
      } else {
        log.error("notify_message_invalid", { id: message.id });
        recordError(env, ctx, {
          source: "queue",
          route: "notifications",
          message: "A notifications message did not validate; it was dropped",
          detail: {
            messageId: message.id,
            issues: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".")}: ${i.message}`),
          },
        });
      }
      message.ack();
    }),
  );
}
