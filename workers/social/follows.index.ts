import type { Db } from "../lib/context";
import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { decodeCursor, page } from "../lib/pagination";
import { notify } from "../notifications/notify";
import { findUserById } from "../users/users.queries";
import { follow, listFollows, unfollow } from "./follows.queries";
import * as routes from "./follows.routes";

const NO_USER = "No such user";

function afterCursor(cursor: string | undefined): [string, string] | undefined {
  const values = decodeCursor(cursor);
  if (!values) return undefined;
  if (values.length !== 2) throw new ApiError("bad_request", "The cursor is not one this API handed out");
  return [String(values[0]), String(values[1])];
}

const toEntry = (row: Awaited<ReturnType<typeof listFollows>>[number]) => ({
  user: { id: row.id, username: row.username, name: row.name, avatarUrl: row.avatarUrl },
  followedAt: row.followedAt,
});

export const followsRouter = createRouter()
  .openapi(routes.followUser, async (c) => {
    const { id } = c.req.valid("param");
    const { userId } = c.get("auth");
    if (id === userId) throw new ApiError("unprocessable", "You cannot follow yourself");
    const db = c.get("db");
    const [target, me] = await Promise.all([findUserById(db, id), c.get("sessionUser") ?? findUserById(db, userId)]);
    if (!target || !me) throw new ApiError("not_found", NO_USER);
    const result = await follow(db, userId, id);
    if (!result) throw new ApiError("not_found", NO_USER);
    if (result.created) {
      await notify(c.env, c.executionCtx, id, "new_follower", {
        followerId: userId,
        username: me.username,
        name: me.name,
        avatarUrl: me.avatarUrl,
      });
    }
    return result.created ? c.json(result.row, 201, { location: `/api/users/${id}/follow` }) : c.json(result.row, 200);
  })
  .openapi(routes.unfollowUser, async (c) => {
    const { id } = c.req.valid("param");
    const removed = await unfollow(c.get("db"), c.get("auth").userId, id);
    if (!removed) throw new ApiError("not_found", "You do not follow this user");
    return c.body(null, 204);
  })
  .openapi(routes.listFollowers, async (c) =>
    c.json(await followPage(c.get("db"), c.req.valid("param").id, "followers", c.req.valid("query")), 200),
  )
  .openapi(routes.listFollowing, async (c) =>
    c.json(await followPage(c.get("db"), c.req.valid("param").id, "following", c.req.valid("query")), 200),
  );

async function followPage(db: Db, userId: string, side: "followers" | "following", query: { limit: number; cursor?: string }) {
  if (!(await findUserById(db, userId))) throw new ApiError("not_found", NO_USER);
  const rows = await listFollows(db, userId, side, { limit: query.limit, after: afterCursor(query.cursor) });
  return page(rows, query.limit, (row) => [row.followedAt, row.id], toEntry);
}
