import { type SQL, sql } from "drizzle-orm";
import type { Context } from "hono";
import type { AppEnv, Db } from "../lib/context";
import { IsolateCache } from "../lib/isolate-cache";
import { log } from "../lib/log";
import { rawAll } from "../lib/raw-batch";
import { catalogVersions } from "./versions.contract";

/**
 * KV caching for hot catalog reads, made safe by version numbers.
 *
 * KV is eventually consistent (a delete or overwrite can take a minute to reach every
 * location), so "delete the entry on write" would let a reader elsewhere see the old title
 * after the write returned. Instead every cached value is stamped with the version of its
 * scope, a counter kept by the CatalogVersions Durable Objects (strongly consistent, one RPC
 * with no storage I/O to read). A write bumps the scopes it touched after its D1 transaction
 * commits and before it answers; a reader asks for the version (in parallel with the cache
 * read) and only uses a value stamped with exactly that version, so once a write has
 * returned every older value is a miss. A Worker that dies between the commit and the bump
 * answers its client with an error, and readers may see the previous value until the
 * entry's TTL ends (at most CACHE_TTL_SECONDS).
 *
 * The counters are not in D1 because D1 is the costly hop on the read path; a DO RPC is the
 * same kind of call the session check makes on every signed-in request.
 */
export const CACHE_TTL_SECONDS = 60; // KV's minimum, and short enough for popularity drift.

/** A title's detail, a list (every page of it), or every search answer. */
export type Scope = `movie:${string}` | `series:${string}` | "movies" | "series" | "search";

export const listScope = { movie: "movies", series: "series" } as const satisfies Record<string, Scope>;
export const titleScope = (kind: "movie" | "series", id: string): Scope => `${kind}:${id}`;

// Scopes are spread over a few objects so no single one serves every catalog read; the two
// list scopes (every list page) each land on one of them.
const SHARDS = 16;

function shardOf(scope: string): number {
  let hash = 2166136261; // FNV-1a
  for (let i = 0; i < scope.length; i++) hash = Math.imul(hash ^ scope.charCodeAt(i), 16777619);
  return (hash >>> 0) % SHARDS;
}

/**
 * Bumps every scope in `scopes`; call it after the write's D1 transaction has committed, before
 * answering. Only catalog.writes.ts calls it: every catalog write goes through that module.
 */
export async function bump(env: Env, scopes: Scope[]): Promise<void> {
  const byShard = new Map<number, Scope[]>();
  for (const scope of new Set(scopes)) byShard.set(shardOf(scope), [...(byShard.get(shardOf(scope)) ?? []), scope]);
  await Promise.all([...byShard].map(([shard, group]) => catalogVersions(env, shard).bump(group)));
}

/**
 * A statement for the write's own batch that reads the detail scopes of every title matched by
 * `titles` (a query answering one `scope` column): after an update, before a delete, so the
 * set is exactly the titles showing the row when the write commits. Bump `scopesOf(rows)`.
 */
export const scopesWhere = (db: Db, titles: SQL) => rawAll<{ scope: Scope }>(db, titles);
export const scopesOf = (rows: { scope: Scope }[]): Scope[] => rows.map((row) => row.scope);

/** Titles whose cast includes `characterIds` (a subquery of character ids). */
export const titlesCasting = (characterIds: SQL) => sql`
  SELECT 'movie:' || movie_id AS scope FROM movie_cast WHERE character_id IN (${characterIds})
  UNION SELECT 'series:' || series_id FROM series_cast WHERE character_id IN (${characterIds})`;

const versionOf = (env: Env, scope: Scope): Promise<number> => catalogVersions(env, shardOf(scope)).version(scope);

function jsonText(text: string, cache: "hit" | "miss" | "bypass") {
  return new Response(text, { status: 200, headers: { "content-type": "application/json", "x-cache": cache } });
}

// Hot entries are also kept in this isolate's memory, so a hit costs only the version lookup.
// They are checked against the version exactly like KV entries, so they are never stale either.
const memory = new IsolateCache<string>(256, CACHE_TTL_SECONDS * 1000);

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
  // v2: entries stamped with the counters that lived in D1 (same numbers, older shape) never match.
  const cacheKey = `catalog:v2:${scope}:${key}`;
  // KV keys are at most 512 bytes; a page behind an unusually long cursor is not cached.
  const cacheable = new TextEncoder().encode(cacheKey).length <= 512;
  const remembered = memory.get(cacheKey);
  const fromKv = () => (cacheable ? c.env.CACHE.get(cacheKey) : null);
  const [version, first] = await Promise.all([
    versionOf(c.env, scope).catch((err) => {
      log.warn("catalog_version_unavailable", { scope, error: String(err) });
      return undefined;
    }),
    remembered ?? fromKv(),
  ]);
  // Without the version nothing cached can be trusted, nor stored: answer from D1.
  if (version === undefined) {
    const value = await load();
    return value === undefined ? undefined : (jsonText(JSON.stringify(value), "bypass") as never);
  }
  const stamp = `${version}\n`;
  const cached = first?.startsWith(stamp) || remembered === undefined ? first : await fromKv();
  if (cached?.startsWith(stamp)) {
    if (cached !== remembered) memory.set(cacheKey, cached);
    return jsonText(cached.slice(stamp.length), "hit") as never;
  }
  const value = await load();
  if (value === undefined) return undefined;
  const text = JSON.stringify(value);
  if (cacheable) {
    memory.set(cacheKey, stamp + text);
    const put = c.env.CACHE.put(cacheKey, stamp + text, { expirationTtl: CACHE_TTL_SECONDS });
    // A failed cache write (KV allows one write per key per second) only costs a later miss.
    c.executionCtx.waitUntil(put.catch((err) => log.warn("catalog_cache_put_failed", { cacheKey, error: String(err) })));
  }
  return jsonText(text, "miss") as never;
}
