import { DurableObject } from "cloudflare:workers";
import type {
  ActivityStamp,
  ProfileActivityRpc,
  Recommendation,
  StoredRecommendations,
} from "../workers/engagement/activity.contract";
import { incrementCounter } from "../workers/lib/durable-meta";

/** Sets `key` in one of the object's in-memory copies of its SQLite, emptying it first when it holds `max`. */
function setBounded<V>(copy: Map<string, V>, max: number, key: string, value: V) {
  if (copy.size >= max) copy.clear();
  copy.set(key, value);
}

/**
 * One per user, addressed by user id: the engagement state of the user's profiles (each one's
 * activity version and the recommendations computed at it) and which profile is the account's
 * first. Every method is synchronous SQL, so each call is atomic: a list is checked against the
 * versions and stored in one call. The rules, and why they suffice: engagement/recommendations.ts.
 */
export class ProfileActivity extends DurableObject<Env> implements ProfileActivityRpc {
  private readonly sql: SqlStorage;
  // Read on every recommendations request, so kept in memory too. This object is the only writer of
  // its storage and every write below updates or drops these, so they never disagree with SQLite.
  private profilesVersion: number | undefined;
  private readonly activityVersions = new Map<string, number>(); // a few profiles; bounded anyway
  // Rows exist only for the account's profiles (deleting one drops its row); few kept anyway.
  private readonly storedRecommendations = new Map<string, { version: number; list: StoredRecommendations }>();
  private firstProfile: { profileId: string; profilesVersion: number } | null | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS profile_activity (profile_id TEXT PRIMARY KEY, version INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS first_profile (
        id INTEGER PRIMARY KEY CHECK (id = 1), profile_id TEXT NOT NULL, profiles_version INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS recommendations (
        profile_id TEXT PRIMARY KEY, version INTEGER NOT NULL, computed_at INTEGER NOT NULL, items TEXT NOT NULL);
    `);
  }

  activityStamp(profileId: string | null): ActivityStamp {
    const profilesVersion = this.currentProfilesVersion();
    if (profileId === null) {
      if (this.firstProfile === undefined) {
        const row = this.sql
          .exec<{ profile_id: string; profiles_version: number }>("SELECT profile_id, profiles_version FROM first_profile")
          .toArray()[0];
        this.firstProfile = row ? { profileId: row.profile_id, profilesVersion: row.profiles_version } : null;
      }
      if (this.firstProfile?.profilesVersion !== profilesVersion) return { profileId: null, version: 0, profilesVersion };
      profileId = this.firstProfile.profileId;
    }
    return this.stampOf(profileId, profilesVersion);
  }

  learnFirstProfile(profileId: string, profilesVersion: number): ActivityStamp {
    if (profilesVersion === this.currentProfilesVersion()) {
      this.sql.exec(
        `INSERT INTO first_profile (id, profile_id, profiles_version) VALUES (1, ?, ?)
         ON CONFLICT (id) DO UPDATE SET profile_id = excluded.profile_id, profiles_version = excluded.profiles_version`,
        profileId,
        profilesVersion,
      );
      this.firstProfile = { profileId, profilesVersion };
    }
    return this.stampOf(profileId, this.currentProfilesVersion());
  }

  storeRecommendations(
    profileId: string,
    stamp: { version: number; profilesVersion: number },
    recommendations: StoredRecommendations,
  ): boolean {
    if (stamp.version !== this.activityVersion(profileId)) return false;
    if (stamp.profilesVersion !== this.currentProfilesVersion()) return false;
    this.sql.exec(
      `INSERT INTO recommendations (profile_id, version, computed_at, items) VALUES (?, ?, ?, ?)
       ON CONFLICT (profile_id) DO UPDATE SET version = excluded.version, computed_at = excluded.computed_at, items = excluded.items`,
      profileId,
      stamp.version,
      recommendations.computedAt,
      JSON.stringify(recommendations.items),
    );
    setBounded(this.storedRecommendations, 16, profileId, { version: stamp.version, list: recommendations });
    return true;
  }

  bumpActivity(profileId: string): number {
    const { version } = this.sql
      .exec<{ version: number }>(
        `INSERT INTO profile_activity (profile_id, version) VALUES (?, 1)
         ON CONFLICT (profile_id) DO UPDATE SET version = version + 1 RETURNING version`,
        profileId,
      )
      .one();
    this.rememberActivity(profileId, version);
    // Whatever was stored for the previous version can never be served again.
    this.dropList(profileId);
    return version;
  }

  /**
   * A deleted profile's rows go too. Its activity version then reads 0 again, which is safe: a list
   * computed from a stamp read before the deletion carries the old profiles version and is refused,
   * and after it D1 answers 404 for the profile, so nothing is stored for it again.
   */
  profilesChanged(deletedProfileId?: string): void {
    this.profilesVersion = incrementCounter(this.sql, "profiles_version");
    if (deletedProfileId === undefined) return;
    this.sql.exec("DELETE FROM profile_activity WHERE profile_id = ?", deletedProfileId);
    this.activityVersions.delete(deletedProfileId);
    this.dropList(deletedProfileId);
  }

  private currentProfilesVersion(): number {
    if (this.profilesVersion === undefined) {
      this.profilesVersion =
        this.sql.exec<{ value: number }>("SELECT value FROM meta WHERE key = 'profiles_version'").toArray()[0]?.value ?? 0;
    }
    return this.profilesVersion;
  }

  private activityVersion(profileId: string): number {
    let version = this.activityVersions.get(profileId);
    if (version === undefined) {
      version =
        this.sql.exec<{ version: number }>("SELECT version FROM profile_activity WHERE profile_id = ?", profileId).toArray()[0]
          ?.version ?? 0;
      this.rememberActivity(profileId, version);
    }
    return version;
  }

  private stampOf(profileId: string, profilesVersion: number): ActivityStamp {
    const version = this.activityVersion(profileId);
    const stored = this.recommendationsOf(profileId);
    return {
      profileId,
      version,
      profilesVersion,
      ...(stored?.version === version ? { recommendations: stored.list } : {}),
    };
  }

  private recommendationsOf(profileId: string) {
    let stored = this.storedRecommendations.get(profileId);
    if (stored === undefined) {
      const row = this.sql
        .exec<{ version: number; computed_at: number; items: string }>(
          "SELECT version, computed_at, items FROM recommendations WHERE profile_id = ?",
          profileId,
        )
        .toArray()[0];
      if (!row) return undefined;
      // Written by storeRecommendations above from a typed RPC argument; this object is its only writer.
      stored = { version: row.version, list: { computedAt: row.computed_at, items: JSON.parse(row.items) as Recommendation[] } };
      setBounded(this.storedRecommendations, 16, profileId, stored);
    }
    return stored;
  }

  private dropList(profileId: string) {
    this.sql.exec("DELETE FROM recommendations WHERE profile_id = ?", profileId);
    this.storedRecommendations.delete(profileId);
  }

  private rememberActivity(profileId: string, version: number) {
    // Any profile id a signed-in caller names is looked up, so the map is kept small.
    setBounded(this.activityVersions, 64, profileId, version);
  }
}
