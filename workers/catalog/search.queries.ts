import { sql } from "drizzle-orm";
import { artworkUrl } from "../lib/artwork-urls";
import type { Db } from "../lib/context";
import { log } from "../lib/log";

export const searchTypes = ["movie", "series", "episode", "person"] as const;
export type SearchType = (typeof searchTypes)[number];

const MAX_TOKENS = 12;

/**
 * Turns what a user typed into an FTS5 query that cannot be misread as FTS syntax: each run
 * of letters and digits becomes a quoted phrase with a prefix star, so every word matches as
 * typed so far ("nebu ris" -> `"nebu"* "ris"*`, implicitly ANDed). Quotes, parentheses, `-`,
 * `:`, `^`, `NEAR`, `AND`... are either dropped or end up inside quotes, as plain text.
 * Undefined when nothing searchable is left.
 */
export function ftsQuery(text: string): string | undefined {
  const tokens = text.normalize("NFKC").match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu);
  if (!tokens) return undefined;
  return tokens
    .slice(0, MAX_TOKENS)
    .map((token) => `"${token}"*`)
    .join(" ");
}

interface HitRow {
  kind: SearchType;
  ref_id: string;
  title: string;
  release_year: number | null;
  image_key: string | null;
  series_id: string | null;
  season_number: number | null;
  episode_number: number | null;
}

/** Best matches first (bm25, a title hit weighs ten times a synopsis or bio hit). */
export async function search(db: Db, opts: { q: string; type?: SearchType; offset: number; limit: number }) {
  const match = ftsQuery(opts.q);
  if (!match) return [];
  // Without a type, rank straight from the index; joining the documents only to filter by kind.
  const matches = opts.type
    ? sql`FROM catalog_fts JOIN search_documents d ON d.id = catalog_fts.rowid WHERE catalog_fts MATCH ${match} AND d.kind = ${opts.type}`
    : sql`FROM catalog_fts WHERE catalog_fts MATCH ${match}`;
  try {
    const rows = await db.all<HitRow>(sql`
      SELECT d.kind, d.ref_id, d.title,
        coalesce(m.release_year, s.release_year) AS release_year,
        coalesce(m.poster_key, s.poster_key, p.photo_key) AS image_key,
        se.series_id, se.number AS season_number, e.number AS episode_number
      FROM (
        SELECT catalog_fts.rowid AS id, bm25(catalog_fts, 10.0, 1.0) AS score
        ${matches}
        ORDER BY score LIMIT ${opts.limit + 1} OFFSET ${opts.offset}
      ) hit
      JOIN search_documents d ON d.id = hit.id
      LEFT JOIN movies m ON d.kind = 'movie' AND m.id = d.ref_id
      LEFT JOIN series s ON d.kind = 'series' AND s.id = d.ref_id
      LEFT JOIN people p ON d.kind = 'person' AND p.id = d.ref_id
      LEFT JOIN episodes e ON d.kind = 'episode' AND e.id = d.ref_id
      LEFT JOIN seasons se ON se.id = e.season_id
      ORDER BY hit.score, d.id`);
    return rows.map(toHit);
  } catch (err) {
    // The query is built to be valid FTS; if SQLite still refuses it, that is "no results",
    // never a 500 for the user who typed it.
    if (!String(err instanceof Error ? (err.cause ?? err) : err).includes("fts5")) throw err;
    log.warn("search_query_refused", { match });
    return [];
  }
}

function toHit(row: HitRow) {
  return {
    type: row.kind,
    id: row.ref_id,
    title: row.title,
    releaseYear: row.release_year,
    imageUrl: artworkUrl(row.image_key),
    ...(row.kind === "episode"
      ? { seriesId: row.series_id, seasonNumber: row.season_number, episodeNumber: row.episode_number }
      : {}),
  };
}
