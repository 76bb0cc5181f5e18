import { sql } from "drizzle-orm";
import type { Db } from "../lib/context";
import { rawAll } from "../lib/raw-batch";
import { type ItemSummary, summarize, summaryOf, type TargetRef } from "./targets";
import { trendingList } from "./trending";

type Title = TargetRef<"movie" | "series">;
type Source = "co_watched" | "co_favorited" | "genre" | "trending";

export interface Recommendation {
  item: ItemSummary;
  reason: string;
  source: Source;
  score: number;
}

/** How many of the profile's latest titles seed the search, and how many look-alike profiles we follow. */
const SEEDS = 15;
const WATCHERS_PER_SEED = 100;
const PEERS = 100;

const keyOf = (t: { title_type: string; title_id: string }) => `${t.title_type}:${t.title_id}`;
const titleOf = (key: string): Title => {
  const [type, id] = key.split(":") as ["movie" | "series", string];
  return { type, id };
};

interface Seed {
  key: string;
  via: "watched" | "favorited";
}

/**
 * Picks for a profile: titles that profiles with overlapping history watched or favorited
 * (weighted by how much they overlap), then titles in the profile's favorite genres, then
 * trending — never what the profile has already watched or listed. Each pick says why.
 */
export async function recommend(db: Db, env: Env, profileId: string, limit: number): Promise<Recommendation[]> {
  // `+title_type` keeps SQLite on the profile index: the title index would scan every movie row.
  const [watched, favorited] = await db.batch([
    rawAll<{ title_type: string; title_id: string; at: string }>(
      db,
      sql`SELECT title_type, title_id, max(updated_at) AS at FROM watch_progress
        WHERE profile_id = ${profileId} AND +title_type IN ('movie', 'series') GROUP BY title_type, title_id ORDER BY at DESC LIMIT 200`,
    ),
    rawAll<{ title_type: string; title_id: string; at: string }>(
      db,
      sql`SELECT title_type, title_id, created_at AS at FROM favorites WHERE profile_id = ${profileId} ORDER BY created_at DESC LIMIT 100`,
    ),
  ]);
  const seen = new Set([...watched, ...favorited].map(keyOf));
  const seeds: Seed[] = [
    ...watched.map((w) => ({ key: keyOf(w), via: "watched" as const, at: w.at })),
    ...favorited.map((f) => ({ key: keyOf(f), via: "favorited" as const, at: f.at })),
  ]
    .sort((a, b) => (a.at < b.at ? 1 : -1))
    .filter((s, i, all) => all.findIndex((o) => o.key === s.key) === i)
    .slice(0, SEEDS);

  const picks = new Map<string, { source: Source; score: number; reason: string | { seed: Seed } }>();
  if (seeds.length > 0) {
    // Who else watched or favorited each seed (most recent first, bounded per seed).
    const watchers = await db.batch(
      seeds.map((s) => {
        const t = titleOf(s.key);
        return rawAll<{ profile_id: string }>(
          db,
          sql`SELECT profile_id FROM (SELECT profile_id FROM watch_progress WHERE title_type = ${t.type} AND title_id = ${t.id} AND profile_id != ${profileId}
              ORDER BY updated_at DESC LIMIT ${WATCHERS_PER_SEED})
            UNION SELECT profile_id FROM (SELECT profile_id FROM favorites WHERE title_type = ${t.type} AND title_id = ${t.id} AND profile_id != ${profileId}
              ORDER BY created_at DESC LIMIT ${WATCHERS_PER_SEED})`,
        );
      }) as [ReturnType<typeof rawAll<{ profile_id: string }>>],
    );
    const overlap = new Map<string, Seed[]>();
    watchers.forEach((rows, i) => {
      for (const { profile_id } of rows as { profile_id: string }[])
        overlap.set(profile_id, [...(overlap.get(profile_id) ?? []), seeds[i]]);
    });
    const peers = [...overlap.entries()].sort((a, b) => b[1].length - a[1].length).slice(0, PEERS);
    const movieSeeds = seeds
      .map((s) => titleOf(s.key))
      .filter((t) => t.type === "movie")
      .map((t) => t.id);
    const seriesSeeds = seeds
      .map((s) => titleOf(s.key))
      .filter((t) => t.type === "series")
      .map((t) => t.id);
    const [peerTitles, genreRows] = await db.batch([
      rawAll<{ profile_id: string; title_type: string; title_id: string; fav: number }>(
        db,
        sql`SELECT profile_id, title_type, title_id, 0 AS fav FROM watch_progress
            WHERE profile_id IN (SELECT value FROM json_each(${JSON.stringify(peers.map(([p]) => p))})) AND +title_type IN ('movie', 'series')
          UNION SELECT profile_id, title_type, title_id, 1 AS fav FROM favorites
            WHERE profile_id IN (SELECT value FROM json_each(${JSON.stringify(peers.map(([p]) => p))}))`,
      ),
      rawAll<{ title_type: string; title_id: string; genre: string; weight: number }>(
        db,
        sql`WITH liked AS (
            SELECT genre_id FROM movie_genres WHERE movie_id IN (SELECT value FROM json_each(${JSON.stringify(movieSeeds)}))
            UNION ALL SELECT genre_id FROM series_genres WHERE series_id IN (SELECT value FROM json_each(${JSON.stringify(seriesSeeds)}))),
          top AS (SELECT genre_id, count(*) AS weight FROM liked GROUP BY genre_id ORDER BY weight DESC LIMIT 3)
          SELECT * FROM (
            SELECT 'movie' AS title_type, m.id AS title_id, g.name AS genre, top.weight AS weight, m.popularity AS popularity
              FROM top JOIN movie_genres mg ON mg.genre_id = top.genre_id JOIN movies m ON m.id = mg.movie_id JOIN genres g ON g.id = top.genre_id
            UNION ALL
            SELECT 'series', s.id, g.name, top.weight, s.popularity
              FROM top JOIN series_genres sg ON sg.genre_id = top.genre_id JOIN series s ON s.id = sg.series_id JOIN genres g ON g.id = top.genre_id)
          ORDER BY weight DESC, popularity DESC, title_id LIMIT 200`,
      ),
    ]);
    const peerSeeds = new Map(peers);
    const scores = new Map<string, { score: number; fav: boolean; bySeed: Map<string, number> }>();
    for (const row of peerTitles as { profile_id: string; title_type: string; title_id: string; fav: number }[]) {
      const key = keyOf(row);
      if (seen.has(key)) continue;
      const via = peerSeeds.get(row.profile_id) ?? [];
      const entry = scores.get(key) ?? { score: 0, fav: false, bySeed: new Map<string, number>() };
      entry.score += via.length;
      entry.fav ||= row.fav === 1;
      for (const s of via) entry.bySeed.set(s.key, (entry.bySeed.get(s.key) ?? 0) + 1);
      scores.set(key, entry);
    }
    const seedByKey = new Map(seeds.map((s) => [s.key, s]));
    for (const [key, entry] of [...scores.entries()].sort((a, b) => b[1].score - a[1].score || (a[0] < b[0] ? -1 : 1))) {
      const best = [...entry.bySeed.entries()].sort((a, b) => b[1] - a[1])[0];
      const seed = seedByKey.get(best[0]);
      if (!seed) continue;
      picks.set(key, { source: seed.via === "favorited" ? "co_favorited" : "co_watched", score: entry.score, reason: { seed } });
      if (picks.size >= limit) break;
    }
    for (const row of genreRows as { title_type: string; title_id: string; genre: string; weight: number }[]) {
      if (picks.size >= limit) break;
      const key = keyOf(row);
      if (seen.has(key) || picks.has(key)) continue;
      picks.set(key, { source: "genre", score: row.weight / 100, reason: `Because you like ${row.genre}` });
    }
  }
  if (picks.size < limit) {
    for (const t of (await trendingList(env, "7d", "all")).items) {
      if (picks.size >= limit) break;
      const key = `${t.item.type}:${t.item.id}`;
      if (seen.has(key) || picks.has(key)) continue;
      picks.set(key, { source: "trending", score: 0, reason: "Trending now" });
    }
  }

  const refs = [...picks.keys(), ...seeds.map((s) => s.key)].map(titleOf);
  const summaries = await summarize(db, undefined, refs);
  return [...picks.entries()].map(([key, pick]) => {
    let reason: string;
    if (typeof pick.reason === "string") reason = pick.reason;
    else {
      const seedTitle = summaryOf(summaries, titleOf(pick.reason.seed.key)).title ?? "something you liked";
      reason =
        pick.reason.seed.via === "favorited"
          ? `Because you added ${seedTitle} to your favorites`
          : `Because you watched ${seedTitle}`;
    }
    return { item: summaryOf(summaries, titleOf(key)), reason, source: pick.source, score: pick.score };
  });
}
