import { z } from "@hono/zod-openapi";
import { and, asc, eq } from "drizzle-orm";
import { profiles } from "../db/schema";
import type { Db } from "../lib/context";
import { ApiError } from "../lib/errors";

export const ProfileIdField = z
  .string()
  .min(1)
  .max(64)
  .optional()
  .openapi({ description: "One of your profiles; defaults to the account's first profile" });

/** The caller's profile `profileId`, or their first one, in one D1 read; someone else's profile is a 404. */
export async function resolveProfileId(db: Db, userId: string, profileId: string | undefined): Promise<string> {
  const row = await db
    .select({ id: profiles.id })
    .from(profiles)
    .where(profileId ? and(eq(profiles.userId, userId), eq(profiles.id, profileId)) : eq(profiles.userId, userId))
    .orderBy(asc(profiles.id))
    .limit(1)
    .get();
  if (!row) throw new ApiError("not_found", profileId ? "No such profile" : "This account has no profile");
  return row.id;
}
