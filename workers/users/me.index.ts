import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { hashPassword, verifyPassword } from "../lib/passwords";
import { userSessions } from "../lib/sessions";
import { notify } from "../notifications/notify";
import { closeOtherSockets, unreadCount } from "../notifications/rooms";
import * as routes from "./me.routes";
import { phoneRouter } from "./phone.index";
import { publishUser } from "./users.cache";
import { findUserById } from "./users.queries";
import { updateAccount } from "./users.writes";

async function currentUser(db: Parameters<typeof findUserById>[0], userId: string) {
  const user = await findUserById(db, userId);
  if (!user) throw new ApiError("unauthorized", "This account no longer exists");
  return user;
}

export const meRouter = createRouter()
  .route("/", phoneRouter)
  .openapi(routes.getMe, async (c) => {
    const { userId } = c.get("auth");
    const cached = c.get("sessionUser");
    // The unread count lives in the user's NotificationRoom, so this stays free of D1 reads.
    const [user, unreadNotifications] = await Promise.all([
      cached ?? currentUser(c.get("db"), userId).then((row) => publishUser(c.env, row)),
      unreadCount(c.env, userId),
    ]);
    return c.json({ ...user, unreadNotifications }, 200);
  })
  .openapi(routes.patchMe, async (c) => {
    const user = await updateAccount(c.get("db"), c.env, c.get("auth").userId, c.req.valid("json"));
    if (!user) throw new ApiError("unauthorized", "This account no longer exists");
    return c.json(user, 200);
  })
  .openapi(routes.changePassword, async (c) => {
    const { currentPassword, newPassword } = c.req.valid("json");
    const { userId, sessionId } = c.get("auth");
    const db = c.get("db");
    const user = await currentUser(db, userId);
    if (user.passwordHash !== null) {
      if (!currentPassword || !(await verifyPassword(currentPassword, user.passwordHash))) {
        throw new ApiError("validation_failed", "The current password is not correct", {
          errors: [{ path: "currentPassword", message: "Not the current password", code: "invalid_password" }],
        });
      }
    }
    await updateAccount(db, c.env, userId, { passwordHash: await hashPassword(newPassword) });
    await userSessions(c.env, userId).revokeAll(sessionId);
    await closeOtherSockets(c.env, userId, sessionId);
    await notify(c.env, c.executionCtx, userId, "password_changed", {});
    return c.body(null, 204);
  });
