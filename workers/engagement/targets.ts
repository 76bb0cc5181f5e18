import { z } from "@hono/zod-openapi";
import { and, eq, inArray, or, sql } from "drizzle-orm";
import type { LikeTarget, TitleType } from "../db/schema";
import { episodes, mediaItems, mediaShares, movies, seasons, series } from "../db/schema";
import { artworkUrl } from "../lib/artwork-urls";
import type { AuthContext, Db } from "../lib/context";

/** Every kind of thing engagement can point at. */
export type TargetKind = LikeTarget;
export type ItemKind = Exclude<TargetKind, "comment">;

export interface TargetRef<K extends TargetKind = TargetKind> {
  type: K;
  id: string;
}

const refColumn = {
  movie: "movieId",
  series: "seriesId",
  episode: "episodeId",
  media: "mediaId",
  comment: "commentId",
} as const;

/** The uniform (targetType, targetId) pair plus the one foreign-key column of this kind, for an insert. */
export function refValues<K extends TargetKind>(ref: TargetRef<K>) {
  return { targetType: ref.type, targetId: ref.id, [refColumn[ref.type]]: ref.id } as {
    targetType: K;
    targetId: string;
  } & Partial<Record<(typeof refColumn)[K], string>>;
}

/** Body fields naming one item: `{movieId | seriesId | episodeId | mediaId}`, exactly one. */
export function targetFields<K extends ItemKind>(kinds: readonly K[]) {
  const id = z.string().min(1).max(64);
  const shape = Object.fromEntries(kinds.map((k) => [`${k}Id`, id.optional()])) as Record<`${K}Id`, z.ZodOptional<typeof id>>;
  return shape;
}

export const exactlyOne = (kinds: readonly ItemKind[]) => ({
  check: (input: Record<string, unknown>) => kinds.filter((k) => input[`${k}Id`] !== undefined).length === 1,
  message: `Name exactly one of ${kinds.map((k) => `${k}Id`).join(", ")}`,
});

/** The item a validated body names (its refine guarantees exactly one). */
export function pickTarget<K extends ItemKind>(kinds: readonly K[], input: Partial<Record<`${K}Id`, string>>): TargetRef<K> {
  for (const kind of kinds) {
    const id = input[`${kind}Id` as `${K}Id`];
    if (id !== undefined) return { type: kind, id };
  }
  throw new Error("pickTarget: the body's refine should have named one target");
}

export interface ItemSummary {
  type: ItemKind;
  id: string;
  title: string | null;
  posterUrl: string | null;
  /** For an episode: its series, season and episode numbers. */
  seriesId?: string;
  seasonNumber?: number;
  episodeNumber?: number;
  /** False when the thing is gone or (media) the viewer may not see it; title and poster are then null. */
  available: boolean;
}

export const ItemSummarySchema = z
  .object({
    type: z.enum(["movie", "series", "episode", "media"]),
    id: z.string(),
    title: z.string().nullable(),
    posterUrl: z.string().nullable(),
    seriesId: z.string().optional(),
    seasonNumber: z.number().int().optional(),
    episodeNumber: z.number().int().optional(),
    available: z.boolean(),
  })
  .openapi("ItemSummary");

const key = (type: string, id: string) => `${type}:${id}`;

/** Summaries (id, title, poster) of many items in one batch; media only for its owner and those it is shared with. */
export async function summarize(
  db: Db,
  viewerId: string | undefined,
  refs: TargetRef<ItemKind>[],
): Promise<Map<string, ItemSummary>> {
  const ids = (kind: ItemKind) => [...new Set(refs.filter((r) => r.type === kind).map((r) => r.id))];
  const [movieIds, seriesIds, episodeIds, mediaIds] = [ids("movie"), ids("series"), ids("episode"), ids("media")];
  const none = sql`0`;
  const [movieRows, seriesRows, episodeRows, mediaRows] = await db.batch([
    db
      .select({ id: movies.id, title: movies.title, posterKey: movies.posterKey })
      .from(movies)
      .where(movieIds.length ? inArray(movies.id, movieIds) : none),
    db
      .select({ id: series.id, title: series.title, posterKey: series.posterKey })
      .from(series)
      .where(seriesIds.length ? inArray(series.id, seriesIds) : none),
    db
      .select({
        id: episodes.id,
        title: episodes.title,
        number: episodes.number,
        // Aliased: inside a D1 batch rows come back by column name, and these names repeat across the join.
        seasonNumber: sql<number>`${seasons.number}`.as("season_number"),
        seriesId: seasons.seriesId,
        posterKey: sql<string | null>`${series.posterKey}`.as("series_poster_key"),
      })
      .from(episodes)
      .innerJoin(seasons, eq(seasons.id, episodes.seasonId))
      .innerJoin(series, eq(series.id, seasons.seriesId))
      .where(episodeIds.length ? inArray(episodes.id, episodeIds) : none),
    db
      .selectDistinct({ id: mediaItems.id, title: mediaItems.title })
      .from(mediaItems)
      .leftJoin(mediaShares, eq(mediaShares.mediaId, mediaItems.id))
      .where(
        mediaIds.length && viewerId
          ? and(inArray(mediaItems.id, mediaIds), or(eq(mediaItems.ownerId, viewerId), eq(mediaShares.userId, viewerId)))
          : none,
      ),
  ]);
  const out = new Map<string, ItemSummary>();
  for (const r of refs) out.set(key(r.type, r.id), { type: r.type, id: r.id, title: null, posterUrl: null, available: false });
  for (const m of movieRows)
    out.set(key("movie", m.id), { type: "movie", id: m.id, title: m.title, posterUrl: artworkUrl(m.posterKey), available: true });
  for (const s of seriesRows)
    out.set(key("series", s.id), {
      type: "series",
      id: s.id,
      title: s.title,
      posterUrl: artworkUrl(s.posterKey),
      available: true,
    });
  for (const e of episodeRows) {
    out.set(key("episode", e.id), {
      type: "episode",
      id: e.id,
      title: e.title,
      posterUrl: artworkUrl(e.posterKey),
      seriesId: e.seriesId,
      seasonNumber: e.seasonNumber,
      episodeNumber: e.number,
      available: true,
    });
  }
  for (const m of mediaRows)
    out.set(key("media", m.id), { type: "media", id: m.id, title: m.title, posterUrl: null, available: true });
  return out;
}

export const summaryOf = (map: Map<string, ItemSummary>, ref: TargetRef<ItemKind>) =>
  map.get(key(ref.type, ref.id)) ?? { type: ref.type, id: ref.id, title: null, posterUrl: null, available: false };

/**
 * Whether `viewer` may see the item, and the catalog title it counts for (an episode counts
 * for its series). Undefined answers 404 upstream: missing, or media that is not theirs or
 * shared with them (admins see all media, as in the media module).
 */
export async function resolveItem(
  db: Db,
  viewer: AuthContext | undefined,
  ref: TargetRef<ItemKind>,
): Promise<{ titleType: TitleType; titleId: string; ownerId?: string } | undefined> {
  switch (ref.type) {
    case "movie": {
      const row = await db.select({ id: movies.id }).from(movies).where(eq(movies.id, ref.id)).get();
      return row && { titleType: "movie", titleId: row.id };
    }
    case "series": {
      const row = await db.select({ id: series.id }).from(series).where(eq(series.id, ref.id)).get();
      return row && { titleType: "series", titleId: row.id };
    }
    case "episode": {
      const row = await db
        .select({ seriesId: seasons.seriesId })
        .from(episodes)
        .innerJoin(seasons, eq(seasons.id, episodes.seasonId))
        .where(eq(episodes.id, ref.id))
        .get();
      return row && { titleType: "series", titleId: row.seriesId };
    }
    case "media": {
      if (!viewer) return undefined;
      const row = await db
        .select({ ownerId: mediaItems.ownerId, sharedWith: mediaShares.userId })
        .from(mediaItems)
        .leftJoin(mediaShares, and(eq(mediaShares.mediaId, mediaItems.id), eq(mediaShares.userId, viewer.userId)))
        .where(eq(mediaItems.id, ref.id))
        .get();
      if (!row) return undefined;
      if (row.ownerId !== viewer.userId && !row.sharedWith && viewer.role !== "admin") return undefined;
      return { titleType: "media", titleId: ref.id, ownerId: row.ownerId };
    }
  }
}

export const kindNoun: Record<TargetKind, string> = {
  movie: "movie",
  series: "series",
  episode: "episode",
  media: "media item",
  comment: "comment",
};
