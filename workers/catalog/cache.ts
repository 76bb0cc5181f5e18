import { type SQL, sql } from "drizzle-orm";
import type { Context } from "hono";
import type { AppEnv, Db } from "../lib/context";
import { log } from "../lib/log";
import { rawRun } from "../lib/raw-batch";

/**
 * KV caching for hot catalog reads, made safe by version numbers.
 *
 * KV is eventually consistent (a delete or overwrite can take a minute to reach every
 * location), so "delete the entry on write" would let a reader elsewhere see the old title
 * after the write returned. Instead every cached value is stamped with the version of its
 * scope, a counter kept in D1 (`catalog_versions`) that each write bumps in the same
 * transaction as the data. A reader reads the counter (one primary-key lookup, in parallel
 * with the KV read) and only uses a cached value stamped with exactly that version; once a
 * write has returned, every older value is a miss.
 */
export const CACHE_TTL_SECONDS = 60; // KV's minimum, and short enough for popularity drift.

export type Scope = `movie:${string}` | `series:${string}` | "movies" | "series";

export const listScope = { movie: "movies", series: "series" } as const satisfies Record<string, Scope>;
export const titleScope = (kind: "movie" | "series", id: string): Scope => `${kind}:${id}`;

/** A statement (for the write's own batch) that bumps every scope in `scopes`. */
export function bump(db: Db, scopes: Scope[]) {
  const rows = sql.join(
    scopes.map((scope) => sql`(${scope}, 1)`),
    sql`, `,
  );
  return rawRun(
    db,
    sql`INSERT INTO catalog_versions (scope, version) VALUES ${rows} ON CONFLICT(scope) DO UPDATE SET version = version + 1`,
  );
}

/**
 * A statement that bumps the detail scope of every title matched by `titles`, a query
 * answering one `scope` column. Put it before any statement that unlinks those titles.
 */
export function bumpWhere(db: Db, titles: SQL) {
  return rawRun(
    db,
    sql`INSERT INTO catalog_versions (scope, version) SELECT scope, 1 FROM (${titles}) WHERE true ON CONFLICT(scope) DO UPDATE SET version = version + 1`,
  );
}

/** Titles whose cast includes `characterIds` (a subquery of character ids). */
export const titlesCasting = (characterIds: SQL) => sql`
  SELECT 'movie:' || movie_id AS scope FROM movie_cast WHERE character_id IN (${characterIds})
  UNION SELECT 'series:' || series_id FROM series_cast WHERE character_id IN (${characterIds})`;

async function versionOf(db: Db, scope: Scope): Promise<number> {
  const row = await db.get<{ version: number } | undefined>(sql`SELECT version FROM catalog_versions WHERE scope = ${scope}`);
  return row?.version ?? 0;
}

function jsonText(text: string, cache: "hit" | "miss") {
  return new Response(text, { status: 200, headers: { "content-type": "application/json", "x-cache": cache } });
}

// Hot entries are also kept in this isolate's memory, so a hit costs only the version lookup.
// They are checked against the version exactly like KV entries, so they are never stale either.
const MEMORY_ENTRIES = 256;
const memory = new Map<string, { stamped: string; until: number }>();

function remember(cacheKey: string, stamped: string) {
  memory.delete(cacheKey);
  memory.set(cacheKey, { stamped, until: Date.now() + CACHE_TTL_SECONDS * 1000 });
  if (memory.size > MEMORY_ENTRIES) memory.delete(memory.keys().next().value as string);
}

function recall(cacheKey: string): string | undefined {
  const entry = memory.get(cacheKey);
  if (entry && entry.until > Date.now()) return entry.stamped;
  memory.delete(cacheKey);
  return undefined;
}

/**
 * Answers from cache (this isolate's memory, else KV) when the value cached under `scope` +
 * `key` carries the scope's current version; otherwise runs `load`, answers its JSON and
 * stores it, stamped, in memory and (in waitUntil, off the response path) in KV. `load`
 * answering undefined means "nothing there": the caller turns that into its 404.
 *
 * The response is typed `never` so typed route handlers can return it: the cached text is
 * exactly what `load` produced for the same route, so it already matches the route's schema.
 */
export async function cachedJson(
  c: Context<AppEnv>,
  scope: Scope,
  key: string,
  load: () => Promise<unknown | undefined>,
): Promise<never | undefined> {
  const cacheKey = `catalog:${scope}:${key}`;
  // KV keys are at most 512 bytes; a page behind an unusually long cursor is not cached.
  const cacheable = new TextEncoder().encode(cacheKey).length <= 512;
  const remembered = recall(cacheKey);
  const fromKv = () => (cacheable ? c.env.CACHE.get(cacheKey) : null);
  const [version, first] = await Promise.all([versionOf(c.get("db"), scope), remembered ?? fromKv()]);
  const stamp = `${version}\n`;
  const cached = first?.startsWith(stamp) || remembered === undefined ? first : await fromKv();
  if (cached?.startsWith(stamp)) {
    if (cached !== remembered) remember(cacheKey, cached);
    return jsonText(cached.slice(stamp.length), "hit") as never;
  }
  const value = await load();
  if (value === undefined) return undefined;
  const text = JSON.stringify(value);
  if (cacheable) {
    remember(cacheKey, stamp + text);
    const put = c.env.CACHE.put(cacheKey, stamp + text, { expirationTtl: CACHE_TTL_SECONDS });
    // A failed cache write (KV allows one write per key per second) only costs a later miss.
    c.executionCtx.waitUntil(put.catch((err) => log.warn("catalog_cache_put_failed", { cacheKey, error: String(err) })));
  }
  return jsonText(text, "miss") as never;
}
