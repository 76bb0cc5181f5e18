import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./users";

/** A phone number being verified: a code was sent to it, hashed here until typed back. */
export const phoneVerifications = sqliteTable("phone_verifications", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  phone: text("phone").notNull(),
  codeHash: text("code_hash").notNull(),
  attempts: integer("attempts").notNull().default(0),
  expiresAt: text("expires_at").notNull(),
  createdAt: text("created_at").notNull(),
});

export const smsStatuses = ["pending", "sent", "failed"] as const;

/** Like the email outbox: every SMS is written here first and sent by a provider adapter. */
export const smsOutbox = sqliteTable(
  "sms_outbox",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    kind: text("kind").notNull(),
    toNumber: text("to_number").notNull(),
    text: text("text").notNull(),
    status: text("status", { enum: smsStatuses }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at").notNull(),
    lastError: text("last_error"),
    createdAt: text("created_at").notNull(),
    sentAt: text("sent_at"),
  },
  (t) => [index("sms_outbox_due_idx").on(t.status, t.nextAttemptAt), index("sms_outbox_user_idx").on(t.userId, t.id)],
);
