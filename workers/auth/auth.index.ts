import { abandonSignup, chargeSignup, completeSignup } from "../billing/subscription-signup";
import { toSubscription } from "../billing/subscriptions.schemas";
import type { Db } from "../lib/context";
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
    if (!user || !valid) throw new ApiError("unauthorized", WRONG_CREDENTIALS);
    await clearFailures(db, attempt);
    const tokens = await startSession(c.env, user, client);
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
    return c.body(null, 204);
  })
  .openapi(routes.providers, (c) => c.json({ google: c.env.GOOGLE_CLIENT_ID ? { clientId: c.env.GOOGLE_CLIENT_ID } : null }, 200))
  .openapi(routes.google, async (c) => {
    const { idToken } = c.req.valid("json");
    const identity = await verifyGoogleIdToken(c.env, idToken);
    const db = c.get("db");
    const client = clientInfo(c.req.raw);

    const linked = await findUserByGoogleSub(db, identity.sub);
    if (linked) {
      if (linked.deletedAt) throw new ApiError("unauthorized", "This account has been deleted");
      return c.json({ user: toUser(linked), ...(await startSession(c.env, linked, client)) }, 200);
    }
    const sameEmail = await findUserByEmail(db, identity.email);
    if (sameEmail) {
      // Linking on an unverified email would let anyone claim an account by its address.
      if (!identity.email_verified)
        throw new ApiError("conflict", "An account with this email exists; sign in with its password to link Google");
      const user = await updateAccount(db, c.env, sameEmail.id, { googleSub: identity.sub });
      if (!user) throw new ApiError("unauthorized", "This account has been deleted");
      return c.json({ user, ...(await startSession(c.env, user, client)) }, 200);
    }
    const user = await createUserNamedByEmail(db, {
      email: identity.email,
      name: identity.name?.slice(0, 100) || identity.email.split("@")[0],
      passwordHash: null,
      googleSub: identity.sub,
      avatarUrl: identity.picture ?? null,
    });
    await notify(c.env, c.executionCtx, user.id, "welcome", { name: user.name });
    return c.json({ user: toUser(user), ...(await startSession(c.env, user, client)) }, 201, {
      location: `/api/users/${user.id}`,
    });
  });
