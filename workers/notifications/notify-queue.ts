import { z } from "@hono/zod-openapi";
import { log } from "../lib/log";
import { NotificationKindSchema } from "./kinds";
import { type NotificationKind, notify } from "./notify";

/** What a bulk job (the renewal run) wants said to one user; the `notifications` queue delivers it with notify(). */
export const NotifyMessage = z.object({
  userId: z.string().min(1).max(64),
  kind: NotificationKindSchema,
  payload: z.record(z.string(), z.unknown()),
});
export type NotifyMessage = { userId: string; kind: NotificationKind; payload: Record<string, unknown> };

/** Queues' limit on one sendBatch call. */
const SEND_BATCH = 100;

/**
 * Hands `messages` to the `notifications` queue instead of awaiting a NotificationRoom call for
 * each: a job that tells thousands of users finishes in the time of a few queue writes, and stays
 * within a cron's subrequest limit. Request paths keep calling notify() (the user is waiting).
 */
export async function enqueueNotifications(env: Env, messages: NotifyMessage[]): Promise<void> {
  for (let from = 0; from < messages.length; from += SEND_BATCH) {
    await env.NOTIFY_QUEUE.sendBatch(messages.slice(from, from + SEND_BATCH).map((body) => ({ body })));
  }
}

/**
 * The `notifications` queue's consumer: notify() for each message, acknowledged one by one as
 * it is handed over. Delivery is at least once: notify() never throws, so a batch is retried
 * only if this invocation dies, and then only the messages not yet acknowledged — the one in
 * flight at that moment may reach its user twice.
 */
export async function consumeNotifyBatch(batch: MessageBatch<unknown>, env: Env, ctx: { waitUntil(p: Promise<unknown>): void }) {
  await Promise.all(
    batch.messages.map(async (message) => {
      const parsed = NotifyMessage.safeParse(message.body);
      if (parsed.success) await notify(env, ctx, parsed.data.userId, parsed.data.kind, parsed.data.payload);
      else log.error("notify_message_invalid", { id: message.id });
      message.ack();
    }),
  );
}
