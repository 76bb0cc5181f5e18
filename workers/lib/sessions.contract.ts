import type { Role, users } from "../db/schema";

/**
 * The contract of the user's session Durable Object (`UserSession implements` it): every domain
 * signs callers in through lib/auth.ts, so the contract lives in lib, beside `userSessions`.
 */
export interface UserSessionRpc {
  /** Starts a session for a user whose role (read from D1) is `role`, which the object keeps as the user's stored role. */
  createSession(input: { sessionId: string; refreshHash: string; role: Role; userAgent: string | null; ip: string | null }): {
    expiresAt: number;
    accessVersion: number;
  };
  /** Exchanges a refresh token for the next one in its family; reusing a rotated one revokes the family. */
  rotate(input: { presentedHash: string; nextHash: string; userAgent: string | null; ip: string | null }): RotateResult;
  /**
   * Whether an access token of this session, minted at `accessVersion`, still counts; if so, the
   * cached user and the user's stored role (null when this object has none yet).
   */
  authorize(sessionId: string, accessVersion: number): AuthorizeResult;
  /** Keeps `role` as the user's stored role (the one access tokens must carry); from D1, by the Worker. */
  storeRole(role: Role): void;
  /** Keeps the user as the API shows it (and its role as the stored role); called after every D1 write to the user (users/users.cache.ts). */
  storeUser(user: SessionUser): void;
  list(): SessionInfo[];
  /** Revokes one live session; false when there is no such live session. */
  revoke(sessionId: string): boolean;
  /** Revokes every live session but `keepSessionId`; answers the ids it revoked. */
  revokeAll(keepSessionId?: string | null): string[];
  /** Makes every access token minted so far invalid, so clients refresh (after a role change, say). */
  invalidateAccessTokens(): void;
  /** Takes one of at most `max` slots with a lease, unless `max` slots are live; renews the slot when it is live already. */
  claimSlot(input: SlotClaim): SlotClaimResult;
  /** Extends a live slot's lease; false when it lapsed, ended or was never this user's. */
  renewSlot(slotId: string, now: number): boolean;
  /** Frees a slot; false when it was not live. */
  releaseSlot(slotId: string, now: number): boolean;
  /** The slots whose lease has not lapsed at `now`. */
  liveSlots(now: number): LiveSlot[];
}

/**
 * Slots with a lease: a slot counts while its holder keeps renewing it within `leaseMs`; one that
 * is not renewed lapses on its own (a closed tab frees it). `label` is the caller's, stored as is.
 */
export interface SlotClaim {
  slotId: string;
  label: string;
  max: number;
  leaseMs: number;
  now: number;
}

export interface LiveSlot {
  id: string;
  label: string;
  startedAt: string;
  expiresAt: string;
}

export type SlotClaimResult = { ok: true; slot: LiveSlot } | { ok: false; live: LiveSlot[] };

/**
 * The user as the API shows it, which the session object keeps so that reading oneself costs no D1
 * query. Derived from the drizzle schema, the one source of the data model, rather than from the
 * users domain's zod schema (lib knows no domain): the row without its two secrets, which it only
 * says are set. The users domain's `User` has the same shape; the compiler compares the two where
 * users/users.cache.ts stores one and where a route answers the other.
 */
export type SessionUser = Omit<typeof users.$inferSelect, "passwordHash" | "googleSub"> & {
  hasPassword: boolean;
  googleLinked: boolean;
};

export type AuthorizeResult = { ok: false } | { ok: true; user: SessionUser | null; role: Role | null };

export type RotateResult =
  | { ok: true; sessionId: string; expiresAt: number; accessVersion: number; role: Role | null }
  | { ok: false; reason: "unknown" | "revoked" | "expired" }
  | { ok: false; reason: "reused"; revokedSessionId: string };

export interface SessionInfo {
  id: string;
  createdAt: string;
  lastUsedAt: string;
  userAgent: string | null;
  ip: string | null;
}
