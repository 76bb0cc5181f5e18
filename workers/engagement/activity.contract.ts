import { z } from "@hono/zod-openapi";
import { ItemSummarySchema } from "./targets";

/**
 * The contract of the user's engagement Durable Object (`ProfileActivity implements` it), one per
 * user, addressed by user id: the activity version of each of the user's profiles, the
 * recommendations computed at that version, and which profile is the account's first. D1 stays
 * the source of truth for which profiles are the user's; the object keeps only counters and
 * lists. How engagement uses it: recommendations.ts ("Caching, and what it may miss").
 */
export interface ProfileActivityRpc {
  /**
   * What a cached list must be stamped with to be served: the activity version of `profileId`
   * (0 when it has none), with the list stored at that version, if any. For the account's first
   * profile (`profileId` null) the stamp names it when the object has learnt which it is since the
   * user's profiles last changed (`learnFirstProfile`); otherwise `profileId` is null and the
   * caller asks D1.
   */
  activityStamp(profileId: string | null): ActivityStamp;
  /**
   * Remembers that `profileId` is the account's first profile, as D1 answered after the caller read
   * `profilesVersion` from `activityStamp`; kept only while no profile has been added or deleted
   * since (compared in the same call). Answers the profile's activity stamp.
   */
  learnFirstProfile(profileId: string, profilesVersion: number): ActivityStamp;
  /**
   * Keeps a list computed at activity version `stamp.version`, after D1 confirmed (having read
   * `stamp.profilesVersion` before asking) that the profile is the caller's. Refused, answering
   * false, when either has moved on since: the list may miss the activity that moved the version,
   * or the profile may have been deleted after D1 answered.
   */
  storeRecommendations(
    profileId: string,
    stamp: { version: number; profilesVersion: number },
    list: StoredRecommendations,
  ): boolean;
  /**
   * Moves the profile's activity version on and drops its stored list; called after each write to
   * the profile's history or favorites has committed in D1, before answering. Answers the new version.
   */
  bumpActivity(profileId: string): number;
  /**
   * The user's set of profiles changed in D1 (one added, or `deletedProfileId` deleted): forgets the
   * first profile learnt so far, and drops everything kept for a deleted profile.
   */
  profilesChanged(deletedProfileId?: string): void;
}

/** See `ProfileActivityRpc.activityStamp`. */
export interface ActivityStamp {
  /** The profile asked about, or the account's first profile when known; null when D1 must say which. */
  profileId: string | null;
  /** The profile's activity version (0 when `profileId` is null). */
  version: number;
  /** Counts changes to the user's set of profiles; hand it back to `learnFirstProfile` and `storeRecommendations`. */
  profilesVersion: number;
  /** The profile's recommendations stored at `version`, if any. */
  recommendations?: StoredRecommendations;
}

/** A profile's recommendations as the Worker computed them at one activity version. */
export interface StoredRecommendations {
  computedAt: number;
  items: Recommendation[];
}

/** One pick, as stored and as answered. Declared here, with the contract that carries it, so the object's types need nothing else. */
export const RecommendationSchema = z.object({
  item: ItemSummarySchema,
  reason: z.string().openapi({ example: "Because you watched Heat" }),
  source: z.enum(["co_watched", "co_favorited", "genre", "trending"]),
  score: z.number(),
});
export type Recommendation = z.infer<typeof RecommendationSchema>;

/** The user's engagement Durable Object, typed by this contract. */
export function profileActivity(env: Env, userId: string): DurableObjectStub<ProfileActivityRpc & Rpc.DurableObjectBranded> {
  return env.PROFILE_ACTIVITY.get(env.PROFILE_ACTIVITY.idFromName(userId));
}
