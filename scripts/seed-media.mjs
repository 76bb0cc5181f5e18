// Demo media that plays: a few short clips generated with FFmpeg's lavfi sources (a test pattern
// or a coloured scene with the reel's name and a running clock drawn on it, plus a beeping tone),
// uploaded once as the admin, converted to HLS by the transcoder and attached as the playable
// asset of a dozen-odd movies and of every episode of one series (one item may back many titles).
// Then the demo viewers watch and favourite a few titles, so "continue watching" and the
// recommendations have something to show.
//
// Clips are cached in .wrangler/demo-media/ under a name that carries a hash of how they were
// made, so a start generates them only once; the uploaded items are found again by that file name.
// FFmpeg is the transcoder's engine: the system binary when present, ffmpeg.wasm otherwise.

import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { createEngine, pickEngine } from "../containers/transcoder/engines.mjs";
import { demoCatalog } from "./seed-catalog.mjs";

const CACHE = ".wrangler/demo-media";
const SECONDS = 20;
const PREFIX = "marquee-demo-reel-";
/** Movies with a playable asset: the first of the demo catalog's movies. */
const PLAYABLE_MOVIES = 16;
/** The series every episode of which plays. */
const PLAYABLE_SERIES = "Harbor Lights";

/** Each reel: a lavfi video source and a tone. Three, because converting them is most of a first start. */
const REELS = [
  { name: "Reel 1", video: "testsrc2=s=854x480:r=24", tone: 440 },
  { name: "Reel 2", video: "smptebars=s=854x480:r=24", tone: 523 },
  {
    name: "Reel 3",
    video: "gradients=s=854x480:r=24:c0=#1d3557:c1=#e76f51:c2=#2a9d8f:nb_colors=3:speed=0.03",
    tone: 659,
  },
];

const FONTS = [
  "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
  "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
  "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
  "/System/Library/Fonts/Supplemental/Arial Bold.ttf",
  "/Library/Fonts/Arial.ttf",
  "C:\\Windows\\Fonts\\arialbd.ttf",
];

/** The ffmpeg arguments for `reel`, run in a directory holding `font.ttf` when `font`. */
function reelArgs(reel, font) {
  const text = (t, y, size) =>
    `drawtext=fontfile=font.ttf:text='${t}':fontsize=${size}:fontcolor=white:box=1:boxcolor=black@0.55:boxborderw=12:x=(w-tw)/2:y=${y}`;
  const filters = font
    ? [reel.video, text(`Marquee · ${reel.name}`, "h*0.62", 40), text("%{pts\\:hms}", "h*0.62+64", 28)].join(",")
    : reel.video;
  return [
    ...["-f", "lavfi", "-i", filters],
    ...["-f", "lavfi", "-i", `sine=frequency=${reel.tone}:beep_factor=2:sample_rate=48000`],
    ...["-t", String(SECONDS), "-map", "0:v", "-map", "1:a"],
    ...["-c:v", "libx264", "-preset", "veryfast", "-crf", "28", "-pix_fmt", "yuv420p", "-g", "48"],
    ...["-c:a", "aac", "-b:a", "96k", "-movflags", "+faststart", "out.mp4"],
  ];
}

/** Generates (or finds in the cache) each reel's MP4. Resolves with `[{ reel, file, filename }]`. */
export async function reelFiles(log) {
  mkdirSync(CACHE, { recursive: true });
  const font = FONTS.find((path) => existsSync(path));
  let engine;
  const clips = await Promise.all(
    REELS.map(async (reel, index) => {
      const args = reelArgs(reel, font);
      const hash = createHash("sha256").update(JSON.stringify(args)).digest("hex").slice(0, 10);
      const filename = `${PREFIX}${index + 1}-${hash}.mp4`;
      const file = join(CACHE, filename);
      if (existsSync(file)) return { reel, file, filename };
      engine ??= createEngine();
      const dir = mkdtempSync(join(CACHE, "tmp-"));
      try {
        if (font) copyFileSync(font, join(dir, "font.ttf"));
        const started = Date.now();
        const result = await engine.run(args, { cwd: dir });
        if (result.code !== 0)
          throw new Error(`ffmpeg (${engine.name}) could not make ${filename}: ${result.stderr.trim().split("\n").pop()}`);
        renameSync(join(dir, "out.mp4"), file);
        log(`generated ${filename} with ${engine.name} ffmpeg in ${((Date.now() - started) / 1000).toFixed(1)}s`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      return { reel, file, filename };
    }),
  );
  // Clips an earlier version of this script made are of no further use.
  const current = new Set(clips.map((clip) => clip.filename));
  for (const name of readdirSync(CACHE))
    if (name.startsWith(PREFIX) && !current.has(name)) rmSync(join(CACHE, name), { force: true });
  return clips;
}

async function request(baseUrl, token, method, path, body) {
  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const send = async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fetch(`${baseUrl}${path}`, {
          method,
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(body === undefined || body instanceof FormData ? {} : { "content-type": "application/json" }),
          },
          body: body === undefined || body instanceof FormData ? body : JSON.stringify(body),
        });
      } catch (err) {
        // A dropped connection (wrangler dev restarting its proxy after an edit): a read is safe to send again.
        if (method !== "GET" || attempt >= 5) throw err;
        await pause(500 * attempt);
      }
    }
  };
  let res = await send();
  // wrangler dev answers 503 while it reloads the Worker; the request never reached it.
  for (let attempt = 1; res.status === 503 && attempt <= 10; attempt++) {
    await pause(500 * attempt);
    res = await send();
  }
  return { status: res.status, body: await res.json().catch(() => null) };
}

function client(baseUrl, token) {
  return async (method, path, body) => {
    const res = await request(baseUrl, token, method, path, body);
    if (res.status >= 400)
      throw new Error(`${method} ${path} answered ${res.status}: ${res.body?.detail ?? JSON.stringify(res.body)}`);
    return res.body;
  };
}

async function everything(api, path) {
  const items = [];
  let cursor = null;
  do {
    const sep = path.includes("?") ? "&" : "?";
    const page = await api("GET", `${path}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** How long a start waits for one reel's conversion (ffmpeg.wasm takes a minute or two). */
const CONVERT_WAIT_MS = 3 * 60_000;

/**
 * The uploaded item for `clip` with a finished HLS conversion: found, or uploaded and converted.
 * Null (and a line in the log) when the conversion failed or is still running after
 * CONVERT_WAIT_MS; a later start picks that job up again.
 */
async function playableItem(api, clip, mine, log) {
  let item = mine.find((m) => m.filename === clip.filename);
  if (!item) {
    const form = new FormData();
    form.set("file", new Blob([readFileSync(clip.file)], { type: "video/mp4" }), clip.filename);
    form.set("title", `Marquee demo · ${clip.reel.name}`);
    form.set("description", `A ${SECONDS}-second generated clip that every demo title with this reel plays.`);
    item = await api("POST", "/api/media", form);
    log(`uploaded ${clip.filename}`);
  }
  const jobs = (await api("GET", `/api/media/${item.id}/jobs`)).items;
  let job = jobs.find((j) => j.target === "hls" && j.status === "done");
  if (job) return item;
  job = await api("POST", `/api/media/${item.id}/convert`, { target: "hls" });
  const deadline = Date.now() + CONVERT_WAIT_MS;
  while (job.status !== "done") {
    if (job.status === "failed") {
      log(`converting ${clip.filename} to HLS failed (${job.error ?? "no reason given"}); its titles wait for a later start`);
      return null;
    }
    if (Date.now() > deadline) {
      log(
        `converting ${clip.filename} to HLS is still at ${job.progress}% after ${CONVERT_WAIT_MS / 60_000} minutes; a later start picks it up`,
      );
      return null;
    }
    await new Promise((resolve) => setTimeout(resolve, 400));
    job = await api("GET", `/api/jobs/${job.id}`);
  }
  log(`converted ${clip.filename} to HLS`);
  return item;
}

/**
 * The demo reels as uploaded items with a finished HLS conversion (generated, uploaded and
 * converted as needed; the items are found again by file name). Needs no catalog, so it can run
 * while the catalog is seeded. `token` is an admin access token. Resolves with
 * `{ items, complete, stale }` (`complete`: every reel plays; `stale`: reels an earlier version of
 * this script uploaded), or `{ skipped: reason }` when no reel could be made to play.
 */
export async function prepareMedia(baseUrl, token, log = () => {}) {
  const api = client(baseUrl, token);
  let clips;
  try {
    clips = await reelFiles(log);
  } catch (err) {
    return { skipped: `no demo clips: ${err instanceof Error ? err.message : String(err)}` };
  }
  log(`clips in ${CACHE} (ffmpeg engine: ${pickEngine()})`);
  const mine = await everything(api, "/api/media");
  const items = (await Promise.all(clips.map((clip) => playableItem(api, clip, mine, log)))).filter(Boolean);
  if (items.length === 0) return { skipped: "no demo reel could be converted to HLS (see the lines above)" };
  const current = new Set(clips.map((clip) => clip.filename));
  return {
    items,
    complete: items.length === clips.length,
    stale: mine.filter((m) => m.filename.startsWith(PREFIX) && !current.has(m.filename)),
  };
}

/**
 * Makes the demo titles playable: attaches the prepared reels (`prepareMedia`'s result) to the
 * first movies of the demo catalog and to every episode of one series. Resolves with
 * `{ movies, episodes, movieIds, episodeIds, seriesId, complete, check }` (`check`: paths that answer once
 * this is done), or `{ skipped }` as prepared.
 */
export async function seedMedia(baseUrl, token, prepared, log = () => {}) {
  if (prepared.skipped) return prepared;
  const api = client(baseUrl, token);
  const { items, complete, stale } = prepared;
  const catalog = demoCatalog();
  const movieIds = new Map((await everything(api, "/api/movies?sort=title")).map((m) => [m.title, m.id]));
  const movies = catalog.movies
    .slice(0, PLAYABLE_MOVIES)
    .map((m) => movieIds.get(m.title))
    .filter(Boolean);
  const seriesId = (await everything(api, "/api/series?sort=title")).find((s) => s.title === PLAYABLE_SERIES)?.id;
  const episodes = [];
  if (seriesId) {
    for (const season of (await api("GET", `/api/series/${seriesId}/seasons`)).items)
      episodes.push(...(await api("GET", `/api/seasons/${season.id}/episodes`)).items.map((e) => e.id));
  }
  const links = [
    ...movies.map((id, i) => [`/api/movies/${id}/media`, items[i % items.length].id]),
    ...episodes.map((id, i) => [`/api/episodes/${id}/media`, items[i % items.length].id]),
  ];
  for (let at = 0; at < links.length; at += 8)
    await Promise.all(links.slice(at, at + 8).map(([path, mediaId]) => api("PUT", path, { mediaId })));
  // Reels made by an earlier version of this script are replaced now; their files can go.
  for (const old of stale) await api("DELETE", `/api/media/${old.id}`);
  log(`playable: ${movies.length} movies and ${episodes.length} episodes of ${PLAYABLE_SERIES}, from ${items.length} reels`);
  return {
    movies: movies.length,
    episodes: episodes.length,
    movieIds: movies,
    episodeIds: episodes,
    seriesId,
    complete,
    check: items.map((item) => `/api/media/${item.id}`),
  };
}

/**
 * The demo viewers watch and favourite a few of the playable titles (ada part-way through some,
 * to the end of others; grace and alan overlap with her, so her recommendations have peers).
 * `users` are the demo users with their passwords; a viewer who cannot sign in is skipped.
 */
export async function seedViewers(baseUrl, users, playable, log = () => {}) {
  const { movieIds, episodeIds, seriesId } = playable;
  const plans = {
    ada: {
      watched: [
        [movieIds[0], 14],
        [movieIds[1], SECONDS],
        [movieIds[2], 9],
        [movieIds[6], SECONDS],
      ],
      episodes: [
        [episodeIds[0], SECONDS],
        [episodeIds[1], 12],
      ],
      favorites: [{ movieId: movieIds[1] }, seriesId && { seriesId }],
    },
    grace: {
      watched: [
        [movieIds[0], SECONDS],
        [movieIds[1], SECONDS],
        [movieIds[3], SECONDS],
        [movieIds[4], 16],
        [movieIds[8], SECONDS],
      ],
      episodes: [[episodeIds[0], SECONDS]],
      favorites: [{ movieId: movieIds[3] }],
    },
    alan: {
      watched: [
        [movieIds[1], SECONDS],
        [movieIds[2], SECONDS],
        [movieIds[5], SECONDS],
        [movieIds[9], 20],
      ],
      episodes: [],
      favorites: [{ movieId: movieIds[5] }],
    },
  };
  let viewers = 0;
  for (const user of users) {
    const plan = plans[user.username];
    if (!plan) continue;
    const login = await request(baseUrl, undefined, "POST", "/api/auth/login", {
      identifier: user.username,
      password: user.password,
    });
    if (login.status !== 200) {
      log(`${user.username}: no history seeded (sign-in answered ${login.status}: ${login.body?.detail ?? ""})`);
      continue;
    }
    const api = client(baseUrl, login.body.accessToken);
    try {
      const views = [
        ...plan.watched.map(([movieId, at]) => ({ movieId, at })),
        ...plan.episodes.map(([episodeId, at]) => ({ episodeId, at })),
      ].filter((v) => v.movieId ?? v.episodeId);
      for (const { at, ...target } of views) {
        // As a player reports: a first report past 10 s counts the view, then the final position.
        await api("POST", "/api/views", { ...target, positionSeconds: Math.min(11, at), durationSeconds: SECONDS });
        await api("POST", "/api/views", { ...target, positionSeconds: at, durationSeconds: SECONDS });
      }
      for (const favorite of plan.favorites.filter((f) => f && Object.values(f)[0]))
        await api("POST", "/api/me/favorites", favorite);
      viewers++;
    } finally {
      await request(baseUrl, login.body.accessToken, "POST", "/api/auth/logout").catch(() => {});
    }
  }
  log(`watch history and favourites for ${viewers} demo viewers`);
  return viewers;
}
