import { DurableObject } from "cloudflare:workers";
import type { Role } from "../workers/db/schema";
import { incrementCounter } from "../workers/lib/durable-meta";
import type {
  AuthorizeResult,
  LiveSlot,
  RotateResult,
  SessionInfo,
  SessionUser,
  SlotClaim,
  SlotClaimResult,
  UserSessionRpc,
} from "../workers/lib/sessions.contract";

export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;
// Writing last-use on every request would turn each authenticated read into a write.
const LAST_USED_RESOLUTION_MS = 60_000;

interface SlotRow extends Record<string, SqlStorageValue> {
  id: string;
  label: string;
  lease_ms: number;
  started_at: number;
  expires_at: number;
}

const toLiveSlot = (row: SlotRow): LiveSlot => ({
  id: row.id,
  label: row.label,
  startedAt: new Date(row.started_at).toISOString(),
  expiresAt: new Date(row.expires_at).toISOString(),
});

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
 * One per user: that user's sessions and their refresh-token families, and a copy of the user as
 * the API shows it. Every method is synchronous SQL, so each call is atomic; the Worker hashes
 * tokens before calling in. A session is one refresh-token family: reusing a rotated token
 * revokes the family. Also the user's slots with a lease (billing counts live playbacks in them).
 * Engagement keeps its per-profile state in its own object (ProfileActivity).
 */
export class UserSession extends DurableObject<Env> implements UserSessionRpc {
  private readonly sql: SqlStorage;
  // Read on every signed-in request, so kept in memory too. This object is the only writer of
  // its storage and every write below updates or drops these, so they never disagree with SQLite.
  private accessVersionValue: number | undefined;
  private snapshot: SessionUser | null | undefined;
  private roleValue: Role | null | undefined;
  private readonly sessionRows = new Map<string, SessionRow>();

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
      CREATE TABLE IF NOT EXISTS user_role (id INTEGER PRIMARY KEY CHECK (id = 1), role TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS slots (
        id TEXT PRIMARY KEY, label TEXT NOT NULL, lease_ms INTEGER NOT NULL,
        started_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
    `);
    // Until v4 this object also kept engagement's per-profile state, which now lives in
    // ProfileActivity (starting empty: a first read recomputes). Deployed objects drop theirs.
    this.sql.exec(`
      DROP TABLE IF EXISTS profile_activity;
      DROP TABLE IF EXISTS first_profile;
      DROP TABLE IF EXISTS recommendations;
      DELETE FROM meta WHERE key = 'profiles_version';
    `);
  }

  createSession(input: { sessionId: string; refreshHash: string; role: Role; userAgent: string | null; ip: string | null }) {
    const now = Date.now();
    this.purgeExpired(now);
    this.storeRole(input.role);
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
    return { ok: true, sessionId: session.id, expiresAt, accessVersion: this.accessVersion(), role: this.role() };
  }

  /**
   * Whether an access token of this session, minted at `accessVersion`, still counts; if it
   * does, also the user's snapshot (null until one is stored), saving the caller a D1 read, and the
   * user's stored role, which the caller holds the token's claimed role against.
   */
  authorize(sessionId: string, accessVersion: number): AuthorizeResult {
    const now = Date.now();
    const session = this.session(sessionId);
    if (!session || session.revoked_at !== null || session.expires_at <= now) return { ok: false };
    if (accessVersion !== this.accessVersion()) return { ok: false };
    if (now - session.last_used_at > LAST_USED_RESOLUTION_MS) {
      this.sql.exec("UPDATE sessions SET last_used_at = ? WHERE id = ?", now, sessionId);
      session.last_used_at = now;
    }
    return { ok: true, user: this.user(), role: this.role() };
  }

  /**
   * Keeps a copy of the user as the API shows it. D1 stays the source of truth: every write
   * to a user stores the new row here right after D1 commits (see users/users.cache.ts).
   */
  storeUser(user: SessionUser): void {
    this.sql.exec(
      "INSERT INTO user_snapshot (id, json) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json",
      JSON.stringify(user),
    );
    this.snapshot = user;
    this.storeRole(user.role);
  }

  /**
   * Keeps the user's role as D1 has it: set at every sign-in and refresh (the role the new token
   * carries, read from D1) and with every stored user. A token claiming another role is refused.
   */
  storeRole(role: Role): void {
    if (this.role() === role) return;
    this.sql.exec("INSERT INTO user_role (id, role) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET role = excluded.role", role);
    this.roleValue = role;
  }

  /** The stored role; objects from before it was kept fall back to their user snapshot's, or null. */
  private role(): Role | null {
    if (this.roleValue === undefined) {
      const row = this.sql.exec<{ role: string }>("SELECT role FROM user_role WHERE id = 1").toArray()[0];
      this.roleValue = (row?.role as Role | undefined) ?? this.user()?.role ?? null;
    }
    return this.roleValue;
  }

  private user(): SessionUser | null {
    if (this.snapshot === undefined) {
      const row = this.sql.exec<{ json: string }>("SELECT json FROM user_snapshot WHERE id = 1").toArray()[0];
      this.snapshot = row ? (JSON.parse(row.json) as SessionUser) : null;
    }
    return this.snapshot;
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
    this.accessVersionValue = incrementCounter(this.sql, "access_version");
  }

  private accessVersion(): number {
    if (this.accessVersionValue === undefined) {
      this.accessVersionValue =
        this.sql.exec<{ value: number }>("SELECT value FROM meta WHERE key = 'access_version'").toArray()[0]?.value ?? 0;
    }
    return this.accessVersionValue;
  }

  // Counting and taking happen in one synchronous call, so two devices starting at once cannot both take the last slot.
  claimSlot(input: SlotClaim): SlotClaimResult {
    const live = this.liveSlots(input.now);
    const expiresAt = input.now + input.leaseMs;
    if (live.some((slot) => slot.id === input.slotId)) {
      this.sql.exec("UPDATE slots SET expires_at = ?, lease_ms = ? WHERE id = ?", expiresAt, input.leaseMs, input.slotId);
    } else {
      if (live.length >= input.max) return { ok: false, live };
      this.sql.exec(
        "INSERT INTO slots (id, label, lease_ms, started_at, expires_at) VALUES (?, ?, ?, ?, ?)",
        input.slotId,
        input.label,
        input.leaseMs,
        input.now,
        expiresAt,
      );
    }
    const row = this.sql.exec<SlotRow>("SELECT * FROM slots WHERE id = ?", input.slotId).one();
    return { ok: true, slot: toLiveSlot(row) };
  }

  renewSlot(slotId: string, now: number): boolean {
    return (
      this.sql.exec("UPDATE slots SET expires_at = ? + lease_ms WHERE id = ? AND expires_at > ?", now, slotId, now).rowsWritten >
      0
    );
  }

  releaseSlot(slotId: string, now: number): boolean {
    return this.sql.exec("DELETE FROM slots WHERE id = ? AND expires_at > ?", slotId, now).rowsWritten > 0;
  }

  liveSlots(now: number): LiveSlot[] {
    this.sql.exec("DELETE FROM slots WHERE expires_at <= ?", now);
    return this.sql.exec<SlotRow>("SELECT * FROM slots ORDER BY started_at").toArray().map(toLiveSlot);
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
