import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// Full-text search (search_documents + the catalog_fts FTS5 table and the triggers that keep
// them in sync with movies, series, episodes and people) lives in a custom migration,
// migrations/*_catalog_search.sql: drizzle cannot express virtual tables or triggers.
// Changing a catalog table in a way that makes drizzle-kit recreate it drops its triggers,
// so such a migration must recreate them too.

export const genres = sqliteTable(
  "genres",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [uniqueIndex("genres_name_unique").on(sql`lower(${t.name})`)],
);

export const people = sqliteTable(
  "people",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    // ISO date (YYYY-MM-DD).
    birthDate: text("birth_date"),
    bio: text("bio"),
    photoKey: text("photo_key"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("people_name_idx").on(t.name, t.id)],
);

/** A role a person plays; a title's cast is a list of characters. */
export const characters = sqliteTable(
  "characters",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    personId: text("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "restrict" }),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("characters_person_idx").on(t.personId, t.id)],
);

export const titleAccessLevels = ["free", "subscription"] as const;
export type TitleAccess = (typeof titleAccessLevels)[number];

export const movies = sqliteTable(
  "movies",
  {
    id: text("id").primaryKey(),
    title: text("title").notNull(),
    originalTitle: text("original_title"),
    synopsis: text("synopsis"),
    releaseYear: integer("release_year"),
    runtimeMinutes: integer("runtime_minutes").notNull(),
    maturityRating: text("maturity_rating"),
    // JSON array of BCP 47 language tags, e.g. ["en","es"].
    languages: text("languages", { mode: "json" }).$type<string[]>().notNull().default([]),
    posterKey: text("poster_key"),
    backdropKey: text("backdrop_key"),
    // Maintained by whoever measures audience (views, likes); drives `sort=popular`.
    // Who may stream it: everyone signed in (`free`), or subscribers whose plan has every feature
    // in `requiredFeatures` (billing/entitlements.ts). A series' episodes follow the series.
    access: text("access", { enum: titleAccessLevels }).notNull().default("free"),
    requiredFeatures: text("required_features", { mode: "json" }).$type<string[]>().notNull().default([]),
    popularity: integer("popularity").notNull().default(0),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    index("movies_title_id_idx").on(t.title, t.id),
    index("movies_year_id_idx").on(t.releaseYear, t.id),
    index("movies_popularity_id_idx").on(t.popularity, t.id),
    index("movies_created_id_idx").on(t.createdAt, t.id),
  ],
);

export const series = sqliteTable(
  "series",
  {
    id: text("id").primaryKey(),
    title: text("title").notNull(),
    originalTitle: text("original_title"),
    synopsis: text("synopsis"),
    releaseYear: integer("release_year"),
    // Typical episode length.
    runtimeMinutes: integer("runtime_minutes"),
    maturityRating: text("maturity_rating"),
    languages: text("languages", { mode: "json" }).$type<string[]>().notNull().default([]),
    posterKey: text("poster_key"),
    backdropKey: text("backdrop_key"),
    // Who may stream it: everyone signed in (`free`), or subscribers whose plan has every feature
    // in `requiredFeatures` (billing/entitlements.ts). A series' episodes follow the series.
    access: text("access", { enum: titleAccessLevels }).notNull().default("free"),
    requiredFeatures: text("required_features", { mode: "json" }).$type<string[]>().notNull().default([]),
    popularity: integer("popularity").notNull().default(0),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    index("series_title_id_idx").on(t.title, t.id),
    index("series_year_id_idx").on(t.releaseYear, t.id),
    index("series_popularity_id_idx").on(t.popularity, t.id),
    index("series_created_id_idx").on(t.createdAt, t.id),
  ],
);

export const seasons = sqliteTable(
  "seasons",
  {
    id: text("id").primaryKey(),
    seriesId: text("series_id")
      .notNull()
      .references(() => series.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    title: text("title"),
    synopsis: text("synopsis"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [uniqueIndex("seasons_series_number_unique").on(t.seriesId, t.number)],
);

export const episodes = sqliteTable(
  "episodes",
  {
    id: text("id").primaryKey(),
    seasonId: text("season_id")
      .notNull()
      .references(() => seasons.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    title: text("title").notNull(),
    synopsis: text("synopsis"),
    runtimeMinutes: integer("runtime_minutes"),
    // ISO date (YYYY-MM-DD).
    airDate: text("air_date"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [uniqueIndex("episodes_season_number_unique").on(t.seasonId, t.number)],
);

export const movieGenres = sqliteTable(
  "movie_genres",
  {
    movieId: text("movie_id")
      .notNull()
      .references(() => movies.id, { onDelete: "cascade" }),
    genreId: text("genre_id")
      .notNull()
      .references(() => genres.id, { onDelete: "restrict" }),
  },
  (t) => [primaryKey({ columns: [t.movieId, t.genreId] }), index("movie_genres_genre_idx").on(t.genreId, t.movieId)],
);

export const seriesGenres = sqliteTable(
  "series_genres",
  {
    seriesId: text("series_id")
      .notNull()
      .references(() => series.id, { onDelete: "cascade" }),
    genreId: text("genre_id")
      .notNull()
      .references(() => genres.id, { onDelete: "restrict" }),
  },
  (t) => [primaryKey({ columns: [t.seriesId, t.genreId] }), index("series_genres_genre_idx").on(t.genreId, t.seriesId)],
);

export const movieCast = sqliteTable(
  "movie_cast",
  {
    movieId: text("movie_id")
      .notNull()
      .references(() => movies.id, { onDelete: "cascade" }),
    characterId: text("character_id")
      .notNull()
      .references(() => characters.id, { onDelete: "cascade" }),
    // Billing order, from 0.
    position: integer("position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.movieId, t.characterId] }), index("movie_cast_character_idx").on(t.characterId, t.movieId)],
);

export const seriesCast = sqliteTable(
  "series_cast",
  {
    seriesId: text("series_id")
      .notNull()
      .references(() => series.id, { onDelete: "cascade" }),
    characterId: text("character_id")
      .notNull()
      .references(() => characters.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.seriesId, t.characterId] }), index("series_cast_character_idx").on(t.characterId, t.seriesId)],
);

/**
 * The catalog cache's version counters before they moved into the CatalogVersions Durable
 * Objects (durable-objects/catalog-versions.ts). Nothing reads or writes it any more; it stays
 * for one release so a Worker still running the previous code keeps working while a deploy
 * rolls out, and the next release's migration drops it.
 */
export const catalogVersions = sqliteTable("catalog_versions", {
  scope: text("scope").primaryKey(),
  version: integer("version").notNull(),
});
