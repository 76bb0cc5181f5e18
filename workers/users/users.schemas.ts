import { z } from "@hono/zod-openapi";
import { roles, type users } from "../db/schema";
import { IdParam } from "../lib/id-param";

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "Enter a valid email address" }).max(254))
  .openapi({ example: "ada@example.com" });

export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.string().regex(/^[a-z0-9_.]{3,30}$/, "3 to 30 letters, digits, dots or underscores"))
  .openapi({ example: "ada_l" });

export const DisplayName = z.string().trim().min(1).max(100).openapi({ example: "Ada Lovelace" });

export const Password = z.string().min(10, "Use at least 10 characters").max(256).openapi({ example: "correct horse battery" });

export const AvatarUrl = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .nullable();

export const RoleSchema = z.enum(roles).openapi("Role");

export const UserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    username: z.string(),
    name: z.string(),
    role: RoleSchema,
    avatarUrl: z.string().nullable(),
    phone: z.string().nullable().openapi({ description: "The verified phone number (E.164), for SMS" }),
    phoneVerifiedAt: z.string().nullable(),
    hasPassword: z.boolean(),
    googleLinked: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
    deletedAt: z.string().nullable(),
  })
  .openapi("User");

export type User = z.infer<typeof UserSchema>;

/** What anyone signed in may learn about another account: no email, role or dates. */
export const PublicUserSchema = z.object({ id: z.string(), username: z.string(), name: z.string() }).openapi("PublicUser");

/** `GET /me`: the account plus what only its owner sees. */
export const MeSchema = UserSchema.extend({ unreadNotifications: z.number().int() }).openapi("Me");

export function toUser(row: typeof users.$inferSelect): User {
  return {
    id: row.id,
    email: row.email,
    username: row.username,
    name: row.name,
    role: row.role,
    avatarUrl: row.avatarUrl,
    phone: row.phone,
    phoneVerifiedAt: row.phoneVerifiedAt,
    hasPassword: row.passwordHash !== null,
    googleLinked: row.googleSub !== null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    deletedAt: row.deletedAt,
  };
}

export const toPublicUser = (row: typeof users.$inferSelect) => ({ id: row.id, username: row.username, name: row.name });

/** `{id}` in a path; one shape for every domain (lib/id-param.ts). */
export const UserIdParam = IdParam;

const nonEmpty = (body: object) => Object.keys(body).length > 0;
const NON_EMPTY = "Send at least one field to change";
const userFields = z.object({ name: DisplayName, username: Username, avatarUrl: AvatarUrl }).partial();

export const UserUpdate = userFields.refine(nonEmpty, NON_EMPTY).openapi("UserUpdate");

/** What an admin may change on any account: the owner's fields, and the email. */
export const AdminUserUpdate = userFields
  .extend({ email: Email.optional() })
  .refine(nonEmpty, NON_EMPTY)
  .openapi("AdminUserUpdate");
