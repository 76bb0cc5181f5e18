import type { Role } from "../db/schema";
import type { Db } from "../lib/context";
import { userSessions } from "../lib/sessions";
import { publishUser } from "./users.cache";
import { restoreUser, setRole, softDeleteUser, type UserRow, updateUser } from "./users.queries";
import type { User } from "./users.schemas";

/*
 * Writes to an account go through this module. The account as the API shows it is cached in the
 * user's session Durable Object (users.cache.ts), which every signed-in request reads instead of D1,
 * and the role is carried by the access tokens minted so far. So each write runs its D1 write, then,
 * before the handler answers, makes the cached copies follow:
 *
 *   name, username, avatar, email, password   the new account is published to the session object
 *   role                                      published, and access tokens minted so far stop working
 *                                             (clients refresh into the new role)
 *   soft delete                               every session ends, and with them the cached copy's use
 *   restore                                   published (no session survived the delete; the next sign-in uses it)
 *
 * Creating an account (auth) caches nothing: the copy is made on first use (GET /me).
 */

/** Changes the account's own fields; undefined when there is no such (live) account. */
export async function updateAccount(
  db: Db,
  env: Env,
  id: string,
  changes: Parameters<typeof updateUser>[2],
): Promise<User | undefined> {
  const row = await updateUser(db, id, changes);
  return row && publishUser(env, row);
}

/** Changes the role unless that would leave no admin; undefined when there is no such account. */
export async function setAccountRole(db: Db, env: Env, id: string, role: Role): Promise<User | "last_admin" | undefined> {
  const outcome: UserRow | "last_admin" | undefined = await setRole(db, id, role);
  if (outcome === undefined || outcome === "last_admin") return outcome;
  await userSessions(env, id).invalidateAccessTokens();
  return publishUser(env, outcome);
}

/** Soft-deletes the account and ends every session, unless it is the last admin. */
export async function deleteAccount(db: Db, env: Env, id: string): Promise<"deleted" | "last_admin" | undefined> {
  const outcome = await softDeleteUser(db, id);
  if (outcome === "deleted") await userSessions(env, id).revokeAll();
  return outcome;
}

/** Re-enables a soft-deleted account (a live one is answered as it is) unless its email or username is taken. */
export async function restoreAccount(db: Db, env: Env, id: string): Promise<User | "email" | "username" | undefined> {
  const outcome = await restoreUser(db, id);
  if (outcome === undefined || outcome === "email" || outcome === "username") return outcome;
  return publishUser(env, outcome);
}
