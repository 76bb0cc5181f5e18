import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./users";

/** The inbox: every notification a user was sent, so nothing is lost while they are offline. */
export const notifications = sqliteTable(
  "notifications",
  {
    // A ULID made by the user's NotificationRoom: sortable by time, and `since` replays by it.
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    createdAt: text("created_at").notNull(),
    readAt: text("read_at"),
  },
  (t) => [
    index("notifications_user_id_idx").on(t.userId, t.id),
    index("notifications_user_unread_idx").on(t.userId, t.id).where(sql`read_at IS NULL`),
  ],
);

/** Per user and kind, whether they want an email; no row means the default (yes). */
export const notificationPreferences = sqliteTable(
  "notification_preferences",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    email: integer("email", { mode: "boolean" }).notNull(),
    // SMS is opt-in (and needs a verified phone): no row, or false, means no text message.
    sms: integer("sms", { mode: "boolean" }).notNull().default(false),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

export const emailStatuses = ["pending", "sent", "failed"] as const;

/**
 * Every email is written here first and delivered by a provider adapter; a failed attempt is
 * retried with backoff until `attempts` runs out. `next_attempt_at` doubles as the lease a
 * sender takes when it claims the row, so the cron and a request never send the same email.
 */
export const emailOutbox = sqliteTable(
  "email_outbox",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    kind: text("kind").notNull(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html").notNull(),
    status: text("status", { enum: emailStatuses }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at").notNull(),
    lastError: text("last_error"),
    createdAt: text("created_at").notNull(),
    sentAt: text("sent_at"),
  },
  (t) => [index("email_outbox_due_idx").on(t.status, t.nextAttemptAt)],
);

/** What the development mail adapter "sent": local runs and tests read it instead of an inbox. */
export const devMailbox = sqliteTable(
  "dev_mailbox",
  {
    id: text("id").primaryKey(),
    outboxId: text("outbox_id").notNull(),
    fromAddress: text("from_address").notNull(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("dev_mailbox_to_idx").on(t.toAddress, t.id)],
);
