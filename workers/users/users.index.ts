import type { AuthContext } from "../lib/context";
import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { decodeCursor, page } from "../lib/pagination";
import { closeOtherSockets } from "../notifications/rooms";
import { findUserById, findUserByUsername, searchUsers } from "./users.queries";
import * as routes from "./users.routes";
import { toPublicUser, toUser } from "./users.schemas";
import { deleteAccount, restoreAccount, setAccountRole, updateAccount } from "./users.writes";

const NOT_FOUND = "No such user";

/** Admins reach every account; anyone else only their own, and others look absent (404). */
function assertReachable(auth: AuthContext, id: string) {
  if (auth.role !== "admin" && auth.userId !== id) throw new ApiError("not_found", NOT_FOUND);
}

export const usersRouter = createRouter()
  .openapi(routes.listUsers, async (c) => {
    const { q, role, status, limit, cursor } = c.req.valid("query");
    const after = decodeCursor(cursor)?.[0];
    const rows = await searchUsers(c.get("db"), {
      q,
      role,
      status,
      limit,
      after: after === undefined ? undefined : String(after),
    });
    return c.json(
      page(rows, limit, (row) => [row.id], toUser),
      200,
    );
  })
  // Before /users/{id}, which would otherwise take "lookup" for an id.
  .openapi(routes.lookupUser, async (c) => {
    const user = await findUserByUsername(c.get("db"), c.req.valid("query").username.toLowerCase());
    if (!user) throw new ApiError("not_found", "No one has that username");
    return c.json(toPublicUser(user), 200);
  })
  .openapi(routes.getUser, async (c) => {
    const { id } = c.req.valid("param");
    const auth = c.get("auth");
    assertReachable(auth, id);
    const user = await findUserById(c.get("db"), id, { includeDeleted: auth.role === "admin" });
    if (!user) throw new ApiError("not_found", NOT_FOUND);
    return c.json(toUser(user), 200);
  })
  .openapi(routes.patchUser, async (c) => {
    const { id } = c.req.valid("param");
    const auth = c.get("auth");
    assertReachable(auth, id);
    const changes = c.req.valid("json");
    if (changes.email !== undefined && auth.role !== "admin")
      throw new ApiError("forbidden", "Only an admin can change an email");
    const user = await updateAccount(c.get("db"), c.env, id, changes);
    if (!user) throw new ApiError("not_found", NOT_FOUND);
    return c.json(user, 200);
  })
  .openapi(routes.deleteUser, async (c) => {
    const { id } = c.req.valid("param");
    assertReachable(c.get("auth"), id);
    const outcome = await deleteAccount(c.get("db"), c.env, id);
    if (!outcome) throw new ApiError("not_found", NOT_FOUND);
    if (outcome === "last_admin") throw new ApiError("conflict", "The last admin cannot be deleted; promote another admin first");
    await closeOtherSockets(c.env, id);
    return c.body(null, 204);
  })
  .openapi(routes.setUserRole, async (c) => {
    const { id } = c.req.valid("param");
    const outcome = await setAccountRole(c.get("db"), c.env, id, c.req.valid("json").role);
    if (!outcome) throw new ApiError("not_found", NOT_FOUND);
    if (outcome === "last_admin") throw new ApiError("conflict", "The last admin cannot be demoted; promote another admin first");
    return c.json(outcome, 200);
  })
  .openapi(routes.restoreUser, async (c) => {
    const outcome = await restoreAccount(c.get("db"), c.env, c.req.valid("param").id);
    if (!outcome) throw new ApiError("not_found", NOT_FOUND);
    if (outcome === "email" || outcome === "username") {
      throw new ApiError("conflict", `Another account now has this account's ${outcome}; change one of them first`, {
        field: outcome,
      });
    }
    return c.json(outcome, 200);
  });
