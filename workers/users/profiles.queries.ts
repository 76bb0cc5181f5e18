import { and, eq, sql } from "drizzle-orm";
import { profiles } from "../db/schema";
import type { Db } from "../lib/context";
import { isUniqueViolation } from "../lib/db";
import { ApiError } from "../lib/errors";
import { newId, nowIso } from "../lib/ids";

export const MAX_PROFILES = 5;

// What the API shows of a profile: every column but user_id.
const columns = {
  id: profiles.id,
  name: profiles.name,
  avatarUrl: profiles.avatarUrl,
  kids: profiles.kids,
  language: profiles.language,
  createdAt: profiles.createdAt,
  updatedAt: profiles.updatedAt,
};

export interface ProfileInput {
  name: string;
  avatarUrl: string | null;
  kids: boolean;
  language: string;
}

function rethrowProfileConflict(err: unknown): never {
  if (isUniqueViolation(err, "profiles.")) throw new ApiError("conflict", "This account already has a profile with that name");
  throw err;
}

export async function listProfiles(db: Db, userId: string) {
  return db.select(columns).from(profiles).where(eq(profiles.userId, userId)).orderBy(profiles.id).all();
}

export async function findProfile(db: Db, userId: string, id: string) {
  return db
    .select(columns)
    .from(profiles)
    .where(and(eq(profiles.id, id), eq(profiles.userId, userId)))
    .get();
}

/** Adds a profile unless the account already has MAX_PROFILES; "limit" when it has. */
export async function createProfile(db: Db, userId: string, input: ProfileInput) {
  const now = nowIso();
  const profile = { id: newId(), ...input, createdAt: now, updatedAt: now };
  try {
    // One statement, so concurrent creates cannot both pass the count and exceed the limit.
    const result = await db.run(sql`
      INSERT INTO profiles (id, user_id, name, avatar_url, kids, language, created_at, updated_at)
      SELECT ${profile.id}, ${userId}, ${input.name}, ${input.avatarUrl}, ${input.kids ? 1 : 0}, ${input.language}, ${now}, ${now}
      WHERE (SELECT COUNT(*) FROM profiles WHERE user_id = ${userId}) < ${MAX_PROFILES}`);
    return result.meta.changes > 0 ? profile : "limit";
  } catch (err) {
    rethrowProfileConflict(err);
  }
}

export async function updateProfile(db: Db, userId: string, id: string, changes: Partial<ProfileInput>) {
  try {
    return await db
      .update(profiles)
      .set({ ...changes, updatedAt: nowIso() })
      .where(and(eq(profiles.id, id), eq(profiles.userId, userId)))
      .returning(columns)
      .get();
  } catch (err) {
    rethrowProfileConflict(err);
  }
}

/** Deletes a profile unless it is the account's last; undefined when it is not the user's. */
export async function deleteProfile(db: Db, userId: string, id: string): Promise<"deleted" | "last_profile" | undefined> {
  // One statement, so deleting the last two profiles at once cannot leave none.
  const result = await db.run(sql`
    DELETE FROM profiles
    WHERE id = ${id} AND user_id = ${userId} AND (SELECT COUNT(*) FROM profiles WHERE user_id = ${userId}) > 1`);
  if (result.meta.changes > 0) return "deleted";
  return (await findProfile(db, userId, id)) ? "last_profile" : undefined;
}
