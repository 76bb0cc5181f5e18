import { app } from "./app";
import { purgeOldFailures } from "./auth/login-throttle";
import { runScheduledBilling } from "./billing/renewals";
import { refreshTrending } from "./engagement/trending";
import { database } from "./lib/db";
import { withErrorsRecorded } from "./lib/error-log";
import { log } from "./lib/log";
import { expireLoyaltyPoints } from "./loyalty/expiry";
import { consumeTranscodeBatch, consumeTranscodeDeadLetters, requeueLapsedJobs } from "./media/transcode.consumer";
import { deliverDueEmail } from "./notifications/email/outbox";
import { consumeNotifyBatch } from "./notifications/notify-queue";
import { deliverDueSms } from "./notifications/sms/outbox";
import { pruneOperationalLogs } from "./ops/retention";

export { CatalogVersions } from "../durable-objects/catalog-versions";
export { CircuitBreaker } from "../durable-objects/circuit-breaker";
export { NotificationRoom } from "../durable-objects/notification-room";
export { OpsMetrics } from "../durable-objects/ops-metrics";
export { ProfileActivity } from "../durable-objects/profile-activity";
export { ShowtimeSeats } from "../durable-objects/showtime-seats";
export { Transcoder } from "../durable-objects/transcoder";
export { UploadSession } from "../durable-objects/upload-session";
export { UserSession } from "../durable-objects/user-session";

async function consumeBatch(batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext) {
  if (batch.queue === "transcode") return consumeTranscodeBatch(batch, env, ctx);
  if (batch.queue === "transcode-dlq") return consumeTranscodeDeadLetters(batch, env, ctx);
  if (batch.queue === "notifications") return consumeNotifyBatch(batch, env, ctx);
  // A message no consumer understands is acknowledged and logged, never retried forever.
  for (const message of batch.messages) {
    log.warn("queue_message_unhandled", { queue: batch.queue, id: message.id });
    message.ack();
  }
}

export default {
  fetch: app.fetch,

  async queue(batch, env, ctx) {
    // A consumer that throws leaves its batch to the platform's retry; the error log keeps why.
    await withErrorsRecorded(env, "queue", batch.queue, () => consumeBatch(batch, env, ctx), { rethrow: true });
  },

  async scheduled(controller, env, ctx) {
    // Each task on its own: one that fails is recorded in the error log and the others still run.
    const task = (name: string, run: () => Promise<unknown>) => ctx.waitUntil(withErrorsRecorded(env, "cron", name, run));
    const now = new Date(controller.scheduledTime);
    task("auth.purge_login_failures", () => purgeOldFailures(database(env.DB)));
    task("email.deliver_due", () => deliverDueEmail(env));
    task("sms.deliver_due", () => deliverDueSms(env));
    task("engagement.refresh_trending", () => refreshTrending(env));
    task("billing.scheduled", () => runScheduledBilling(env, ctx, now));
    task("loyalty.expire_points", () => expireLoyaltyPoints(env, ctx, now));
    task("ops.prune_logs", () => pruneOperationalLogs(env, now));
    task("media.requeue_lapsed_jobs", () => requeueLapsedJobs(env, ctx, now.getTime()));
    log.info("cron", { cron: controller.cron });
  },
} satisfies ExportedHandler<Env>;
