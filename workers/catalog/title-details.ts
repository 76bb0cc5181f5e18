import type { z } from "@hono/zod-openapi";
import { and, eq, inArray } from "drizzle-orm";
import type { Context } from "hono";
import { catalogMedia } from "../db/schema";
import type { AppEnv, Db } from "../lib/context";
import { cachedJson, titleScope } from "./cache";
import { findMovieDetail, findSeriesDetail, type TitleKind } from "./titles.queries";
import type { MovieDetailSchema, SeriesDetailSchema } from "./titles.schemas";

// What other domains may use of the catalog's title pages. The catalog serves no title page itself:
// a title's page also shows its likes, so engagement composes it (engagement/title-pages.index.ts)
// from these reads and its own data. Domains depend one way, engagement → catalog.

export { findEpisode } from "./seasons.queries";

export interface TitleDetails {
  movie: z.infer<typeof MovieDetailSchema>;
  series: z.infer<typeof SeriesDetailSchema>;
}

/** The ids among `ids` of `type` that have a playable asset attached (media's catalog_media links). */
async function withAssets(db: Db, type: "movie" | "episode", ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: catalogMedia.titleId })
    .from(catalogMedia)
    .where(and(eq(catalogMedia.titleType, type), inArray(catalogMedia.titleId, ids)));
  return new Set(rows.map((row) => row.id));
}

// Attaching or detaching an asset (media/catalog-link.ts) says so with `titleDetailChanged`.
const finders = {
  async movie(db: Db, id: string) {
    const movie = await findMovieDetail(db, id);
    return movie && { ...movie, playable: (await withAssets(db, "movie", [id])).has(id) };
  },
  async series(db: Db, id: string) {
    const series = await findSeriesDetail(db, id);
    if (!series) return undefined;
    const playable = await withAssets(
      db,
      "episode",
      series.seasons.flatMap((s) => s.episodes.map((e) => e.id)),
    );
    const seasons = series.seasons.map((s) => ({
      ...s,
      episodes: s.episodes.map((e) => ({ ...e, playable: playable.has(e.id) })),
    }));
    return { ...series, seasons };
  },
} as const;

/**
 * A title's detail answered from the catalog cache (scope `movie:<id>` / `series:<id>`), or
 * undefined when there is no such title. On a miss the detail is read from D1 and `extend` adds
 * the caller's own fields before it is cached; whoever changes those fields must say so with
 * `titleDetailChanged` (catalog.writes.ts), as catalog writes do for theirs.
 * @example await cachedTitleDetail(c, "movie", id, (movie) => withLikeCount(db, "movie", id, movie))
 */
export async function cachedTitleDetail<K extends TitleKind>(
  c: Context<AppEnv>,
  kind: K,
  id: string,
  extend: (detail: TitleDetails[K]) => Promise<object>,
): Promise<Response | undefined> {
  return cachedJson(c, titleScope(kind, id), "detail", async () => {
    const detail = (await finders[kind](c.get("db"), id)) as TitleDetails[K] | undefined;
    return detail && extend(detail);
  });
}
