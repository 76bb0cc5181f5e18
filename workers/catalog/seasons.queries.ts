import { eq, sql } from "drizzle-orm";
import { episodes, seasons, series } from "../db/schema";
import { isForeignKeyViolation } from "../lib/constraints";
import type { Db } from "../lib/context";
import { isUniqueViolation } from "../lib/db";
import { ApiError } from "../lib/errors";
import { newId, nowIso } from "../lib/ids";
import { type EpisodeRow, selectEpisodes, toEpisode, toSeason } from "./titles.queries";

// Seasons and episodes are shown inside their series' detail (and a season count in its list
// entry): the writes here touch D1 only; catalog.writes.ts runs them and bumps the series' scopes.

interface SeasonRow {
  id: string;
  series_id: string;
  number: number;
  title: string | null;
  synopsis: string | null;
  created_at: string;
  updated_at: string;
  episode_count: number;
}

const selectSeasons = sql`SELECT s.*, (SELECT count(*) FROM episodes e WHERE e.season_id = s.id) AS episode_count FROM seasons s`;

async function oneSeason(db: Db, id: string) {
  const row = await db.get<SeasonRow | undefined>(sql`${selectSeasons} WHERE s.id = ${id}`);
  return row && toSeason(row, row.episode_count);
}

export async function seriesExists(db: Db, id: string) {
  return (await db.select({ id: series.id }).from(series).where(eq(series.id, id)).get()) !== undefined;
}

export async function listSeasons(db: Db, seriesId: string) {
  const rows = await db.all<SeasonRow>(sql`${selectSeasons} WHERE s.series_id = ${seriesId} ORDER BY s.number`);
  return rows.map((row) => toSeason(row, row.episode_count));
}

export async function findSeason(db: Db, id: string) {
  const season = await oneSeason(db, id);
  if (!season) return undefined;
  return { ...season, episodes: await listEpisodes(db, id) };
}

function rethrow(err: unknown, what: "season" | "episode", parent: string): never {
  if (isUniqueViolation(err)) throw new ApiError("conflict", `That ${what} number is already taken in this ${parent}`);
  if (isForeignKeyViolation(err)) throw new ApiError("not_found", `No such ${parent}`);
  throw err;
}

export async function createSeason(
  db: Db,
  seriesId: string,
  input: { number: number; title?: string | null; synopsis?: string | null },
) {
  const now = nowIso();
  const id = newId();
  try {
    await db.insert(seasons).values({
      id,
      seriesId,
      number: input.number,
      title: input.title ?? null,
      synopsis: input.synopsis ?? null,
      createdAt: now,
      updatedAt: now,
    });
  } catch (err) {
    rethrow(err, "season", "series");
  }
  return oneSeason(db, id);
}

const seriesOfSeason = (db: Db, id: string) =>
  db.select({ seriesId: seasons.seriesId }).from(seasons).where(eq(seasons.id, id)).get();

export async function updateSeason(
  db: Db,
  id: string,
  changes: { number?: number; title?: string | null; synopsis?: string | null },
) {
  const owner = await seriesOfSeason(db, id);
  if (!owner) return undefined;
  try {
    await db
      .update(seasons)
      .set({ ...changes, updatedAt: nowIso() })
      .where(eq(seasons.id, id));
  } catch (err) {
    rethrow(err, "season", "series");
  }
  return oneSeason(db, id);
}

/** Deletes a season (its episodes go with it); answers its series' id, or undefined when absent. */
export async function deleteSeason(db: Db, id: string): Promise<string | undefined> {
  const [deleted] = await db.delete(seasons).where(eq(seasons.id, id)).returning({ seriesId: seasons.seriesId });
  return deleted?.seriesId;
}

export async function listEpisodes(db: Db, seasonId: string) {
  const rows = await db.all<EpisodeRow>(sql`${selectEpisodes} WHERE e.season_id = ${seasonId} ORDER BY e.number`);
  return rows.map(toEpisode);
}

export async function findEpisode(db: Db, id: string) {
  const row = await db.get<EpisodeRow | undefined>(sql`${selectEpisodes} WHERE e.id = ${id}`);
  return row && toEpisode(row);
}

export interface EpisodeFields {
  number?: number;
  title?: string;
  synopsis?: string | null;
  runtimeMinutes?: number | null;
  airDate?: string | null;
}

export async function createEpisode(db: Db, seasonId: string, input: EpisodeFields & { number: number; title: string }) {
  const owner = await seriesOfSeason(db, seasonId);
  if (!owner) return undefined;
  const now = nowIso();
  const id = newId();
  try {
    await db.insert(episodes).values({
      id,
      seasonId,
      number: input.number,
      title: input.title,
      synopsis: input.synopsis ?? null,
      runtimeMinutes: input.runtimeMinutes ?? null,
      airDate: input.airDate ?? null,
      createdAt: now,
      updatedAt: now,
    });
  } catch (err) {
    rethrow(err, "episode", "season");
  }
  return findEpisode(db, id);
}

export async function updateEpisode(db: Db, id: string, changes: EpisodeFields) {
  const episode = await findEpisode(db, id);
  if (!episode) return undefined;
  try {
    await db
      .update(episodes)
      .set({ ...changes, updatedAt: nowIso() })
      .where(eq(episodes.id, id));
  } catch (err) {
    rethrow(err, "episode", "season");
  }
  return findEpisode(db, id);
}

/** Deletes an episode; answers its series' id, or undefined when absent. */
export async function deleteEpisode(db: Db, id: string): Promise<string | undefined> {
  const episode = await findEpisode(db, id);
  if (!episode) return undefined;
  const deleted = await db.delete(episodes).where(eq(episodes.id, id)).returning({ id: episodes.id });
  return deleted.length > 0 ? episode.seriesId : undefined;
}
