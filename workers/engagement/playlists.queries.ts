import { and, asc, desc, eq, gt, lt, sql } from "drizzle-orm";
import { type PlaylistVisibility, playlistItems, playlists, users } from "../db/schema";
import type { Db } from "../lib/context";
import { newId, nowIso } from "../lib/ids";
import { rawRun } from "../lib/raw-batch";
import { MAX_PLAYLIST_ITEMS } from "./playlists.schemas";
import { type ItemKind, refValues, type TargetRef } from "./targets";

const playlistColumns = {
  id: playlists.id,
  userId: playlists.userId,
  name: playlists.name,
  description: playlists.description,
  visibility: playlists.visibility,
  createdAt: playlists.createdAt,
  updatedAt: playlists.updatedAt,
  ownerUsername: users.username,
  ownerName: users.name,
  itemCount: sql<number>`(SELECT count(*) FROM playlist_items i WHERE i.playlist_id = ${playlists.id})`.as("item_count"),
};

export type PlaylistRow = Awaited<ReturnType<typeof findPlaylist>> & {};

export async function findPlaylist(db: Db, id: string) {
  return db
    .select(playlistColumns)
    .from(playlists)
    .innerJoin(users, eq(users.id, playlists.userId))
    .where(eq(playlists.id, id))
    .get();
}

/** The playlist if `userId` owns it. */
export async function findOwnPlaylist(db: Db, id: string, userId: string) {
  const row = await findPlaylist(db, id);
  return row && row.userId === userId ? row : undefined;
}

export async function listPlaylists(db: Db, opts: { ownerId: string; publicOnly: boolean; limit: number; after?: string }) {
  const where = [eq(playlists.userId, opts.ownerId)];
  if (opts.publicOnly) where.push(eq(playlists.visibility, "public"));
  if (opts.after) where.push(lt(playlists.id, opts.after));
  return db
    .select(playlistColumns)
    .from(playlists)
    .innerJoin(users, eq(users.id, playlists.userId))
    .where(and(...where))
    .orderBy(desc(playlists.id))
    .limit(opts.limit + 1);
}

export async function createPlaylist(
  db: Db,
  userId: string,
  input: { name: string; description?: string | null; visibility: PlaylistVisibility },
) {
  const now = nowIso();
  const id = newId();
  await db.insert(playlists).values({
    id,
    userId,
    name: input.name,
    description: input.description ?? null,
    visibility: input.visibility,
    createdAt: now,
    updatedAt: now,
  });
  return id;
}

export async function updatePlaylist(
  db: Db,
  id: string,
  userId: string,
  changes: Partial<{ name: string; description: string | null; visibility: PlaylistVisibility }>,
) {
  const updated = await db
    .update(playlists)
    .set({ ...changes, updatedAt: nowIso() })
    .where(and(eq(playlists.id, id), eq(playlists.userId, userId)))
    .returning({ id: playlists.id });
  return updated.length > 0;
}

export async function deletePlaylist(db: Db, id: string, userId: string) {
  const removed = await db
    .delete(playlists)
    .where(and(eq(playlists.id, id), eq(playlists.userId, userId)))
    .returning({ id: playlists.id });
  return removed.length > 0;
}

export async function listItems(db: Db, playlistId: string, limit: number, afterPosition?: number) {
  const where = [eq(playlistItems.playlistId, playlistId)];
  if (afterPosition !== undefined) where.push(gt(playlistItems.position, afterPosition));
  return db
    .select()
    .from(playlistItems)
    .where(and(...where))
    .orderBy(asc(playlistItems.position), asc(playlistItems.id))
    .limit(limit + 1);
}

// Positions are kept 0..n-1 by renumbering in the same transaction as every change, so
// concurrent adds, removals and moves can never leave a gap or a repeated position.
const compact = (db: Db, playlistId: string) =>
  rawRun(
    db,
    sql`UPDATE playlist_items SET position = r.rn
      FROM (SELECT id, row_number() OVER (ORDER BY position, id) - 1 AS rn FROM playlist_items WHERE playlist_id = ${playlistId}) AS r
      WHERE playlist_items.id = r.id AND playlist_items.position != r.rn`,
  );

const touch = (db: Db, playlistId: string) =>
  db.update(playlists).set({ updatedAt: nowIso() }).where(eq(playlists.id, playlistId));

/** Moves `itemId` to index `position` (clamped to the end), shifting the others. */
const move = (db: Db, playlistId: string, itemId: string, position: number) =>
  rawRun(
    db,
    sql`UPDATE playlist_items SET position = r.np
      FROM (
        SELECT id, CASE WHEN rn >= ${position} THEN rn + 1 ELSE rn END AS np
        FROM (SELECT id, row_number() OVER (ORDER BY position, id) - 1 AS rn FROM playlist_items WHERE playlist_id = ${playlistId} AND id != ${itemId})
        UNION ALL SELECT ${itemId}, ${position}
      ) AS r
      WHERE playlist_items.id = r.id AND playlist_items.playlist_id = ${playlistId}`,
  );

/** Appends (or inserts at `position`); "full" when the playlist already holds MAX_PLAYLIST_ITEMS. */
export async function addItem(db: Db, playlistId: string, target: TargetRef<ItemKind>, position?: number) {
  const id = newId();
  const refs = refValues(target) as Record<string, string | undefined>;
  const [inserted] = await db.batch([
    rawRun(
      db,
      sql`INSERT INTO playlist_items (id, playlist_id, position, target_type, target_id, movie_id, series_id, episode_id, media_id, added_at)
        SELECT ${id}, ${playlistId}, coalesce(max(position) + 1, 0), ${target.type}, ${target.id}, ${refs.movieId ?? null}, ${refs.seriesId ?? null},
          ${refs.episodeId ?? null}, ${refs.mediaId ?? null}, ${nowIso()}
        FROM playlist_items WHERE playlist_id = ${playlistId} HAVING count(*) < ${MAX_PLAYLIST_ITEMS}`,
    ),
    ...(position !== undefined ? [move(db, playlistId, id, position)] : []),
    compact(db, playlistId),
    touch(db, playlistId),
  ]);
  return inserted.meta.changes > 0 ? id : ("full" as const);
}

export async function removeItem(db: Db, playlistId: string, itemId: string) {
  const [removed] = await db.batch([
    db
      .delete(playlistItems)
      .where(and(eq(playlistItems.id, itemId), eq(playlistItems.playlistId, playlistId)))
      .returning({ id: playlistItems.id }),
    compact(db, playlistId),
    touch(db, playlistId),
  ]);
  return removed.length > 0;
}

export async function moveItem(db: Db, playlistId: string, itemId: string, position: number) {
  const exists = await db
    .select({ id: playlistItems.id })
    .from(playlistItems)
    .where(and(eq(playlistItems.id, itemId), eq(playlistItems.playlistId, playlistId)))
    .get();
  if (!exists) return false;
  await db.batch([move(db, playlistId, itemId, position), compact(db, playlistId), touch(db, playlistId)]);
  return true;
}

/**
 * Applies a whole new order, but only if `order` names exactly the playlist's current items:
 * the check and the write are one statement, so an edit that lands in between makes it a no-op.
 */
export async function setOrder(db: Db, playlistId: string, order: string[]) {
  const json = JSON.stringify(order);
  const [updated] = await db.batch([
    rawRun(
      db,
      sql`UPDATE playlist_items SET position = o.key
        FROM json_each(${json}) AS o
        WHERE playlist_items.id = o.value AND playlist_items.playlist_id = ${playlistId}
          AND (SELECT count(*) FROM playlist_items WHERE playlist_id = ${playlistId}) = ${order.length}
          AND (SELECT count(*) FROM playlist_items p JOIN json_each(${json}) j ON j.value = p.id WHERE p.playlist_id = ${playlistId}) = ${order.length}`,
    ),
    compact(db, playlistId),
    touch(db, playlistId),
  ]);
  return updated.meta.changes > 0 || order.length === 0;
}
