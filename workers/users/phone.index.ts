import type { Context } from "hono";
import type { AppEnv, Db } from "../lib/context";
import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { nowIso } from "../lib/ids";
import { turnOffSms } from "../notifications/preferences.queries";
import { queueSms } from "../notifications/sms/outbox";
import {
  CODE_TTL_MS,
  codeMatches,
  dropVerification,
  findVerification,
  finishVerification,
  hashCode,
  MAX_CODE_ATTEMPTS,
  newCode,
  type PhoneVerification,
  spendAttempt,
  startVerification,
} from "./phone.queries";
import * as routes from "./phone.routes";
import { normalizePhone } from "./phone.schemas";
import { findUserById } from "./users.queries";
import { updateAccount } from "./users.writes";

type Account = { phone: string | null; phoneVerifiedAt: string | null };

const expired = (row: PhoneVerification, now = Date.now()) => Date.parse(row.expiresAt) <= now;

const pendingOf = (row: PhoneVerification) => ({
  phone: row.phone,
  expiresAt: row.expiresAt,
  attemptsLeft: Math.max(0, MAX_CODE_ATTEMPTS - row.attempts),
});

/** What `GET /me/phone` shows: the verified number, and a number still waiting for a code that can work. */
function statusOf(account: Account, row: PhoneVerification | undefined) {
  const usable = row && !expired(row) && row.attempts < MAX_CODE_ATTEMPTS;
  return {
    phone: account.phoneVerifiedAt ? account.phone : null,
    verified: Boolean(account.phone && account.phoneVerifiedAt),
    verifiedAt: account.phoneVerifiedAt,
    pending: usable ? pendingOf(row) : null,
  };
}

/** The account as the session object caches it (no D1 read), else from D1. */
async function accountOf(c: Context<AppEnv>, db: Db, userId: string): Promise<Account> {
  const account = c.get("sessionUser") ?? (await findUserById(db, userId));
  if (!account) throw new ApiError("unauthorized", "This account no longer exists");
  return account;
}

/**
 * The account's mobile number: a number is verified by a 6-digit code texted to it through the SMS
 * outbox. Until then it lives in `phone_verifications` only, so a verified number keeps receiving
 * messages while a new one is being verified; `users.phone` only ever holds a verified number.
 */
export const phoneRouter = createRouter()
  .openapi(routes.getPhone, async (c) => {
    const db = c.get("db");
    const { userId } = c.get("auth");
    const [account, row] = await Promise.all([accountOf(c, db, userId), findVerification(db, userId)]);
    return c.json(statusOf(account, row), 200);
  })
  .openapi(routes.putPhone, async (c) => {
    const db = c.get("db");
    const { userId } = c.get("auth");
    const phone = normalizePhone(c.req.valid("json").phone);
    const account = await accountOf(c, db, userId);
    if (account.phone === phone && account.phoneVerifiedAt) {
      throw new ApiError("conflict", `${phone} is already your verified number`, {
        errors: [{ path: "phone", message: "Already verified", code: "already_verified" }],
      });
    }
    const code = newCode();
    const row = await startVerification(db, {
      userId,
      phone,
      codeHash: await hashCode(c.env.JWT_SECRET, userId, phone, code),
      expiresAt: new Date(Date.now() + CODE_TTL_MS).toISOString(),
    });
    await queueSms(c.env, {
      userId,
      kind: "phone_verification",
      to: phone,
      text: `Marquee: your verification code is ${code}. It expires in 10 minutes. If you did not ask for it, ignore this message.`,
    });
    return c.json(pendingOf(row), 202);
  })
  .openapi(routes.verifyPhone, async (c) => {
    const db = c.get("db");
    const { userId } = c.get("auth");
    const { code } = c.req.valid("json");
    const waiting = await findVerification(db, userId);
    if (!waiting) {
      throw new ApiError("conflict", "No code is waiting: add your mobile number first, and a code is texted to it");
    }
    if (expired(waiting)) {
      throw new ApiError("unprocessable", "The code has expired (codes work for 10 minutes): ask for a new one", {
        errors: [{ path: "code", message: "Expired", code: "expired" }],
      });
    }
    const row = await spendAttempt(db, userId);
    if (!row) {
      throw new ApiError("too_many_requests", "Too many wrong codes: ask for a new code");
    }
    if (!(await codeMatches(c.env.JWT_SECRET, row, code))) {
      const left = MAX_CODE_ATTEMPTS - row.attempts;
      const detail =
        left > 0
          ? `That code is not correct: ${left} ${left === 1 ? "try" : "tries"} left`
          : "That code is not correct, and it was the last try: ask for a new code";
      throw new ApiError("unprocessable", detail, {
        errors: [{ path: "code", message: "Not the code we sent", code: "invalid_code" }],
        attemptsLeft: left,
      });
    }
    // Only the request whose delete consumed the code goes on (two right answers at once verify once).
    const consumed = await finishVerification(db, userId, row.codeHash);
    if (!consumed) throw new ApiError("conflict", "This code was just used: check your number");
    const user = await updateAccount(db, c.env, userId, { phone: consumed.phone, phoneVerifiedAt: nowIso() });
    if (!user) throw new ApiError("unauthorized", "This account no longer exists");
    return c.json(statusOf(user, undefined), 200);
  })
  .openapi(routes.deletePhone, async (c) => {
    const db = c.get("db");
    const { userId } = c.get("auth");
    await dropVerification(db, userId);
    const account = await accountOf(c, db, userId);
    if (account.phone !== null || account.phoneVerifiedAt !== null) {
      const user = await updateAccount(db, c.env, userId, { phone: null, phoneVerifiedAt: null });
      if (!user) throw new ApiError("unauthorized", "This account no longer exists");
    }
    await turnOffSms(db, userId);
    return c.body(null, 204);
  });
