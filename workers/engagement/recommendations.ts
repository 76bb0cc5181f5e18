import { type SQL, sql } from "drizzle-orm";
import { artworkUrl } from "../lib/artwork-urls";
import type { Db } from "../lib/context";
import { log } from "../lib/log";
import { rawAll } from "../lib/raw-batch";
import { type ActivityStamp, profileActivity, type Recommendation } from "./activity.contract";
import { resolveProfileId } from "./profile";
import type { ItemSummary } from "./targets";
import { trendingList } from "./trending";

/** The longest list a caller may ask for; lists are computed and cached at this length and cut per request. */
export const MAX_RECOMMENDATIONS = 50;
/** How many of the profile's latest titles seed the search, and how many look-alike profiles we follow. */
const SEEDS = 15;
const WATCHERS_PER_SEED = 100;
const PEERS = 100;

/**
 * Caching, and what it may miss.
 *
 * A computed list is kept by the user's engagement Durable Object (ProfileActivity, see
 * activity.contract.ts), stamped with the profile's activity version, a counter that object keeps
 * per profile. Every write to the profile's history or favorites moves it on after its D1 write
 * commits and before answering (`bumpActivity`), which drops the list; deleting the profile drops
 * everything kept for it. The route's sign-in middleware (`requireAuthWithActivity`) asks that
 * object for the version and the list stored at it while the session object checks the session,
 * so a cached read costs no D1 query and waits for about one Durable Object call; and once a view,
 * progress report or favorite change has answered, the next read recomputes: the profile's own
 * activity is never missing from its recommendations. The one gap: a Worker that dies between the
 * D1 write and the bump leaves the list stale until FRESH_MS.
 *
 * The object is the caller's own and stores a list only after D1 has confirmed the profile is the
 * caller's (`resolveProfileId`, on every miss): naming someone else's profile finds nothing stored
 * and gets a 404 from D1. A request without `profileId` means the account's first profile, which
 * the object remembers once D1 has named it, until a profile is added or deleted
 * (`learnFirstProfile`, `profilesChanged`).
 *
 * What others do (the peers' histories, trending, catalog edits) reaches a cached list within
 * FRESH_MS, after which it is recomputed.
 */
export const FRESH_MS = 10 * 60_000;

const fresh = (stamp: ActivityStamp, now: number) =>
  stamp.recommendations !== undefined && now - stamp.recommendations.computedAt < FRESH_MS ? stamp.recommendations : undefined;

/**
 * The recommendations (at most `limit`) of the caller's profile `profileId`, or of their first
 * profile: the list stored at the profile's current activity version when there is one (`hit`),
 * else computed and stored (`miss`). Someone else's profile, or one deleted, is a 404.
 */
export async function recommendationsFor(
  env: Env,
  db: Db,
  userId: string,
  profileId: string | undefined,
  limit: number,
  /** `activityStamp(profileId ?? null)` when the sign-in middleware has read it already. */
  known?: ActivityStamp,
): Promise<{ profileId: string; items: Recommendation[]; cache: "hit" | "miss" }> {
  const activity = profileActivity(env, userId);
  let stamp = known ?? (await activity.activityStamp(profileId ?? null));
  // Read before D1 answers which profile this is: if a profile is added or deleted after that, the
  // list computed below is not kept (it may be for a profile that no longer exists).
  const profilesVersion = stamp.profilesVersion;
  const stored = fresh(stamp, Date.now());
  if (stamp.profileId !== null && stored)
    return { profileId: stamp.profileId, items: stored.items.slice(0, limit), cache: "hit" };
  // Only D1 knows whether the profile is the caller's, and which is their first. The version used
  // below is read before the computation, so a write the computation misses moves it on.
  const resolved = await resolveProfileId(db, userId, profileId);
  if (resolved !== stamp.profileId) {
    // The object did not know the first profile (a profile was added or deleted since it
    // last learnt it): it learns it now, and may well have its list already.
    stamp = await activity.learnFirstProfile(resolved, stamp.profilesVersion);
    const learnt = fresh(stamp, Date.now());
    if (learnt) return { profileId: resolved, items: learnt.items.slice(0, limit), cache: "hit" };
  }
  // Concurrent misses of one profile each compute: sharing one computation would make requests
  // wait on I/O started by another request, which Workers do not support.
  const computed = { computedAt: Date.now(), items: await recommend(db, env, resolved, MAX_RECOMMENDATIONS) };
  // A failed store only costs a later miss.
  await activity
    .storeRecommendations(resolved, { version: stamp.version, profilesVersion }, computed)
    .catch((err) => log.warn("recommendations_store_failed", { userId, profileId: resolved, error: String(err) }));
  return { profileId: resolved, items: computed.items.slice(0, limit), cache: "miss" };
}

/** The profile's titles: movies and series it watched (with when last) and its favorites. A CTE for the queries below. */
const mineOf = (profileId: string) => sql`
  mine AS (
    SELECT title_type, title_id, max(updated_at) AS at, 0 AS fav FROM watch_progress
      WHERE profile_id = ${profileId} AND +title_type IN ('movie', 'series') GROUP BY title_type, title_id
    UNION ALL SELECT title_type, title_id, created_at, 1 FROM favorites WHERE profile_id = ${profileId})`;

/** After `mine`: the SEEDS most recent of the profile's titles, each marked by what it did last (`fav` 1: favorited). */
const seeds = sql`
  seeds AS MATERIALIZED (
    SELECT title_type, title_id, fav, row_number() OVER (ORDER BY at DESC, fav, title_type, title_id) AS recency FROM (
      SELECT title_type, title_id, fav, at, row_number() OVER (PARTITION BY title_type, title_id ORDER BY at DESC, fav) AS n FROM mine)
    WHERE n = 1 ORDER BY at DESC, fav, title_type, title_id LIMIT ${SEEDS})`;

const notMine = (alias: SQL) =>
  sql`NOT EXISTS (SELECT 1 FROM mine WHERE mine.title_type = ${alias}.title_type AND mine.title_id = ${alias}.title_id)`;

type TitleRow = { title_type: "movie" | "series"; title_id: string; title: string | null; poster_key: string | null };
type PeerPick = TitleRow & { score: number; seed_fav: number; seed_title: string | null };
type GenrePick = TitleRow & { genre: string; weight: number };

const summaryOf = (row: TitleRow): ItemSummary => ({
  type: row.title_type,
  id: row.title_id,
  title: row.title,
  posterUrl: row.title === null ? null : artworkUrl(row.poster_key),
  available: row.title !== null,
});

/**
 * Picks for a profile: titles that profiles with overlapping history watched or favorited
 * (weighted by how much they overlap), then titles in the profile's favorite genres, then
 * trending — never what the profile has already watched or listed. Each pick says why.
 *
 * The look-alike search runs in SQL, so the whole computation is one D1 batch (one round trip)
 * after reading trending, which comes from memory or KV.
 */
export async function recommend(db: Db, env: Env, profileId: string, limit: number): Promise<Recommendation[]> {
  // Read before the batch (from memory or KV) so the batch can tell which of these the profile has seen.
  const trending = (await trendingList(env, "7d", "all")).items;
  const [peerPicks, genrePicks, unseenTrending] = await db.batch([
    // Who else watched or favorited each seed (most recent first, bounded per seed); the PEERS
    // that share the most seeds; what they watched or favorited that this profile has not, each
    // scored by its watchers' overlap; and for each pick, the seed most of its watchers share.
    rawAll<PeerPick>(
      db,
      sql`WITH ${mineOf(profileId)}, ${seeds},
        watchers AS MATERIALIZED (
          SELECT s.title_type AS seed_type, s.title_id AS seed_id, w.value AS profile_id FROM seeds s,
            json_each((SELECT json_group_array(profile_id) FROM (SELECT profile_id FROM watch_progress
              WHERE title_type = s.title_type AND title_id = s.title_id AND profile_id != ${profileId}
              ORDER BY updated_at DESC LIMIT ${WATCHERS_PER_SEED}))) w
          UNION SELECT s.title_type, s.title_id, f.value FROM seeds s,
            json_each((SELECT json_group_array(profile_id) FROM (SELECT profile_id FROM favorites
              WHERE title_type = s.title_type AND title_id = s.title_id AND profile_id != ${profileId}
              ORDER BY created_at DESC LIMIT ${WATCHERS_PER_SEED}))) f),
        peers AS MATERIALIZED (
          SELECT profile_id, count(*) AS overlap FROM watchers GROUP BY profile_id ORDER BY overlap DESC, profile_id LIMIT ${PEERS}),
        peer_titles AS MATERIALIZED (
          SELECT p.profile_id, w.title_type, w.title_id, 0 AS fav FROM peers p
            JOIN watch_progress w ON w.profile_id = p.profile_id AND +w.title_type IN ('movie', 'series')
          UNION SELECT p.profile_id, f.title_type, f.title_id, 1 FROM peers p JOIN favorites f ON f.profile_id = p.profile_id),
        picks AS MATERIALIZED (
          SELECT t.title_type, t.title_id, sum(p.overlap) AS score FROM peer_titles t JOIN peers p ON p.profile_id = t.profile_id
          WHERE ${notMine(sql`t`)}
          GROUP BY t.title_type, t.title_id ORDER BY score DESC, t.title_type, t.title_id LIMIT ${limit}),
        reasons AS (
          SELECT c.title_type, c.title_id, s.fav AS seed_fav, s.title_type AS seed_type, s.title_id AS seed_id,
            row_number() OVER (PARTITION BY c.title_type, c.title_id ORDER BY count(*) DESC, s.recency) AS n
          FROM picks c
            JOIN peer_titles t ON t.title_type = c.title_type AND t.title_id = c.title_id
            JOIN watchers w ON w.profile_id = t.profile_id
            JOIN seeds s ON s.title_type = w.seed_type AND s.title_id = w.seed_id
          GROUP BY c.title_type, c.title_id, s.title_type, s.title_id)
      SELECT c.title_type, c.title_id, c.score, coalesce(m.title, se.title) AS title, coalesce(m.poster_key, se.poster_key) AS poster_key,
        r.seed_fav, coalesce(sm.title, ss.title) AS seed_title
      FROM picks c JOIN reasons r ON r.title_type = c.title_type AND r.title_id = c.title_id AND r.n = 1
        LEFT JOIN movies m ON c.title_type = 'movie' AND m.id = c.title_id
        LEFT JOIN series se ON c.title_type = 'series' AND se.id = c.title_id
        LEFT JOIN movies sm ON r.seed_type = 'movie' AND sm.id = r.seed_id
        LEFT JOIN series ss ON r.seed_type = 'series' AND ss.id = r.seed_id
      ORDER BY c.score DESC, c.title_type, c.title_id`,
    ),
    // The seeds' three most common genres, and the most popular titles in them the profile has not
    // seen. A title in two of them comes once, under the heavier genre (SQLite takes the bare
    // columns of a max() aggregate from the row holding the maximum).
    rawAll<GenrePick>(
      db,
      sql`WITH ${mineOf(profileId)}, ${seeds},
        liked AS (
          SELECT genre_id FROM movie_genres WHERE movie_id IN (SELECT title_id FROM seeds WHERE title_type = 'movie')
          UNION ALL SELECT genre_id FROM series_genres WHERE series_id IN (SELECT title_id FROM seeds WHERE title_type = 'series')),
        top AS (SELECT genre_id, count(*) AS weight FROM liked GROUP BY genre_id ORDER BY weight DESC, genre_id LIMIT 3),
        candidates AS (
          SELECT 'movie' AS title_type, m.id AS title_id, m.title, m.poster_key, g.name AS genre, top.weight, m.popularity
            FROM top JOIN movie_genres mg ON mg.genre_id = top.genre_id JOIN movies m ON m.id = mg.movie_id JOIN genres g ON g.id = top.genre_id
          UNION ALL
          SELECT 'series', s.id, s.title, s.poster_key, g.name, top.weight, s.popularity
            FROM top JOIN series_genres sg ON sg.genre_id = top.genre_id JOIN series s ON s.id = sg.series_id JOIN genres g ON g.id = top.genre_id)
      SELECT title_type, title_id, title, poster_key, genre, max(weight) AS weight FROM candidates c WHERE ${notMine(sql`c`)}
      GROUP BY title_type, title_id ORDER BY weight DESC, popularity DESC, title_id LIMIT ${2 * limit}`,
    ),
    rawAll<{ key: string }>(
      db,
      sql`WITH ${mineOf(profileId)}
      SELECT t.value AS key FROM json_each(${JSON.stringify(trending.map((t) => `${t.item.type}:${t.item.id}`))}) t
      WHERE NOT EXISTS (SELECT 1 FROM mine WHERE mine.title_type || ':' || mine.title_id = t.value)`,
    ),
  ]);

  const picks = new Map<string, Recommendation>();
  for (const row of peerPicks) {
    const seedTitle = row.seed_title ?? "something you liked";
    picks.set(`${row.title_type}:${row.title_id}`, {
      item: summaryOf(row),
      source: row.seed_fav ? "co_favorited" : "co_watched",
      score: row.score,
      reason: row.seed_fav ? `Because you added ${seedTitle} to your favorites` : `Because you watched ${seedTitle}`,
    });
  }
  for (const row of genrePicks) {
    if (picks.size >= limit) break;
    const key = `${row.title_type}:${row.title_id}`;
    if (picks.has(key)) continue;
    picks.set(key, { item: summaryOf(row), source: "genre", score: row.weight / 100, reason: `Because you like ${row.genre}` });
  }
  const unseen = new Set(unseenTrending.map((r) => r.key));
  for (const t of trending) {
    if (picks.size >= limit) break;
    const key = `${t.item.type}:${t.item.id}`;
    if (!unseen.has(key) || picks.has(key)) continue;
    picks.set(key, { item: t.item, source: "trending", score: 0, reason: "Trending now" });
  }
  return [...picks.values()];
}
