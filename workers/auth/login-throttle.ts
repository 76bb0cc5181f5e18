import { and, count, eq, gt, lt, max } from "drizzle-orm";
import { loginFailures } from "../db/schema";
import { clientKey } from "../lib/client-address";
import type { Db } from "../lib/context";
import { ApiError } from "../lib/errors";

/*
 * Sign-in throttle, after OWASP's authentication and credential-stuffing cheat sheets: failures
 * slow down the one who fails and never lock an account. Nothing here refuses a client that has
 * not been failing itself, so an attacker elsewhere cannot keep an owner out.
 *
 * - Pair (account, client): 5 free failures in 24 hours, then each further failure doubles the wait.
 * - Client, across all accounts: 20 free failures in an hour (a looser budget: one address may be
 *   a whole office), then the same doubling. This is what stops one address spraying many accounts.
 * - Account, across all clients: 20 failures in an hour mean distributed guessing; while that
 *   lasts, a client that has failed on that account loses its free failures (the doubling starts
 *   at its first). A client with no failures of its own still signs in at once.
 *
 * The wait runs from the last failure: 30 s, 60 s, 120 s, … capped at 15 minutes. Attempts refused
 * with 429 are not counted (their password is never checked), and a success clears its pair.
 * The login route's OpenAPI description repeats these numbers; change both together.
 */
export const FIRST_DELAY_MS = 30_000;
export const MAX_DELAY_MS = 15 * 60_000;
export const PAIR = { free: 5, windowMs: 24 * 60 * 60_000 };
export const CLIENT = { free: 20, windowMs: 60 * 60_000 };
export const ACCOUNT = { underAttackAt: 20, windowMs: 60 * 60_000 };
/** How long a failure row can matter; the cron purges older ones. */
export const RETENTION_MS = Math.max(PAIR.windowMs, CLIENT.windowMs, ACCOUNT.windowMs);

/** Who is signing in to what: the keys one attempt is counted under. */
export interface SignInAttempt {
  account: string;
  client: string;
}

/**
 * The keys for an attempt: the account by id when one matches (so its email and its username
 * share one count), by what was typed when none does; the client by address.
 */
export function signInAttempt(identifier: string, userId: string | null, ip: string | null): SignInAttempt {
  return { account: userId ? `user:${userId}` : `name:${identifier}`, client: clientKey(ip) };
}

/** The wait after `failures` failures when the first `free` cost nothing. */
export function delayAfter(failures: number, free: number): number {
  if (failures <= free) return 0;
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.min(failures - free - 1, 20));
}

/**
 * Lets an attempt go on to the password check, or throws 429 with Retry-After while the pair's or
 * the client's wait is in force. An admitted attempt is recorded as a failure at once, in the same
 * D1 batch (one transaction) as the counts it was judged by, so concurrent guesses each see the
 * ones before them; a success removes it again with `clearFailures`.
 */
export async function admitSignIn(db: Db, attempt: SignInAttempt, now = Date.now()): Promise<void> {
  const [[pair], [client], [account], [recorded]] = await db.batch([
    db
      .select({ failures: count(), last: max(loginFailures.at) })
      .from(loginFailures)
      .where(
        and(
          eq(loginFailures.account, attempt.account),
          eq(loginFailures.client, attempt.client),
          gt(loginFailures.at, now - PAIR.windowMs),
        ),
      ),
    db
      .select({ failures: count(), last: max(loginFailures.at) })
      .from(loginFailures)
      .where(and(eq(loginFailures.client, attempt.client), gt(loginFailures.at, now - CLIENT.windowMs))),
    db
      .select({ failures: count() })
      .from(loginFailures)
      .where(and(eq(loginFailures.account, attempt.account), gt(loginFailures.at, now - ACCOUNT.windowMs))),
    db
      .insert(loginFailures)
      .values({ ...attempt, at: now })
      .returning({ id: loginFailures.id }),
  ]);
  const pairFree = account.failures >= ACCOUNT.underAttackAt ? 0 : PAIR.free;
  const pairWait = (pair.last ?? 0) + delayAfter(pair.failures, pairFree) - now;
  const clientWait = (client.last ?? 0) + delayAfter(client.failures, CLIENT.free) - now;
  const waitMs = Math.max(pairWait, clientWait);
  if (waitMs <= 0) return;
  // A refused attempt checked no password, so it is not a failure.
  await db.delete(loginFailures).where(eq(loginFailures.id, recorded.id));
  const seconds = Math.ceil(waitMs / 1000);
  const who = clientWait >= pairWait ? "from your network" : "for this account from your network";
  throw new ApiError("too_many_requests", `Too many failed sign-in attempts ${who}. Try again in ${inWords(seconds)}.`, {
    headers: { "retry-after": String(seconds) },
    retryAfterSeconds: seconds,
  });
}

function inWords(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/** A success forgets that pair's failures, its own admitted attempt among them (and their weight in the client and account counts). */
export async function clearFailures(db: Db, attempt: SignInAttempt) {
  await db.delete(loginFailures).where(and(eq(loginFailures.account, attempt.account), eq(loginFailures.client, attempt.client)));
}

/** Cron housekeeping: failures older than the longest window no longer count for anything. */
export async function purgeOldFailures(db: Db, now = Date.now()) {
  await db.delete(loginFailures).where(lt(loginFailures.at, now - RETENTION_MS));
}
