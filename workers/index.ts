import { app } from "./app";
import { purgeOldFailures } from "./auth/login-throttle";
import { runScheduledBilling } from "./billing/renewals";
import { refreshTrending } from "./engagement/trending";
import { database } from "./lib/db";
import { log } from "./lib/log";
import { expireLoyaltyPoints } from "./loyalty/expiry";
import { consumeTranscodeBatch, consumeTranscodeDeadLetters } from "./media/transcode.consumer";
import { deliverDueEmail } from "./notifications/email/outbox";
import { consumeNotifyBatch } from "./notifications/notify-queue";

export { CatalogVersions } from "../durable-objects/catalog-versions";
export { CircuitBreaker } from "../durable-objects/circuit-breaker";
export { NotificationRoom } from "../durable-objects/notification-room";
export { OpsMetrics } from "../durable-objects/ops-metrics";
export { ProfileActivity } from "../durable-objects/profile-activity";
export { ShowtimeSeats } from "../durable-objects/showtime-seats";
export { Transcoder } from "../durable-objects/transcoder";
export { UploadSession } from "../durable-objects/upload-session";
export { UserSession } from "../durable-objects/user-session";

export default {
  fetch: app.fetch,

  async queue(batch, env, ctx) {
    if (batch.queue === "transcode") return consumeTranscodeBatch(batch, env, ctx);
    if (batch.queue === "transcode-dlq") return consumeTranscodeDeadLetters(batch, env, ctx);
    if (batch.queue === "notifications") return consumeNotifyBatch(batch, env, ctx);
    // A message no consumer understands is acknowledged and logged, never retried forever.
    for (const message of batch.messages) {
      log.warn("queue_message_unhandled", { queue: batch.queue, id: message.id });
      message.ack();
    }
  },

  async scheduled(controller, env, ctx) {
    ctx.waitUntil(purgeOldFailures(database(env.DB)));
    ctx.waitUntil(deliverDueEmail(env));
    ctx.waitUntil(refreshTrending(env));
    const now = new Date(controller.scheduledTime);
    ctx.waitUntil(runScheduledBilling(env, ctx, now));
    ctx.waitUntil(expireLoyaltyPoints(env, ctx, now));
    log.info("cron", { cron: controller.cron });
  },
} satisfies ExportedHandler<Env>;
