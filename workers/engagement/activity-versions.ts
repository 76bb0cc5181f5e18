import { createMiddleware } from "hono/factory";
import { authenticate, requiredBearer } from "../lib/auth";
import type { AppEnv } from "../lib/context";
import { type ActivityStamp, profileActivity } from "./activity.contract";

/**
 * Moves the profile's activity version on in the user's engagement Durable Object, so the
 * recommendations cached for it are not served again (see recommendations.ts). Call after the
 * D1 write to the profile's history or favorites has committed, and before answering: then the
 * profile's own activity is never missing from its recommendations once the write has answered.
 *
 * The two are not one transaction. Should the Worker die between them, the write stands and the
 * version does not move, so the profile's cached list stays stale until it is recomputed anyway
 * (`FRESH_MS`, 10 minutes). That is the price of a cached read costing no D1 query.
 */
export async function bumpActivity(env: Env, userId: string, profileId: string): Promise<void> {
  await profileActivity(env, userId).bumpActivity(profileId);
}

/**
 * For the users domain, after a profile is added or deleted in D1 and before answering: the
 * engagement object forgets which profile it took for the account's first, and drops what it kept
 * for a deleted profile, so no recommendations cached for it are served again.
 */
export async function profilesChanged(env: Env, userId: string, deletedProfileId?: string): Promise<void> {
  await profileActivity(env, userId).profilesChanged(deletedProfileId);
}

/** What `requireAuthWithActivity` read: the activity stamp of the profile asked for (`profileId` null: the first). */
export interface ActivityRead {
  profileId: string | null;
  stamp: ActivityStamp;
}

/**
 * `requireAuth()` for a route answering from the per-profile cache: once the token is verified, the
 * user's engagement object is asked for the activity stamp of the profile the `profileId` query
 * parameter names (the first profile without one) at the same time as the session object checks
 * the session, so a cached read waits for about one Durable Object call. The stamp lands in
 * `c.var.activity` only if the session check passes.
 */
export const requireAuthWithActivity = createMiddleware<AppEnv & { Variables: { activity: ActivityRead } }>(async (c, next) => {
  const profileId = c.req.query("profileId") ?? null;
  const { auth, user, alongside } = await authenticate(c.env, requiredBearer(c.req.header("authorization")), (userId) =>
    profileActivity(c.env, userId).activityStamp(profileId),
  );
  c.set("auth", auth);
  c.set("sessionUser", user);
  c.set("activity", { profileId, stamp: alongside });
  await next();
});
