import { and, eq, lt, sql } from "drizzle-orm";
import { phoneVerifications } from "../db/schema";
import type { Db } from "../lib/context";
import { base64url, nowIso, timingSafeEqual } from "../lib/ids";

/** How long a code works, and how many wrong tries it takes before a new code is needed. */
export const CODE_TTL_MS = 10 * 60_000;
export const MAX_CODE_ATTEMPTS = 5;

export type PhoneVerification = typeof phoneVerifications.$inferSelect;

/** Six random digits (rejection sampling, so every code is equally likely). */
export function newCode(): string {
  const limit = 4_294_000_000; // the largest multiple of 1e6 below 2^32
  for (;;) {
    const [n] = crypto.getRandomValues(new Uint32Array(1));
    if (n < limit) return String(n % 1_000_000).padStart(6, "0");
  }
}

/**
 * The code as stored: an HMAC keyed by the deployment's secret and bound to the user and number,
 * so a copy of the table does not let anyone try the million codes offline.
 */
export async function hashCode(secret: string, userId: string, phone: string, code: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(`phone-code:${secret}`),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${userId}\n${phone}\n${code}`));
  return base64url(new Uint8Array(mac));
}

export const codeMatches = async (secret: string, row: PhoneVerification, code: string) =>
  timingSafeEqual(await hashCode(secret, row.userId, row.phone, code), row.codeHash);

/** Starts (or restarts, with a fresh code and no attempts spent) the verification of a number. */
export async function startVerification(db: Db, row: Omit<PhoneVerification, "attempts" | "createdAt">) {
  const values = { ...row, attempts: 0, createdAt: nowIso() };
  return db
    .insert(phoneVerifications)
    .values(values)
    .onConflictDoUpdate({ target: phoneVerifications.userId, set: values })
    .returning()
    .get();
}

export const findVerification = (db: Db, userId: string) =>
  db.select().from(phoneVerifications).where(eq(phoneVerifications.userId, userId)).get();

/**
 * Spends one attempt in the same statement that checks one is left, so parallel guesses cannot
 * exceed the limit; undefined when none is left (or there is no verification).
 */
export const spendAttempt = (db: Db, userId: string) =>
  db
    .update(phoneVerifications)
    .set({ attempts: sql`${phoneVerifications.attempts} + 1` })
    .where(and(eq(phoneVerifications.userId, userId), lt(phoneVerifications.attempts, MAX_CODE_ATTEMPTS)))
    .returning()
    .get();

/** Consumes the verification: only the caller whose delete removed the row goes on to verify. */
export const finishVerification = (db: Db, userId: string, codeHash: string) =>
  db
    .delete(phoneVerifications)
    .where(and(eq(phoneVerifications.userId, userId), eq(phoneVerifications.codeHash, codeHash)))
    .returning()
    .get();

export const dropVerification = (db: Db, userId: string) =>
  db.delete(phoneVerifications).where(eq(phoneVerifications.userId, userId));
