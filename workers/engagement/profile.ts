import { z } from "@hono/zod-openapi";
import { asc, eq } from "drizzle-orm";
import { profiles } from "../db/schema";
import type { Db } from "../lib/context";
import { ApiError } from "../lib/errors";
import { findProfile } from "../users/profiles.queries";

export const ProfileIdField = z
  .string()
  .min(1)
  .max(64)
  .optional()
  .openapi({ description: "One of your profiles; defaults to the account's first profile" });

/** The caller's profile `profileId`, or their first one; someone else's profile is a 404. */
export async function resolveProfileId(db: Db, userId: string, profileId: string | undefined): Promise<string> {
  if (profileId) {
    if (!(await findProfile(db, userId, profileId))) throw new ApiError("not_found", "No such profile");
    return profileId;
  }
  const first = await db
    .select({ id: profiles.id })
    .from(profiles)
    .where(eq(profiles.userId, userId))
    .orderBy(asc(profiles.id))
    .get();
  if (!first) throw new ApiError("not_found", "This account has no profile");
  return first.id;
}
