import { z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import type { Db } from "../lib/context";
import { database } from "../lib/db";
import { IsolateCache } from "../lib/isolate-cache";
import { log } from "../lib/log";
import { ItemSummarySchema, summarize, summaryOf, type TargetRef } from "./targets";

export const trendingWindows = { "24h": 24, "7d": 7 * 24 } as const;
export type TrendingWindow = keyof typeof trendingWindows;
export const trendingTypes = ["all", "movie", "series"] as const;
export type TrendingType = (typeof trendingTypes)[number];
export const TRENDING_SIZE = 50;

export const TrendingSchema = z
  .object({
    window: z.enum(["24h", "7d"]),
    type: z.enum(trendingTypes),
    generatedAt: z.string(),
    items: z.array(z.object({ rank: z.number().int(), item: ItemSummarySchema, views: z.number().int(), score: z.number() })),
  })
  .openapi("Trending");
export type Trending = z.infer<typeof TrendingSchema>;

export const trendingKey = (window: TrendingWindow, type: TrendingType) => `trending:v1:${window}:${type}`;

/**
 * Scores every title viewed in the window; a view's weight falls off with age as
 * 1 / (1 + age / halfLife), halfLife a quarter of the window, so recent views weigh more
 * (a view a quarter-window old counts half) without any view counting for nothing.
 */
export async function computeTrending(db: Db, window: TrendingWindow, now = Date.now()): Promise<Record<TrendingType, Trending>> {
  const hours = trendingWindows[window];
  const since = new Date(now - hours * 3600_000).toISOString();
  const at = new Date(now).toISOString();
  const halfLifeHours = hours / 4;
  const rows = await db.all<{ title_type: "movie" | "series"; title_id: string; views: number; score: number }>(sql`
    SELECT title_type, title_id, count(*) AS views,
      sum(1.0 / (1.0 + (julianday(${at}) - julianday(created_at)) * 24.0 / ${halfLifeHours})) AS score
    FROM views
    WHERE created_at > ${since} AND title_type IN ('movie', 'series')
    GROUP BY title_type, title_id
    ORDER BY score DESC, title_id
    LIMIT 1000`);
  const pick = (type: TrendingType) => rows.filter((r) => type === "all" || r.title_type === type).slice(0, TRENDING_SIZE);
  const lists = Object.fromEntries(trendingTypes.map((t) => [t, pick(t)])) as Record<TrendingType, typeof rows>;
  const refs: TargetRef<"movie" | "series">[] = [...lists.movie, ...lists.series].map((r) => ({
    type: r.title_type,
    id: r.title_id,
  }));
  const summaries = await summarize(db, undefined, refs);
  const generatedAt = at;
  const out = {} as Record<TrendingType, Trending>;
  for (const type of trendingTypes) {
    out[type] = {
      window,
      type,
      generatedAt,
      items: lists[type].map((r, i) => ({
        rank: i + 1,
        item: summaryOf(summaries, { type: r.title_type, id: r.title_id }),
        views: r.views,
        score: Math.round(r.score * 1000) / 1000,
      })),
    };
  }
  return out;
}

/**
 * Freshness. The cron trigger recomputes the lists every 5 minutes; KV may keep serving a location
 * the previous copy for up to 60 s after a write; and each isolate keeps what it read in memory for
 * MEMORY_MS more, so a read costs no KV round trip. A list is therefore at most about
 * 5 min + 60 s + 30 s behind the views it counts, which for "what is popular this day or week" is
 * well inside what the numbers mean. An admin's `refresh=1` is seen at once by the isolate that ran
 * it, and by the others within the same bound.
 */
const MEMORY_MS = 30_000;
const memory = new IsolateCache<{ text: string; list?: Trending }>(64, MEMORY_MS);

const remember = (key: string, text: string) => memory.set(key, { text });

/** Recomputes every window and type and stores them in KV (and this isolate's memory); the cron trigger calls this. */
export async function refreshTrending(env: Env): Promise<void> {
  const db = database(env.DB);
  for (const window of Object.keys(trendingWindows) as TrendingWindow[]) {
    const lists = await computeTrending(db, window);
    // A day's TTL only guards against a cron that stopped; the cron rewrites these every few minutes.
    await Promise.all(
      trendingTypes.map((type) => {
        const text = JSON.stringify(lists[type]);
        remember(trendingKey(window, type), text);
        return env.CACHE.put(trendingKey(window, type), text, { expirationTtl: 86_400 });
      }),
    );
  }
  log.info("trending_refreshed", {});
}

/** The stored list as JSON text (from memory, else KV), computing and storing it first if the cron has not yet run. */
export async function trendingText(env: Env, window: TrendingWindow, type: TrendingType): Promise<string> {
  const key = trendingKey(window, type);
  const remembered = memory.get(key);
  if (remembered) return remembered.text;
  const hit = await env.CACHE.get(key);
  if (hit !== null) {
    remember(key, hit);
    return hit;
  }
  await refreshTrending(env);
  return memory.get(key)?.text ?? JSON.stringify((await computeTrending(database(env.DB), window))[type]);
}

/** The stored list, parsed (once per copy this isolate holds); for recommendations. */
export async function trendingList(env: Env, window: TrendingWindow, type: TrendingType): Promise<Trending> {
  const text = await trendingText(env, window, type);
  const entry = memory.get(trendingKey(window, type));
  if (entry?.text === text) {
    entry.list ??= TrendingSchema.parse(JSON.parse(text));
    return entry.list;
  }
  return TrendingSchema.parse(JSON.parse(text));
}
