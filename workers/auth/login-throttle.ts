import { and, eq, gt, inArray, lt, sql } from "drizzle-orm";
import { loginFailures } from "../db/schema";
import type { Db } from "../lib/context";
import { ApiError } from "../lib/errors";

export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60 * 1000;

/** Throttle keys for one sign-in attempt: the account, and the client's address when known. */
export function throttleKeys(email: string, ip: string | null): string[] {
  return ip ? [`account:${email}`, `ip:${ip}`] : [`account:${email}`];
}

/** 429 with Retry-After when any key has MAX_FAILURES failures inside the window. */
export async function assertNotThrottled(db: Db, keys: string[], now = Date.now()): Promise<void> {
  let retryAfterMs = 0;
  for (const key of keys) {
    // The oldest of the last MAX_FAILURES failures: once it leaves the window, attempts resume.
    const oldest = await db
      .select({ at: loginFailures.at })
      .from(loginFailures)
      .where(and(eq(loginFailures.key, key), gt(loginFailures.at, now - WINDOW_MS)))
      .orderBy(sql`${loginFailures.at} DESC`)
      .limit(1)
      .offset(MAX_FAILURES - 1)
      .get();
    if (oldest) retryAfterMs = Math.max(retryAfterMs, oldest.at + WINDOW_MS - now);
  }
  if (retryAfterMs > 0) {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    throw new ApiError("too_many_requests", `Too many failed sign-in attempts. Try again in ${seconds} seconds.`, {
      headers: { "retry-after": String(seconds) },
      retryAfterSeconds: seconds,
    });
  }
}

export async function recordFailure(db: Db, keys: string[], now = Date.now()) {
  await db.insert(loginFailures).values(keys.map((key) => ({ key, at: now })));
}

export async function clearFailures(db: Db, keys: string[]) {
  await db.delete(loginFailures).where(inArray(loginFailures.key, keys));
}

/** Cron housekeeping: failures older than the window no longer count for anything. */
export async function purgeOldFailures(db: Db, now = Date.now()) {
  await db.delete(loginFailures).where(lt(loginFailures.at, now - WINDOW_MS));
}
