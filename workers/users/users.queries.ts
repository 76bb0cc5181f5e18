import { and, eq, isNotNull, isNull, type SQL, sql } from "drizzle-orm";
import { profiles, type Role, users } from "../db/schema";
import type { Db } from "../lib/context";
import { isUniqueViolation, likePattern } from "../lib/db";
import { ApiError } from "../lib/errors";
import { newId, nowIso } from "../lib/ids";

export type UserRow = typeof users.$inferSelect;

export async function findUserById(db: Db, id: string, opts: { includeDeleted?: boolean } = {}) {
  const where = opts.includeDeleted ? eq(users.id, id) : and(eq(users.id, id), isNull(users.deletedAt));
  return db.select().from(users).where(where).get();
}

export async function findUserByEmail(db: Db, email: string) {
  return db
    .select()
    .from(users)
    .where(and(eq(users.email, email), isNull(users.deletedAt)))
    .get();
}

export async function findUserByUsername(db: Db, username: string) {
  return db
    .select()
    .from(users)
    .where(and(eq(users.username, username), isNull(users.deletedAt)))
    .get();
}

export async function findUserByGoogleSub(db: Db, sub: string) {
  return db.select().from(users).where(eq(users.googleSub, sub)).get();
}

/** Turns a UNIQUE violation on users into the 409 a client can act on. */
export function rethrowUserConflict(err: unknown): never {
  if (isUniqueViolation(err, "users.email")) throw new ApiError("conflict", "That email is already registered");
  if (isUniqueViolation(err, "users.username")) throw new ApiError("conflict", "That username is taken");
  if (isUniqueViolation(err, "users.google_sub")) throw new ApiError("conflict", "That Google account is linked to another user");
  throw err;
}

export interface NewUser {
  email: string;
  username: string;
  name: string;
  passwordHash: string | null;
  role?: Role;
  googleSub?: string | null;
  avatarUrl?: string | null;
}

/** Creates the user and their first profile in one transaction. */
export async function createUser(db: Db, input: NewUser): Promise<UserRow> {
  const now = nowIso();
  const row: UserRow = {
    id: newId(),
    email: input.email,
    username: input.username,
    name: input.name,
    passwordHash: input.passwordHash,
    role: input.role ?? "user",
    googleSub: input.googleSub ?? null,
    avatarUrl: input.avatarUrl ?? null,
    phone: null,
    phoneVerifiedAt: null,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  };
  try {
    await db.batch([
      db.insert(users).values(row),
      db.insert(profiles).values({ id: newId(), userId: row.id, name: input.name.slice(0, 50), createdAt: now, updatedAt: now }),
    ]);
  } catch (err) {
    rethrowUserConflict(err);
  }
  return row;
}

export async function updateUser(
  db: Db,
  id: string,
  changes: Partial<
    Pick<UserRow, "name" | "username" | "avatarUrl" | "email" | "passwordHash" | "googleSub" | "phone" | "phoneVerifiedAt">
  >,
) {
  try {
    return await db
      .update(users)
      .set({ ...changes, updatedAt: nowIso() })
      .where(and(eq(users.id, id), isNull(users.deletedAt)))
      .returning()
      .get();
  } catch (err) {
    rethrowUserConflict(err);
  }
}

// A single statement, so two admins demoting each other at once cannot both succeed.
const notLastAdmin = sql`NOT (${users.role} = 'admin' AND (SELECT COUNT(*) FROM users WHERE role = 'admin' AND deleted_at IS NULL) <= 1)`;

/** Changes a role unless that would leave no admin; undefined when the user does not exist. */
export async function setRole(db: Db, id: string, role: Role): Promise<UserRow | "last_admin" | undefined> {
  const condition = role === "admin" ? undefined : notLastAdmin;
  const updated = await db
    .update(users)
    .set({ role, updatedAt: nowIso() })
    .where(and(eq(users.id, id), isNull(users.deletedAt), condition))
    .returning()
    .get();
  if (updated) return updated;
  return (await findUserById(db, id)) ? "last_admin" : undefined;
}

export async function softDeleteUser(db: Db, id: string): Promise<"deleted" | "last_admin" | undefined> {
  const now = nowIso();
  const deleted = await db
    .update(users)
    .set({ deletedAt: now, updatedAt: now })
    .where(and(eq(users.id, id), isNull(users.deletedAt), notLastAdmin))
    .returning({ id: users.id })
    .get();
  if (deleted) return "deleted";
  return (await findUserById(db, id)) ? "last_admin" : undefined;
}

// Another live account with the same email or username, case aside.
const clashing = (id: string) =>
  sql`SELECT 1 FROM users AS other WHERE other.id <> ${id} AND other.deleted_at IS NULL AND (lower(other.email) = lower("users"."email") OR lower(other.username) = lower("users"."username"))`;

/**
 * Lifts a soft delete unless another live account now has the account's email or username, in
 * one statement. The row when restored (or already live), `email`/`username` for the clash,
 * undefined when there is no such account.
 */
export async function restoreUser(db: Db, id: string): Promise<UserRow | "email" | "username" | undefined> {
  const restored = await db
    .update(users)
    .set({ deletedAt: null, updatedAt: nowIso() })
    .where(and(eq(users.id, id), isNotNull(users.deletedAt), sql`NOT EXISTS (${clashing(id)})`))
    .returning()
    .get();
  if (restored) return restored;
  const row = await findUserById(db, id, { includeDeleted: true });
  if (!row?.deletedAt) return row;
  const clash = await db
    .select({ email: users.email })
    .from(users)
    .where(and(sql`${users.id} <> ${id}`, isNull(users.deletedAt), sql`lower(${users.email}) = ${row.email.toLowerCase()}`))
    .get();
  return clash ? "email" : "username";
}

/** Which accounts a search covers: live ones (the default), disabled (soft-deleted) ones, or both. */
export type AccountStatus = "active" | "disabled" | "all";

export async function searchUsers(
  db: Db,
  opts: { q?: string; role?: Role; status?: AccountStatus; after?: string; limit: number },
) {
  const status = opts.status ?? "active";
  const filters: (SQL | undefined)[] = [
    status === "active" ? isNull(users.deletedAt) : status === "disabled" ? isNotNull(users.deletedAt) : undefined,
  ];
  if (opts.q) {
    const pattern = likePattern(opts.q.toLowerCase());
    filters.push(
      sql`(${users.email} LIKE ${pattern} ESCAPE '\\' OR ${users.username} LIKE ${pattern} ESCAPE '\\' OR lower(${users.name}) LIKE ${pattern} ESCAPE '\\')`,
    );
  }
  if (opts.role) filters.push(eq(users.role, opts.role));
  if (opts.after) filters.push(sql`${users.id} > ${opts.after}`);
  return db
    .select()
    .from(users)
    .where(and(...filters))
    .orderBy(users.id)
    .limit(opts.limit + 1)
    .all();
}
