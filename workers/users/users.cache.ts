import { userSessions } from "../lib/sessions";
import type { UserRow } from "./users.queries";
import { toUser, type User } from "./users.schemas";

/**
 * Stores the user's new state in their session Durable Object, which every authenticated
 * request consults anyway, so reading oneself costs no D1 query; answers the API view of the row.
 * Writes to a user call it through users.writes.ts; `GET /me` calls it to fill a missing copy.
 */
export async function publishUser(env: Env, row: UserRow): Promise<User> {
  const user = toUser(row);
  await userSessions(env, row.id).storeUser(user);
  return user;
}
