import type { Context } from "hono";
import { recordEvent } from "../analytics/events";
import { abandonSignup, chargeSignup, completeSignup } from "../billing/subscription-signup";
import { toSubscription } from "../billing/subscriptions.schemas";
import type { Role } from "../db/schema";
import { audit } from "../lib/audit";
import type { AppEnv, Db } from "../lib/context";
import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { hashPassword, verifyPassword } from "../lib/passwords";
import { clientInfo, rotateSession, startSession, userSessions } from "../lib/sessions";
import { notify } from "../notifications/notify";
import { closeSessionSockets } from "../notifications/rooms";
import { ensureFirstAdmin } from "../users/first-admin";
import { usernameFromEmail } from "../users/usernames";
import {
  createUser,
  findUserByEmail,
  findUserByGoogleSub,
  findUserById,
  findUserByUsername,
  type NewUser,
} from "../users/users.queries";
import { toUser } from "../users/users.schemas";
import { updateAccount } from "../users/users.writes";
import * as routes from "./auth.routes";
import { verifyGoogleIdToken } from "./google";
import { admitSignIn, clearFailures, signInAttempt } from "./login-throttle";

const WRONG_CREDENTIALS = "Email/username or password is incorrect";

/** The person signing in is the actor of their own sign-in (no bearer token names them yet). */
const auditSignIn = (
  c: Context<AppEnv>,
  user: { id: string; role: Role },
  method: string,
  detail: Record<string, unknown> = {},
) =>
  audit(c, {
    action: "auth.sign_in",
    actorId: user.id,
    actorRole: user.role,
    targetType: "user",
    targetId: user.id,
    detail: { method, ...detail },
  });

/** A failed sign-in has no actor (whoever tried is unproven); the account tried, when it exists, is the target. */
const auditSignInFailed = (c: Context<AppEnv>, detail: Record<string, unknown>, accountId?: string) =>
  audit(c, {
    action: "auth.sign_in_failed",
    actorId: null,
    actorRole: null,
    ...(accountId ? { targetType: "user", targetId: accountId } : {}),
    detail,
  });

/** Creates the account under a username made from its email, trying again if a racing sign-up took that name. */
async function createUserNamedByEmail(db: Db, input: Omit<NewUser, "username">) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await createUser(db, { ...input, username: await usernameFromEmail(db, input.email) });
    } catch (err) {
      const usernameTaken = err instanceof ApiError && err.code === "conflict" && err.detail.includes("username");
      if (!usernameTaken || attempt >= 2) throw err;
    }
  }
}

export const authRouter = createRouter()
  .openapi(routes.register, async (c) => {
    const { username, password, planId, card, holderName, ...body } = c.req.valid("json");
    const db = c.get("db");
    await ensureFirstAdmin(db, c.env, body.email);
    const input = { ...body, passwordHash: await hashPassword(password) };
    // With a plan, the card is charged before the account is written: a decline leaves no account.
    if (planId && (await findUserByEmail(db, body.email))) throw new ApiError("conflict", "That email is already registered");
    const charge = planId && card ? await chargeSignup(c.env, db, { planId, card, holderName }) : undefined;
    let user: Awaited<ReturnType<typeof createUser>>;
    try {
      user = username ? await createUser(db, { ...input, username }) : await createUserNamedByEmail(db, input);
    } catch (err) {
      if (charge) await abandonSignup(c.env, charge);
      throw err;
    }
    const subscription = charge && toSubscription(await completeSignup(c.env, c.executionCtx, db, user.id, charge));
    const tokens = await startSession(c.env, user, clientInfo(c.req.raw));
    recordEvent(c.env, c.executionCtx, { type: "sign_up", userId: user.id });
    await notify(c.env, c.executionCtx, user.id, "welcome", { name: user.name });
    return c.json({ user: toUser(user), ...tokens, ...(subscription ? { subscription } : {}) }, 201, {
      location: `/api/users/${user.id}`,
    });
  })
  .openapi(routes.login, async (c) => {
    const { identifier = "", email, password } = c.req.valid("json");
    const db = c.get("db");
    const client = clientInfo(c.req.raw);
    // Usernames cannot hold "@", so an identifier with one is an email.
    const login = email ?? identifier;
    const isEmail = login.includes("@");
    if (isEmail) await ensureFirstAdmin(db, c.env, login);
    const user = isEmail ? await findUserByEmail(db, login) : await findUserByUsername(db, login);
    const attempt = signInAttempt(login, user?.id ?? null, client.ip);
    // Before the password is checked, so a client that is waiting learns nothing from its guesses.
    // The attempt counts as a failure from here on unless it succeeds.
    await admitSignIn(db, attempt);
    const valid = await verifyPassword(password, user?.passwordHash ?? null);
    if (!user || !valid) {
      await auditSignInFailed(
        c,
        { identifier: login, method: "password", reason: user ? "wrong_password" : "unknown_account" },
        user?.id,
      );
      throw new ApiError("unauthorized", WRONG_CREDENTIALS);
    }
    await clearFailures(db, attempt);
    const tokens = await startSession(c.env, user, client);
    await auditSignIn(c, user, "password");
    return c.json({ user: toUser(user), ...tokens }, 200);
  })
  .openapi(routes.refresh, async (c) => {
    const { refreshToken } = c.req.valid("json");
    const db = c.get("db");
    const rotated = await rotateSession(
      c.env,
      refreshToken,
      clientInfo(c.req.raw),
      async (userId) => (await findUserById(db, userId))?.role ?? null,
      (userId, sessionId) => closeSessionSockets(c.env, userId, sessionId),
    );
    const user = await findUserById(db, rotated.userId);
    if (!user) throw new ApiError("unauthorized", "This account no longer exists");
    return c.json(
      { user: toUser(user), accessToken: rotated.accessToken, refreshToken: rotated.refreshToken, expiresIn: rotated.expiresIn },
      200,
    );
  })
  .openapi(routes.logout, async (c) => {
    const { userId, sessionId } = c.get("auth");
    await userSessions(c.env, userId).revoke(sessionId);
    await closeSessionSockets(c.env, userId, sessionId);
    await audit(c, { action: "auth.sign_out", targetType: "user", targetId: userId, detail: { sessionId } });
    return c.body(null, 204);
  })
  .openapi(routes.providers, (c) => c.json({ google: c.env.GOOGLE_CLIENT_ID ? { clientId: c.env.GOOGLE_CLIENT_ID } : null }, 200))
  .openapi(routes.google, async (c) => {
    const { idToken } = c.req.valid("json");
    const identity = await verifyGoogleIdToken(c.env, idToken).catch(async (err) => {
      if (err instanceof ApiError && err.status === 401) await auditSignInFailed(c, { method: "google", reason: err.detail });
      throw err;
    });
    const db = c.get("db");
    const client = clientInfo(c.req.raw);

    const linked = await findUserByGoogleSub(db, identity.sub);
    if (linked) {
      if (linked.deletedAt) {
        await auditSignInFailed(c, { identifier: identity.email, method: "google", reason: "deleted_account" }, linked.id);
        throw new ApiError("unauthorized", "This account has been deleted");
      }
      const tokens = await startSession(c.env, linked, client);
      await auditSignIn(c, linked, "google");
      return c.json({ user: toUser(linked), ...tokens }, 200);
    }
    const sameEmail = await findUserByEmail(db, identity.email);
    if (sameEmail) {
      // Linking on an unverified email would let anyone claim an account by its address.
      if (!identity.email_verified)
        throw new ApiError("conflict", "An account with this email exists; sign in with its password to link Google");
      const user = await updateAccount(db, c.env, sameEmail.id, { googleSub: identity.sub });
      if (!user) throw new ApiError("unauthorized", "This account has been deleted");
      const tokens = await startSession(c.env, user, client);
      await auditSignIn(c, user, "google", { linked: true });
      return c.json({ user, ...tokens }, 200);
    }
    const user = await createUserNamedByEmail(db, {
      email: identity.email,
      name: identity.name?.slice(0, 100) || identity.email.split("@")[0],
      passwordHash: null,
      googleSub: identity.sub,
      avatarUrl: identity.picture ?? null,
    });
    recordEvent(c.env, c.executionCtx, { type: "sign_up", userId: user.id });
    await notify(c.env, c.executionCtx, user.id, "welcome", { name: user.name });
    const tokens = await startSession(c.env, user, client);
    await auditSignIn(c, user, "google", { signedUp: true });
    return c.json({ user: toUser(user), ...tokens }, 201, {
      location: `/api/users/${user.id}`,
    });
  });
