import type { z } from "@hono/zod-openapi";
import { eq, type SQL, sql } from "drizzle-orm";
import {
  characters,
  genres,
  movieCast,
  movieGenres,
  movies,
  series,
  seriesCast,
  seriesGenres,
  type TitleAccess,
} from "../db/schema";
import { artworkUrl } from "../lib/artwork-urls";
import { isForeignKeyViolation } from "../lib/constraints";
import type { Db } from "../lib/context";
import { ApiError } from "../lib/errors";
import { newId, nowIso } from "../lib/ids";
import { rawAll } from "../lib/raw-batch";
import type { After } from "./cursor";
import { assertExist } from "./refs";
import type { MovieDetailSchema, SeriesDetailSchema, Sort, TitleInput, TitleListFilters, TitleUpdate } from "./titles.schemas";

export type TitleKind = "movie" | "series";

// Movies and series have the same columns (a series' runtime is its typical episode length),
// so one set of queries serves both; only these names differ.
const kinds = {
  movie: {
    table: movies,
    genres: movieGenres,
    genreFk: movieGenres.movieId,
    cast: movieCast,
    castFk: movieCast.movieId,
    fkField: "movieId",
    sqlNames: { table: "movies", genres: "movie_genres", cast: "movie_cast", fk: "movie_id" },
  },
  series: {
    table: series,
    genres: seriesGenres,
    genreFk: seriesGenres.seriesId,
    cast: seriesCast,
    castFk: seriesCast.seriesId,
    fkField: "seriesId",
    sqlNames: { table: "series", genres: "series_genres", cast: "series_cast", fk: "series_id" },
  },
} as const;

// drizzle types the two tables apart although their columns match, so writes go through
// the movies types (the SQL is the same) and reads through raw SQL.
const tableOf = (kind: TitleKind) => kinds[kind].table as typeof movies;
const genreLinks = (kind: TitleKind) => kinds[kind].genres as typeof movieGenres;
const castLinks = (kind: TitleKind) => kinds[kind].cast as typeof movieCast;
const ident = (kind: TitleKind) => {
  const names = kinds[kind].sqlNames;
  return { table: sql.raw(names.table), genres: sql.raw(names.genres), cast: sql.raw(names.cast), fk: sql.raw(names.fk) };
};

interface TitleRow {
  id: string;
  title: string;
  original_title: string | null;
  synopsis: string | null;
  release_year: number | null;
  runtime_minutes: number | null;
  maturity_rating: string | null;
  languages: string;
  poster_key: string | null;
  backdrop_key: string | null;
  popularity: number;
  access: TitleAccess;
  required_features: string;
  created_at: string;
  updated_at: string;
  genre_ids: string;
  season_count?: number;
}

function selectTitles(kind: TitleKind) {
  const { table, genres: links, fk } = ident(kind);
  const seasons = kind === "series" ? sql`, (SELECT count(*) FROM seasons s WHERE s.series_id = t.id) AS season_count` : sql``;
  return sql`SELECT t.*, (SELECT json_group_array(genre_id) FROM ${links} g WHERE g.${fk} = t.id) AS genre_ids${seasons} FROM ${table} t`;
}

function toSummary(row: TitleRow) {
  return {
    id: row.id,
    title: row.title,
    originalTitle: row.original_title,
    synopsis: row.synopsis,
    releaseYear: row.release_year,
    runtimeMinutes: row.runtime_minutes,
    maturityRating: row.maturity_rating,
    languages: JSON.parse(row.languages) as string[],
    genres: JSON.parse(row.genre_ids) as string[],
    posterUrl: artworkUrl(row.poster_key),
    backdropUrl: artworkUrl(row.backdrop_key),
    popularity: row.popularity,
    access: row.access,
    requiredFeatures: JSON.parse(row.required_features) as string[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.season_count === undefined ? {} : { seasonCount: row.season_count }),
  };
}

export type TitleSummary = ReturnType<typeof toSummary>;

// Each sort is a keyset over (column, id); descending sorts also break ties by descending id,
// so a single index on (column, id) serves every direction.
const orderings: Record<Sort, { column: string; descending: boolean; key: (r: TitleRow) => string | number | null }> = {
  title: { column: "title", descending: false, key: (r) => r.title },
  year: { column: "release_year", descending: true, key: (r) => r.release_year },
  popular: { column: "popularity", descending: true, key: (r) => r.popularity },
  recent: { column: "created_at", descending: true, key: (r) => r.created_at },
};

/** One page of titles (limit + 1 rows, for `page`), with the sort key of each row. */
export async function listTitles(db: Db, kind: TitleKind, filters: TitleListFilters, after: After | undefined) {
  const { cast, genres: links, fk } = ident(kind);
  const conditions: SQL[] = [];
  if (filters.genre)
    conditions.push(sql`EXISTS (SELECT 1 FROM ${links} g WHERE g.${fk} = t.id AND g.genre_id = ${filters.genre})`);
  if (filters.year !== undefined) conditions.push(sql`t.release_year = ${filters.year}`);
  if (filters.language) conditions.push(sql`EXISTS (SELECT 1 FROM json_each(t.languages) WHERE value = ${filters.language})`);
  if (filters.person) {
    conditions.push(sql`EXISTS (SELECT 1 FROM ${cast} c JOIN characters ch ON ch.id = c.character_id
      WHERE c.${fk} = t.id AND ch.person_id = ${filters.person})`);
  }
  const order = orderings[filters.sort];
  const column = sql.raw(`t.${order.column}`);
  const direction = sql.raw(order.descending ? "DESC" : "ASC");
  if (after) conditions.push(sql`(${column}, t.id) ${sql.raw(order.descending ? "<" : ">")} (${after[0]}, ${after[1]})`);
  const where = conditions.length > 0 ? sql` WHERE ${sql.join(conditions, sql` AND `)}` : sql``;
  const rows = await db.all<TitleRow>(
    sql`${selectTitles(kind)}${where} ORDER BY ${column} ${direction}, t.id ${direction} LIMIT ${filters.limit + 1}`,
  );
  return rows.map((row) => ({ item: toSummary(row), key: [order.key(row) ?? 0, row.id] as [string | number, string] }));
}

interface CastRow {
  character_id: string;
  character_name: string;
  person_id: string;
  person_name: string;
  photo_key: string | null;
}

interface SeasonRow {
  id: string;
  series_id: string;
  number: number;
  title: string | null;
  synopsis: string | null;
  created_at: string;
  updated_at: string;
}

export interface EpisodeRow {
  id: string;
  season_id: string;
  series_id: string;
  season_number: number;
  number: number;
  title: string;
  synopsis: string | null;
  runtime_minutes: number | null;
  air_date: string | null;
  created_at: string;
  updated_at: string;
}

export const toEpisode = (row: EpisodeRow) => ({
  id: row.id,
  seasonId: row.season_id,
  seriesId: row.series_id,
  seasonNumber: row.season_number,
  number: row.number,
  title: row.title,
  synopsis: row.synopsis,
  runtimeMinutes: row.runtime_minutes,
  airDate: row.air_date,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export const selectEpisodes = sql`SELECT e.*, s.series_id, s.number AS season_number FROM episodes e JOIN seasons s ON s.id = e.season_id`;

/** A title with its genres, cast and (for a series) the season/episode tree; undefined when absent. */
export async function findTitleDetail(db: Db, kind: TitleKind, id: string) {
  const { cast, genres: links, fk } = ident(kind);
  const [rows, genreRows, castRows] = await db.batch([
    rawAll<TitleRow>(db, sql`${selectTitles(kind)} WHERE t.id = ${id}`),
    rawAll<{ id: string; name: string }>(
      db,
      sql`SELECT g.id, g.name FROM ${links} l JOIN genres g ON g.id = l.genre_id WHERE l.${fk} = ${id} ORDER BY g.name`,
    ),
    rawAll<CastRow>(
      db,
      sql`SELECT ch.id AS character_id, ch.name AS character_name, p.id AS person_id, p.name AS person_name, p.photo_key
      FROM ${cast} c JOIN characters ch ON ch.id = c.character_id JOIN people p ON p.id = ch.person_id
      WHERE c.${fk} = ${id} ORDER BY c.position`,
    ),
  ]);
  const row = rows[0];
  if (!row) return undefined;
  const detail = {
    ...toSummary(row),
    genres: genreRows,
    cast: castRows.map((c) => ({
      character: { id: c.character_id, name: c.character_name },
      person: { id: c.person_id, name: c.person_name, photoUrl: artworkUrl(c.photo_key) },
    })),
  };
  if (kind === "movie") return detail;
  const [seasonRows, episodeRows] = await db.batch([
    rawAll<SeasonRow>(db, sql`SELECT * FROM seasons WHERE series_id = ${id} ORDER BY number`),
    rawAll<EpisodeRow>(db, sql`${selectEpisodes} WHERE s.series_id = ${id} ORDER BY e.number`),
  ]);
  const seasons = seasonRows.map((s) => {
    const episodes = episodeRows.filter((e) => e.season_id === s.id).map(toEpisode);
    return { ...toSeason(s, episodes.length), episodes };
  });
  return { ...detail, seasons };
}

export const toSeason = (row: SeasonRow, episodeCount: number) => ({
  id: row.id,
  seriesId: row.series_id,
  number: row.number,
  title: row.title,
  synopsis: row.synopsis,
  episodeCount,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** Runs a write that links genres or characters; links that vanished meanwhile become the same 422. */
async function withLinks<T>(db: Db, links: { genres?: string[]; cast?: string[] }, write: () => Promise<T>): Promise<T> {
  const check = async () => {
    await assertExist(db, genres, genres.id, links.genres ?? [], "genre");
    await assertExist(db, characters, characters.id, links.cast ?? [], "character");
  };
  await check();
  try {
    return await write();
  } catch (err) {
    if (!isForeignKeyViolation(err)) throw err;
    await check();
    // Every link exists, so it was the title itself that went away meanwhile.
    throw new ApiError("not_found", "This title no longer exists");
  }
}

function genreRows(kind: TitleKind, id: string, genreIds: string[]) {
  return genreIds.map((genreId) => ({ [kinds[kind].fkField]: id, genreId }) as typeof movieGenres.$inferInsert);
}

/** Creates a title and its genre links in one transaction. */
export async function createTitle(db: Db, kind: TitleKind, input: TitleInput): Promise<string> {
  const now = nowIso();
  const id = newId();
  const { genres: genreIds, ...fields } = input;
  const row = {
    ...fields,
    id,
    originalTitle: fields.originalTitle ?? null,
    synopsis: fields.synopsis ?? null,
    maturityRating: fields.maturityRating ?? null,
    runtimeMinutes: fields.runtimeMinutes ?? null,
    createdAt: now,
    updatedAt: now,
  } as typeof movies.$inferInsert;
  await withLinks(db, { genres: genreIds }, async () => {
    const inserts = genreIds.length > 0 ? [db.insert(genreLinks(kind)).values(genreRows(kind, id, genreIds))] : [];
    await db.batch([db.insert(tableOf(kind)).values(row), ...inserts]);
  });
  return id;
}

async function exists(db: Db, kind: TitleKind, id: string) {
  const table = tableOf(kind);
  return (await db.select({ id: table.id }).from(table).where(eq(table.id, id)).get()) !== undefined;
}

/** Changes a title (and replaces its genres when given), in one transaction; false when absent. */
export async function updateTitle(db: Db, kind: TitleKind, id: string, changes: TitleUpdate): Promise<boolean> {
  if (!(await exists(db, kind, id))) return false;
  const { genres: genreIds, ...fields } = changes;
  const table = tableOf(kind);
  const links = genreLinks(kind);
  await withLinks(db, { genres: genreIds }, async () => {
    const genreWrites =
      genreIds === undefined
        ? []
        : [
            db.delete(links).where(eq(kinds[kind].genreFk, id)),
            ...(genreIds.length > 0 ? [db.insert(links).values(genreRows(kind, id, genreIds))] : []),
          ];
    await db.batch([
      db
        .update(table)
        .set({ ...(fields as Partial<typeof movies.$inferInsert>), updatedAt: nowIso() })
        .where(eq(table.id, id)),
      ...genreWrites,
    ]);
  });
  return true;
}

/** Replaces a title's cast (character ids in billing order) in one transaction; false when absent. */
export async function setCast(db: Db, kind: TitleKind, id: string, characterIds: string[]): Promise<boolean> {
  if (!(await exists(db, kind, id))) return false;
  const links = castLinks(kind);
  const rows = characterIds.map(
    (characterId, position) => ({ [kinds[kind].fkField]: id, characterId, position }) as typeof movieCast.$inferInsert,
  );
  await withLinks(db, { cast: characterIds }, async () => {
    await db.batch([
      db.delete(links).where(eq(kinds[kind].castFk, id)),
      ...(rows.length > 0 ? [db.insert(links).values(rows)] : []),
      db
        .update(tableOf(kind))
        .set({ updatedAt: nowIso() })
        .where(eq(tableOf(kind).id, id)),
    ]);
  });
  return true;
}

/** Deletes a title; its genre links, cast and (for a series) seasons and episodes go with it. */
export async function deleteTitle(db: Db, kind: TitleKind, id: string): Promise<boolean> {
  const table = tableOf(kind);
  try {
    const deleted = await db.delete(table).where(eq(table.id, id)).returning({ id: table.id });
    return deleted.length > 0;
  } catch (err) {
    // Another module (showtimes, say) still points at the title.
    if (isForeignKeyViolation(err)) throw new ApiError("conflict", "Other records (such as showtimes) still refer to this title");
    throw err;
  }
}

export type ArtworkColumn = "posterKey" | "backdropKey";

/** Points a title's poster or backdrop at a stored object (or at nothing); false when absent. */
export async function setTitleArtwork(db: Db, kind: TitleKind, id: string, column: ArtworkColumn, key: string | null) {
  const table = tableOf(kind);
  const updated = await db
    .update(table)
    .set({ [column]: key, updatedAt: nowIso() })
    .where(eq(table.id, id))
    .returning({ id: table.id });
  return updated.length > 0;
}

// The movies table's runtime is NOT NULL, and a series detail always carries its seasons;
// these two views give each route the exact type its schema describes.
export const findMovieDetail = (db: Db, id: string) =>
  findTitleDetail(db, "movie", id) as Promise<z.infer<typeof MovieDetailSchema> | undefined>;
export const findSeriesDetail = (db: Db, id: string) =>
  findTitleDetail(db, "series", id) as Promise<z.infer<typeof SeriesDetailSchema> | undefined>;
