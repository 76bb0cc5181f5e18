import { userSessions } from "../lib/sessions";

/**
 * Moves the profile's activity version on in the user's session Durable Object, so the
 * recommendations cached for it are not served again (see recommendations.ts). Call after the
 * D1 write to the profile's history or favorites has committed, and before answering: then the
 * profile's own activity is never missing from its recommendations once the write has answered.
 *
 * The two are not one transaction. Should the Worker die between them, the write stands and the
 * version does not move, so the profile's cached list stays stale until it is recomputed anyway
 * (`FRESH_MS`, 10 minutes). That is the price of a cached read costing no D1 query.
 */
export async function bumpActivity(env: Env, userId: string, profileId: string): Promise<void> {
  await userSessions(env, userId).bumpActivity(profileId);
}
