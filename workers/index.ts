import { app } from "./app";
import { purgeOldFailures } from "./auth/login-throttle";
import { database } from "./lib/db";
import { log } from "./lib/log";

export { NotificationRoom } from "../durable-objects/notification-room";
export { ShowtimeSeats } from "../durable-objects/showtime-seats";
export { Transcoder } from "../durable-objects/transcoder";
export { UserSession } from "../durable-objects/user-session";

export default {
  fetch: app.fetch,

  async queue(batch, env) {
    // The media module registers its transcode consumer here; until a producer exists nothing
    // is sent, and a message no consumer understands is acknowledged and logged, never retried forever.
    for (const message of batch.messages) {
      log.warn("queue_message_unhandled", { queue: batch.queue, id: message.id });
      message.ack();
    }
    void env;
  },

  async scheduled(controller, env, ctx) {
    ctx.waitUntil(purgeOldFailures(database(env.DB)));
    log.info("cron", { cron: controller.cron });
  },
} satisfies ExportedHandler<Env>;
