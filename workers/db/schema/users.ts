import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const roles = ["user", "moderator", "manager", "admin"] as const;
export type Role = (typeof roles)[number];

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    username: text("username").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash"),
    role: text("role", { enum: roles }).notNull().default("user"),
    googleSub: text("google_sub"),
    avatarUrl: text("avatar_url"),
    // E.164, set only once verified by a code (workers/notifications sms)
    phone: text("phone"),
    phoneVerifiedAt: text("phone_verified_at"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    // Soft delete: the row (and its email and username) stays, every session is revoked.
    deletedAt: text("deleted_at"),
  },
  (t) => [
    uniqueIndex("users_email_unique").on(t.email),
    uniqueIndex("users_username_unique").on(t.username),
    uniqueIndex("users_google_sub_unique").on(t.googleSub),
    index("users_role_idx").on(t.role),
  ],
);

/**
 * One row per failed sign-in: the account tried (`user:<id>`, or `name:<what was typed>` when no
 * account matches) and the client it came from (its address; IPv6 by /64). The login throttle
 * counts them per pair, per client and per account over sliding windows (workers/auth/login-throttle.ts).
 */
export const loginFailures = sqliteTable(
  "login_failures",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    account: text("account").notNull(),
    client: text("client").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [
    index("login_failures_account_client_at_idx").on(t.account, t.client, t.at),
    index("login_failures_client_at_idx").on(t.client, t.at),
  ],
);

export const profiles = sqliteTable(
  "profiles",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    avatarUrl: text("avatar_url"),
    kids: integer("kids", { mode: "boolean" }).notNull().default(false),
    language: text("language").notNull().default("en"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [uniqueIndex("profiles_user_name_unique").on(t.userId, t.name)],
);

export const paymentMethods = sqliteTable(
  "payment_methods",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    brand: text("brand").notNull(),
    last4: text("last4").notNull(),
    expMonth: integer("exp_month").notNull(),
    expYear: integer("exp_year").notNull(),
    // The name on the card, as the person typed it (optional).
    holderName: text("holder_name"),
    // The provider's token stands in for the card; the number and CVC are never stored.
    providerToken: text("provider_token").notNull(),
    isDefault: integer("is_default", { mode: "boolean" }).notNull().default(false),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    index("payment_methods_user_idx").on(t.userId),
    uniqueIndex("payment_methods_one_default").on(t.userId).where(sql`is_default = 1`),
  ],
);
