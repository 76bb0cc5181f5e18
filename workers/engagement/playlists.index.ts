import { maybeAuth } from "../lib/auth";
import { isForeignKeyViolation } from "../lib/constraints";
import type { AuthContext, Db } from "../lib/context";
import { createRouter } from "../lib/create-app";
import { isUniqueViolation } from "../lib/db";
import { ApiError } from "../lib/errors";
import { decodeCursor, page } from "../lib/pagination";
import * as q from "./playlists.queries";
import * as routes from "./playlists.routes";
import { MAX_PLAYLIST_ITEMS, playlistKinds } from "./playlists.schemas";
import { type ItemKind, pickTarget, resolveItem, summarize, summaryOf } from "./targets";

const NOT_FOUND = "No such playlist";

const toPlaylist = (row: q.PlaylistRow) => ({
  id: row.id,
  name: row.name,
  description: row.description,
  visibility: row.visibility,
  owner: { id: row.userId, username: row.ownerUsername, name: row.ownerName },
  itemCount: row.itemCount,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

/** Private playlists exist only for their owner; unlisted and public ones for anyone with the id. */
async function visiblePlaylist(db: Db, id: string, viewer: AuthContext | undefined) {
  const row = await q.findPlaylist(db, id);
  if (!row || (row.visibility === "private" && row.userId !== viewer?.userId)) throw new ApiError("not_found", NOT_FOUND);
  return row;
}

async function ownPlaylist(db: Db, id: string, userId: string) {
  const row = await q.findOwnPlaylist(db, id, userId);
  if (!row) throw new ApiError("not_found", NOT_FOUND);
  return row;
}

type ItemRow = Awaited<ReturnType<typeof q.listItems>>[number];

async function itemPage(db: Db, viewerId: string | undefined, rows: ItemRow[], limit: number) {
  const refs = rows.slice(0, limit).map((r) => ({ type: r.targetType as ItemKind, id: r.targetId }));
  const summaries = await summarize(db, viewerId, refs);
  return page(
    rows,
    limit,
    (r) => [r.position],
    (r) => ({
      id: r.id,
      position: r.position,
      item: summaryOf(summaries, { type: r.targetType, id: r.targetId }),
      addedAt: r.addedAt,
    }),
  );
}

export const playlistsRouter = createRouter()
  .openapi(routes.createPlaylist, async (c) => {
    const db = c.get("db");
    const { userId } = c.get("auth");
    const id = await q.createPlaylist(db, userId, c.req.valid("json"));
    return c.json(toPlaylist(await ownPlaylist(db, id, userId)), 201, { location: `/api/playlists/${id}` });
  })
  .openapi(routes.listPlaylists, async (c) => {
    const { userId } = c.get("auth");
    const { limit, cursor, userId: ownerId } = c.req.valid("query");
    const after = decodeCursor(cursor);
    const rows = await q.listPlaylists(c.get("db"), {
      ownerId: ownerId ?? userId,
      publicOnly: ownerId !== undefined && ownerId !== userId,
      limit,
      after: after ? String(after[0]) : undefined,
    });
    return c.json(
      page(rows, limit, (r) => [r.id], toPlaylist),
      200,
    );
  })
  .openapi(routes.getPlaylist, async (c) =>
    c.json(toPlaylist(await visiblePlaylist(c.get("db"), c.req.valid("param").id, maybeAuth(c))), 200),
  )
  .openapi(routes.updatePlaylist, async (c) => {
    const db = c.get("db");
    const { userId } = c.get("auth");
    const { id } = c.req.valid("param");
    if (!(await q.updatePlaylist(db, id, userId, c.req.valid("json")))) throw new ApiError("not_found", NOT_FOUND);
    return c.json(toPlaylist(await ownPlaylist(db, id, userId)), 200);
  })
  .openapi(routes.deletePlaylist, async (c) => {
    if (!(await q.deletePlaylist(c.get("db"), c.req.valid("param").id, c.get("auth").userId)))
      throw new ApiError("not_found", NOT_FOUND);
    return c.body(null, 204);
  })
  .openapi(routes.listItems, async (c) => {
    const db = c.get("db");
    const viewer = maybeAuth(c);
    const { id } = c.req.valid("param");
    const { limit, cursor } = c.req.valid("query");
    await visiblePlaylist(db, id, viewer);
    const after = decodeCursor(cursor);
    const rows = await q.listItems(db, id, limit, after ? Number(after[0]) : undefined);
    return c.json(await itemPage(db, viewer?.userId, rows, limit), 200);
  })
  .openapi(routes.addItem, async (c) => {
    const db = c.get("db");
    const auth = c.get("auth");
    const { id } = c.req.valid("param");
    const input = c.req.valid("json");
    await ownPlaylist(db, id, auth.userId);
    const target = pickTarget(playlistKinds, input);
    if (!(await resolveItem(db, auth, target))) throw new ApiError("not_found", `No such ${target.type}`);
    let itemId: string;
    try {
      const added = await q.addItem(db, id, target, input.position);
      if (added === "full") throw new ApiError("unprocessable", `A playlist holds at most ${MAX_PLAYLIST_ITEMS} items`);
      itemId = added;
    } catch (err) {
      if (isUniqueViolation(err, "playlist_items.")) throw new ApiError("conflict", "That is already in this playlist");
      if (isForeignKeyViolation(err)) throw new ApiError("not_found", "The playlist or the item is gone");
      throw err;
    }
    const rows = await q.listItems(db, id, MAX_PLAYLIST_ITEMS);
    const row = rows.find((r) => r.id === itemId);
    if (!row) throw new ApiError("not_found", NOT_FOUND);
    const [item] = (await itemPage(db, auth.userId, [row], 1)).items;
    return c.json(item, 201, { location: `/api/playlists/${id}/items/${item.id}` });
  })
  .openapi(routes.reorderItems, async (c) => {
    const db = c.get("db");
    const { userId } = c.get("auth");
    const { id } = c.req.valid("param");
    const input = c.req.valid("json");
    await ownPlaylist(db, id, userId);
    if ("itemId" in input) {
      if (!(await q.moveItem(db, id, input.itemId, input.position)))
        throw new ApiError("not_found", "No such item in this playlist");
    } else if (!(await q.setOrder(db, id, input.order))) {
      throw new ApiError(
        "conflict",
        "`order` must list every item of the playlist exactly once; it may have changed since you loaded it",
      );
    }
    const rows = await q.listItems(db, id, MAX_PLAYLIST_ITEMS);
    return c.json(await itemPage(db, userId, rows, MAX_PLAYLIST_ITEMS), 200);
  })
  .openapi(routes.removeItem, async (c) => {
    const db = c.get("db");
    const { id, itemId } = c.req.valid("param");
    await ownPlaylist(db, id, c.get("auth").userId);
    if (!(await q.removeItem(db, id, itemId))) throw new ApiError("not_found", "No such item in this playlist");
    return c.body(null, 204);
  });
