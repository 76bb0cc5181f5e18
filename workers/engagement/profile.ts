import { z } from "@hono/zod-openapi";
import { and, asc, eq, sql } from "drizzle-orm";
import { profileActivity, profiles } from "../db/schema";
import type { Db } from "../lib/context";
import { ApiError } from "../lib/errors";

export const ProfileIdField = z
  .string()
  .min(1)
  .max(64)
  .optional()
  .openapi({ description: "One of your profiles; defaults to the account's first profile" });

export interface ResolvedProfile {
  id: string;
  /** Bumped by every write to the profile's history or favorites (see `bumpActivity`); 0 before any. */
  activityVersion: number;
}

/**
 * The caller's profile `profileId`, or their first one, with its activity version, in one D1
 * read; someone else's profile is a 404.
 */
export async function resolveProfile(db: Db, userId: string, profileId: string | undefined): Promise<ResolvedProfile> {
  const row = await db
    .select({ id: profiles.id, activityVersion: sql<number>`coalesce(${profileActivity.version}, 0)` })
    .from(profiles)
    .leftJoin(profileActivity, eq(profileActivity.profileId, profiles.id))
    .where(profileId ? and(eq(profiles.userId, userId), eq(profiles.id, profileId)) : eq(profiles.userId, userId))
    .orderBy(asc(profiles.id))
    .limit(1)
    .get();
  if (!row) throw new ApiError("not_found", profileId ? "No such profile" : "This account has no profile");
  return row;
}

/** The caller's profile `profileId`, or their first one; someone else's profile is a 404. */
export async function resolveProfileId(db: Db, userId: string, profileId: string | undefined): Promise<string> {
  return (await resolveProfile(db, userId, profileId)).id;
}
