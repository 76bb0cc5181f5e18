import { DurableObject } from "cloudflare:workers";
import type { Recommendation } from "../workers/engagement/recommendations";
import type { User } from "../workers/users/users.schemas";

export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;
// Writing last-use on every request would turn each authenticated read into a write.
const LAST_USED_RESOLUTION_MS = 60_000;

export interface SessionInfo {
  id: string;
  createdAt: string;
  lastUsedAt: string;
  userAgent: string | null;
  ip: string | null;
}

export type RotateResult =
  | { ok: true; sessionId: string; expiresAt: number; accessVersion: number }
  | { ok: false; reason: "unknown" | "revoked" | "expired" }
  | { ok: false; reason: "reused"; revokedSessionId: string };

/** See `UserSession.activityStamp`. */
export interface ActivityStamp {
  /** The profile asked about, or the account's first profile when known; null when D1 must say which. */
  profileId: string | null;
  /** The profile's activity version (0 when `profileId` is null). */
  version: number;
  /** Counts changes to the user's set of profiles; hand it back to `learnFirstProfile`. */
  profilesVersion: number;
  /** The profile's recommendations stored at `version`, if any (see `storeRecommendations`). */
  recommendations?: StoredRecommendations;
}

/** A profile's recommendations as the Worker computed them at one activity version. */
export interface StoredRecommendations {
  computedAt: number;
  items: Recommendation[];
}

type Counter = "access_version" | "profiles_version";

/** Sets `key` in one of the object's in-memory copies of its SQLite, emptying it first when it holds `max`. */
function setBounded<V>(copy: Map<string, V>, max: number, key: string, value: V) {
  if (copy.size >= max) copy.clear();
  copy.set(key, value);
}

interface SessionRow extends Record<string, SqlStorageValue> {
  id: string;
  created_at: number;
  last_used_at: number;
  user_agent: string | null;
  ip: string | null;
  revoked_at: number | null;
  expires_at: number;
}

/**
 * One per user: that user's sessions and their refresh-token families. Every method is
 * synchronous SQL, so each call is atomic; the Worker hashes tokens before calling in.
 * A session is one refresh-token family: reusing a rotated token revokes the family.
 *
 * It also keeps the activity version of each of the user's profiles and the recommendations
 * computed at that version: the sign-in check's call answers a cached read, with no D1 query
 * and no second call (see engagement/recommendations.ts).
 */
export class UserSession extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  // Read on every signed-in request, so kept in memory too. This object is the only writer of
  // its storage and every write below updates or drops these, so they never disagree with SQLite.
  private readonly counters = new Map<Counter, number>();
  private snapshot: User | null | undefined;
  private readonly sessionRows = new Map<string, SessionRow>();
  private readonly activityVersions = new Map<string, number>(); // a few profiles; bounded anyway
  // Rows exist only for the account's profiles (a bump deletes a deleted profile's); few kept anyway.
  private readonly storedRecommendations = new Map<string, { version: number; list: StoredRecommendations }>();
  private firstProfile: { profileId: string; profilesVersion: number } | null | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`
      CREATE TABLE IF NOT EXISTS sessions (
        id TEXT PRIMARY KEY, created_at INTEGER NOT NULL, last_used_at INTEGER NOT NULL,
        user_agent TEXT, ip TEXT, revoked_at INTEGER, expires_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS refresh_tokens (
        hash TEXT PRIMARY KEY, session_id TEXT NOT NULL, created_at INTEGER NOT NULL, used_at INTEGER);
      CREATE INDEX IF NOT EXISTS refresh_tokens_session ON refresh_tokens (session_id);
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS user_snapshot (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS profile_activity (profile_id TEXT PRIMARY KEY, version INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS first_profile (
        id INTEGER PRIMARY KEY CHECK (id = 1), profile_id TEXT NOT NULL, profiles_version INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS recommendations (
        profile_id TEXT PRIMARY KEY, version INTEGER NOT NULL, computed_at INTEGER NOT NULL, items TEXT NOT NULL);
    `);
  }

  createSession(input: { sessionId: string; refreshHash: string; userAgent: string | null; ip: string | null }) {
    const now = Date.now();
    this.purgeExpired(now);
    const expiresAt = now + REFRESH_TOKEN_TTL_MS;
    this.sql.exec(
      "INSERT INTO sessions (id, created_at, last_used_at, user_agent, ip, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
      input.sessionId,
      now,
      now,
      input.userAgent?.slice(0, 300) ?? null,
      input.ip,
      expiresAt,
    );
    this.sql.exec(
      "INSERT INTO refresh_tokens (hash, session_id, created_at) VALUES (?, ?, ?)",
      input.refreshHash,
      input.sessionId,
      now,
    );
    return { expiresAt, accessVersion: this.accessVersion() };
  }

  /** Exchanges a refresh token for the next one in its family. */
  rotate(input: { presentedHash: string; nextHash: string; userAgent: string | null; ip: string | null }): RotateResult {
    const now = Date.now();
    const token = this.sql
      .exec<{ session_id: string; used_at: number | null }>(
        "SELECT session_id, used_at FROM refresh_tokens WHERE hash = ?",
        input.presentedHash,
      )
      .toArray()[0];
    if (!token) return { ok: false, reason: "unknown" };
    const session = this.session(token.session_id);
    if (!session || session.revoked_at !== null) return { ok: false, reason: "revoked" };
    if (token.used_at !== null) {
      // Someone replayed a token that was already exchanged: assume theft, end the family.
      this.sql.exec("UPDATE sessions SET revoked_at = ? WHERE id = ?", now, session.id);
      this.sessionRows.delete(session.id);
      return { ok: false, reason: "reused", revokedSessionId: session.id };
    }
    if (session.expires_at <= now) return { ok: false, reason: "expired" };
    const expiresAt = now + REFRESH_TOKEN_TTL_MS;
    this.sql.exec("UPDATE refresh_tokens SET used_at = ? WHERE hash = ?", now, input.presentedHash);
    this.sql.exec("INSERT INTO refresh_tokens (hash, session_id, created_at) VALUES (?, ?, ?)", input.nextHash, session.id, now);
    this.sql.exec(
      "UPDATE sessions SET last_used_at = ?, expires_at = ?, user_agent = COALESCE(?, user_agent), ip = COALESCE(?, ip) WHERE id = ?",
      now,
      expiresAt,
      input.userAgent?.slice(0, 300) ?? null,
      input.ip,
      session.id,
    );
    this.sessionRows.delete(session.id);
    return { ok: true, sessionId: session.id, expiresAt, accessVersion: this.accessVersion() };
  }

  /**
   * Whether an access token of this session, minted at `accessVersion`, still counts; if it
   * does, also the user's snapshot (null until one is stored), saving the caller a D1 read, and,
   * when `activityOf` is given, `activityStamp(activityOf)`, saving a route that needs it a call.
   */
  authorize(
    sessionId: string,
    accessVersion: number,
    activityOf?: string | null,
  ): { ok: false } | { ok: true; user: User | null; activity?: ActivityStamp } {
    const now = Date.now();
    const session = this.session(sessionId);
    if (!session || session.revoked_at !== null || session.expires_at <= now) return { ok: false };
    if (accessVersion !== this.accessVersion()) return { ok: false };
    if (now - session.last_used_at > LAST_USED_RESOLUTION_MS) {
      this.sql.exec("UPDATE sessions SET last_used_at = ? WHERE id = ?", now, sessionId);
      session.last_used_at = now;
    }
    return { ok: true, user: this.user(), ...(activityOf !== undefined ? { activity: this.activityStamp(activityOf) } : {}) };
  }

  /**
   * Keeps a copy of the user as the API shows it. D1 stays the source of truth: every write
   * to a user stores the new row here right after D1 commits (see users/users.cache.ts).
   */
  storeUser(user: User): void {
    this.sql.exec(
      "INSERT INTO user_snapshot (id, json) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json",
      JSON.stringify(user),
    );
    this.snapshot = user;
  }

  private user(): User | null {
    if (this.snapshot === undefined) {
      const row = this.sql.exec<{ json: string }>("SELECT json FROM user_snapshot WHERE id = 1").toArray()[0];
      this.snapshot = row ? (JSON.parse(row.json) as User) : null;
    }
    return this.snapshot;
  }

  /**
   * What a cached recommendations list must be stamped with to be served (see
   * engagement/recommendations.ts): the activity version of profile `profileId`, 0 when it has
   * none. D1 stays the source of truth for which profiles are the user's; these are only counters.
   *
   * For the account's first profile (`profileId` null) the answer names it when this object has
   * learnt which one it is since the user's profiles last changed (`learnFirstProfile`);
   * otherwise `profileId` is null and the caller asks D1. With the version comes the list stored
   * at that version, if any; how long it may be served is the Worker's call (`computedAt`).
   */
  activityStamp(profileId: string | null): ActivityStamp {
    const profilesVersion = this.counter("profiles_version");
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

  /**
   * Remembers that `profileId` is the account's first profile, as D1 answered after the caller
   * read `profilesVersion` from `activityStamp`. Kept only while no profile has been added or
   * deleted since then (compared here, in the same call); answers the profile's activity stamp.
   */
  learnFirstProfile(profileId: string, profilesVersion: number): ActivityStamp {
    if (profilesVersion === this.counter("profiles_version")) {
      this.sql.exec(
        `INSERT INTO first_profile (id, profile_id, profiles_version) VALUES (1, ?, ?)
         ON CONFLICT (id) DO UPDATE SET profile_id = excluded.profile_id, profiles_version = excluded.profiles_version`,
        profileId,
        profilesVersion,
      );
      this.firstProfile = { profileId, profilesVersion };
    }
    return this.stampOf(profileId, this.counter("profiles_version"));
  }

  /**
   * Keeps the recommendations the Worker computed for `profileId`, given the profile's activity
   * version it computed them at and the profiles version it read before D1 confirmed the profile
   * is the caller's. A list is dropped when either has moved on since: it may be missing the
   * activity that moved the version on, or the profile may have been deleted after D1 answered.
   * Answers whether it was kept.
   */
  storeRecommendations(
    profileId: string,
    stamp: { version: number; profilesVersion: number },
    recommendations: StoredRecommendations,
  ): boolean {
    if (stamp.version !== this.activityVersion(profileId)) return false;
    if (stamp.profilesVersion !== this.counter("profiles_version")) return false;
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

  /**
   * Moves the profile's activity version on; the Worker calls it after each write to the profile's
   * history or favorites has committed in D1, before answering, so no list cached under the old
   * version is served once that write has answered. Answers the new version.
   */
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
    this.sql.exec("DELETE FROM recommendations WHERE profile_id = ?", profileId);
    this.storedRecommendations.delete(profileId);
    return version;
  }

  /**
   * The user's set of profiles changed in D1 (one added, or `deletedProfileId` deleted), which may
   * change which one is first: forget the first profile learnt so far. A deleted profile's
   * activity version moves on too, so nothing cached for it is served again. Its row stays (a few
   * bytes per profile the account ever had): dropping it would send the version back to 0.
   */
  profilesChanged(deletedProfileId?: string): void {
    this.bumpCounter("profiles_version");
    if (deletedProfileId !== undefined) this.bumpActivity(deletedProfileId);
  }

  list(): SessionInfo[] {
    return this.sql
      .exec<SessionRow>(
        "SELECT * FROM sessions WHERE revoked_at IS NULL AND expires_at > ? ORDER BY last_used_at DESC",
        Date.now(),
      )
      .toArray()
      .map((row) => ({
        id: row.id,
        createdAt: new Date(row.created_at).toISOString(),
        lastUsedAt: new Date(row.last_used_at).toISOString(),
        userAgent: row.user_agent,
        ip: row.ip,
      }));
  }

  /** Revokes one live session; false when there is no such live session. */
  revoke(sessionId: string): boolean {
    const result = this.sql.exec(
      "UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL AND expires_at > ?",
      Date.now(),
      sessionId,
      Date.now(),
    );
    this.sessionRows.delete(sessionId);
    return result.rowsWritten > 0;
  }

  /** Revokes every live session but `keepSessionId`; answers the ids it revoked. */
  revokeAll(keepSessionId: string | null = null): string[] {
    const now = Date.now();
    this.sessionRows.clear();
    return this.sql
      .exec<{ id: string }>(
        "UPDATE sessions SET revoked_at = ? WHERE revoked_at IS NULL AND id IS NOT ? RETURNING id",
        now,
        keepSessionId,
      )
      .toArray()
      .map((row) => row.id);
  }

  /**
   * Makes every access token minted so far invalid, so clients refresh (after a role change,
   * say). Tokens carry the version they were minted at; a counter has no clock-skew edge.
   */
  invalidateAccessTokens(): void {
    this.bumpCounter("access_version");
  }

  private accessVersion(): number {
    return this.counter("access_version");
  }

  private counter(key: Counter): number {
    let value = this.counters.get(key);
    if (value === undefined) {
      value = this.sql.exec<{ value: number }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0]?.value ?? 0;
      this.counters.set(key, value);
    }
    return value;
  }

  private bumpCounter(key: Counter): void {
    const { value } = this.sql
      .exec<{ value: number }>(
        "INSERT INTO meta (key, value) VALUES (?, 1) ON CONFLICT (key) DO UPDATE SET value = value + 1 RETURNING value",
        key,
      )
      .one();
    this.counters.set(key, value);
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
      stored = { version: row.version, list: { computedAt: row.computed_at, items: JSON.parse(row.items) as Recommendation[] } };
      setBounded(this.storedRecommendations, 16, profileId, stored);
    }
    return stored;
  }

  private rememberActivity(profileId: string, version: number) {
    // Any profile id a signed-in caller names is looked up, so the map is kept small.
    setBounded(this.activityVersions, 64, profileId, version);
  }

  /** The session row; the copy in memory is dropped (or, for last use, updated) by every write to it. */
  private session(id: string): SessionRow | undefined {
    let row = this.sessionRows.get(id);
    if (!row) {
      row = this.sql.exec<SessionRow>("SELECT * FROM sessions WHERE id = ?", id).toArray()[0];
      if (row) this.sessionRows.set(id, row);
    }
    return row;
  }

  private purgeExpired(now: number) {
    const cutoff = now - 24 * 60 * 60 * 1000;
    this.sql.exec(
      "DELETE FROM refresh_tokens WHERE session_id IN (SELECT id FROM sessions WHERE expires_at < ? OR revoked_at < ?)",
      cutoff,
      cutoff,
    );
    this.sql.exec("DELETE FROM sessions WHERE expires_at < ? OR revoked_at < ?", cutoff, cutoff);
    this.sessionRows.clear();
  }
}
