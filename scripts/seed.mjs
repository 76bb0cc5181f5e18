// Demo data for a local stack, created through the public API so it obeys every rule the
// API enforces. Idempotent: anything that already exists is left as it is.
//
// The admin session comes from POST /api/dev/session (development and test only), proven with a
// short-lived JWT signed with JWT_SECRET from .dev.vars, never from POST /api/auth/login: the
// sign-in throttle would lock the seed out after a few wrong passwords typed at the login form.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { SignJWT } from "jose";
import { devVars } from "./stack.mjs";

export const demoUsers = [
  { email: "ada@marquee.local", username: "ada", name: "Ada Lovelace", password: "marquee-demo-123" },
  { email: "grace@marquee.local", username: "grace", name: "Grace Hopper", password: "marquee-demo-123" },
  { email: "alan@marquee.local", username: "alan", name: "Alan Turing", password: "marquee-demo-123" },
  // Door staff: checks tickets in at /staff/door and works the moderation queue.
  { email: "doris@marquee.local", username: "doris", name: "Doris Day", password: "marquee-demo-123", role: "moderator" },
  // Reads the business at /staff/analytics (sales, occupancy, audience), and nothing else of the console.
  { email: "mia@marquee.local", username: "mia", name: "Mia Hamm", password: "marquee-demo-123", role: "manager" },
];

async function call(baseUrl, method, path, body, token) {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

/** An admin session (`{ user, accessToken, refreshToken }`) from POST /api/dev/session. */
export async function adminSession(baseUrl) {
  const secret = devVars().JWT_SECRET ?? "";
  if (secret.length < 32) throw new Error("JWT_SECRET in .dev.vars must be set to at least 32 characters");
  const proof = await new SignJWT({})
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer("marquee-dev")
    .setAudience("marquee-dev-session")
    .setIssuedAt()
    .setExpirationTime("2m")
    .sign(new TextEncoder().encode(secret));
  const res = await call(baseUrl, "POST", "/api/dev/session", undefined, proof);
  if (res.status === 200) return res.body;
  const hint =
    res.status === 404
      ? " (the route exists only with ENVIRONMENT=development in .dev.vars)"
      : res.status === 401
        ? " (is JWT_SECRET in .dev.vars the one the Worker runs with?)"
        : "";
  throw new Error(`POST /api/dev/session answered ${res.status}${hint}: ${res.body?.detail ?? JSON.stringify(res.body)}`);
}

/** A hash of `files` (in this folder): changes whenever one of them does. */
function versionOf(files) {
  const hash = createHash("sha256");
  for (const file of files) hash.update(readFileSync(new URL(file, import.meta.url)));
  return hash.digest("hex").slice(0, 16);
}
/** Changes whenever a seed script changes, so a start after such a change seeds again. */
const seedVersion = () => versionOf(["seed.mjs", "seed-catalog.mjs", "seed-cinema.mjs", "seed-billing.mjs", "artwork.mjs"]);
/** The media seed has its own version: a change to it only tops the media (and viewers) up. */
const mediaVersion = () => versionOf(["seed-media.mjs"]);

/** The marker a finished seed left, if it is for this seed and every record it names still answers. */
async function validMarker(baseUrl, token, markerPath) {
  if (!markerPath || !existsSync(markerPath)) return null;
  let marker;
  try {
    marker = JSON.parse(readFileSync(markerPath, "utf8"));
  } catch {
    return null;
  }
  if (marker?.version !== seedVersion() || !Array.isArray(marker.check) || marker.check.length === 0) return null;
  // The records it names are in this database only if this database is the one seeded (a wiped or
  // replaced database answers 404).
  const answers = await Promise.all(marker.check.map((path) => call(baseUrl, "GET", path, undefined, token)));
  return answers.every((res) => res.status === 200) ? marker : null;
}

/**
 * Whether the marker's media record is for this media seed, every reel played (a reel whose
 * conversion was still running is picked up again) and the items it names still answer.
 */
async function validMedia(baseUrl, token, media) {
  if (media?.version !== mediaVersion() || !media.complete || !Array.isArray(media.check) || media.check.length === 0)
    return false;
  const answers = await Promise.all(media.check.map((path) => call(baseUrl, "GET", path, undefined, token)));
  return answers.every((res) => res.status === 200);
}

/** `{ movies, episodes }` that play, or null when the media seed was skipped. */
const playableCounts = (media) => (media?.version ? { movies: media.movies, episodes: media.episodes } : null);

/** The day (YYYY-MM-DD, UTC) through which the cinema seed schedules showtimes when run today. */
function showtimesThrough() {
  const day = new Date();
  day.setUTCDate(day.getUTCDate() + 7);
  return day.toISOString().slice(0, 10);
}

/**
 * Playable demo titles and the demo viewers' history. Resolves with the marker's `media` record:
 * `{ version, movies, episodes, check }`, or `{ skipped }` when no clips could be made.
 */
async function seedPlayable(baseUrl, token, log, prepared) {
  const { prepareMedia, seedMedia, seedViewers } = await import("./seed-media.mjs");
  const mediaLog = (line) => log(`media: ${line}`);
  // Titles that do not play are no reason to refuse to start: the failure is logged, the banner
  // says so, and the next start tries again.
  let media;
  try {
    media = await seedMedia(baseUrl, token, await (prepared ?? prepareMedia(baseUrl, token, mediaLog)), mediaLog);
  } catch (err) {
    media = { skipped: err instanceof Error ? err.message : String(err) };
  }
  if (media.skipped) {
    log(`media: skipped, demo titles will not play (${media.skipped})`);
    return { skipped: media.skipped };
  }
  await seedViewers(baseUrl, demoUsers, media, (line) => log(`viewers: ${line}`));
  const { movies, episodes, complete, check } = media;
  return { version: mediaVersion(), movies, episodes, complete, check };
}

/** The test card every demo viewer pays with by default (see GET /api/payments/test-cards). */
const demoCard = { number: "4242 4242 4242 4242", expMonth: 12, expYear: new Date().getUTCFullYear() + 5, cvc: "123" };

/** Saves the demo card as each demo viewer's default, for those who have no saved card yet. */
export async function seedCards(baseUrl, users, log) {
  let saved = 0;
  for (const user of users) {
    const login = await call(baseUrl, "POST", "/api/auth/login", { identifier: user.username, password: user.password });
    if (login.status !== 200) {
      log(`${user.username}: no saved card (sign-in answered ${login.status}: ${login.body?.detail ?? ""})`);
      continue;
    }
    const token = login.body.accessToken;
    try {
      // A card that cannot be saved costs the demo a convenience, not the start: say so and go on.
      const cards = await call(baseUrl, "GET", "/api/me/payment-methods", undefined, token);
      if (cards.status !== 200) log(`${user.username}: cards not listed (${cards.status}: ${cards.body?.detail ?? ""})`);
      else if (cards.body.items.length === 0) {
        const res = await call(baseUrl, "POST", "/api/me/payment-methods", { card: demoCard, isDefault: true }, token);
        if (res.status === 201) saved++;
        else log(`${user.username}: card not saved (${res.status}: ${res.body?.detail ?? ""})`);
      }
    } finally {
      await call(baseUrl, "POST", "/api/auth/logout", undefined, token).catch(() => {});
    }
  }
  log(`saved cards: ${saved} added`);
}

/**
 * Two tickets for the first demo viewer, bought as a buyer would (best available, saved card),
 * so My tickets, the seat map's sold seats and the door have something to show. Only when they
 * have no ticket yet.
 */
export async function seedTickets(baseUrl, user, log) {
  const login = await call(baseUrl, "POST", "/api/auth/login", { identifier: user.username, password: user.password });
  if (login.status !== 200) return log(`${user.username}: no demo tickets (sign-in answered ${login.status})`);
  const token = login.body.accessToken;
  try {
    const tickets = await call(baseUrl, "GET", "/api/me/tickets?limit=1", undefined, token);
    if (tickets.body?.items?.length) return log(`${user.username} already has tickets`);
    const showtimes = await call(baseUrl, "GET", "/api/showtimes?limit=20", undefined, token);
    const tomorrow = Date.now() + 24 * 3600_000;
    const showtime = showtimes.body?.items?.find((s) => Date.parse(s.startsAt) > tomorrow) ?? showtimes.body?.items?.[0];
    const card = (await call(baseUrl, "GET", "/api/me/payment-methods", undefined, token)).body?.items?.find((c) => c.isDefault);
    if (!showtime || !card) return log(`${user.username}: no demo tickets (no showtime or no saved card)`);
    const hold = await call(baseUrl, "POST", `/api/showtimes/${showtime.id}/holds`, { count: 2 }, token);
    if (hold.status !== 201)
      return log(`${user.username}: no demo tickets (hold answered ${hold.status}: ${hold.body?.detail ?? ""})`);
    const res = await fetch(`${baseUrl}/api/orders`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${token}`,
        "idempotency-key": `demo-${hold.body.id}`,
      },
      body: JSON.stringify({ holdId: hold.body.id, paymentMethodId: card.id }),
    });
    log(
      res.status === 201
        ? `${user.username}: 2 tickets for ${showtime.movieTitle}`
        : `${user.username}: order answered ${res.status}`,
    );
  } finally {
    await call(baseUrl, "POST", "/api/auth/logout", undefined, token).catch(() => {});
  }
}

/**
 * A little audience for the analytics page: the demo viewers (and one anonymous browser) open pages
 * and titles as the web app reports them (POST /api/events), search (a few queries find nothing)
 * and start playing; the API records the searches and plays itself. Best effort: nothing here is
 * worth failing a start for.
 */
export async function seedAnalytics(baseUrl, users, log) {
  const movies = (await call(baseUrl, "GET", "/api/movies?limit=6&sort=title")).body?.items ?? [];
  const anonymous = { anonymousId: "demo-browser-0001", events: [{ type: "page_view", path: "/" }] };
  for (const m of movies.slice(0, 2))
    anonymous.events.push({ type: "title_view", path: `/movies/${m.id}`, targetType: "movie", targetId: m.id });
  await call(baseUrl, "POST", "/api/events", anonymous);
  const queries = ["the", "star", "night", "zzz-no-such-title", "space"];
  let people = 0;
  for (const [i, user] of users.filter((u) => !u.role).entries()) {
    const login = await call(baseUrl, "POST", "/api/auth/login", { identifier: user.username, password: user.password });
    if (login.status !== 200) continue;
    const token = login.body.accessToken;
    try {
      const seen = movies.slice(i, i + 3);
      const events = [
        { type: "page_view", path: "/" },
        { type: "page_view", path: "/movies" },
        ...seen.map((m) => ({ type: "title_view", path: `/movies/${m.id}`, targetType: "movie", targetId: m.id })),
      ];
      await call(baseUrl, "POST", "/api/events", { anonymousId: `demo-browser-${user.username}`, events }, token);
      for (const q of queries.slice(i, i + 3))
        await call(baseUrl, "GET", `/api/search?q=${encodeURIComponent(q)}`, undefined, token);
      // A title that does not play yet (or is behind the paywall) answers an error: no play, no matter.
      if (seen[0]) await call(baseUrl, "GET", `/api/movies/${seen[0].id}/playback`, undefined, token);
      people++;
    } finally {
      await call(baseUrl, "POST", "/api/auth/logout", undefined, token).catch(() => {});
    }
  }
  log(`analytics: page and title views, searches and plays for ${people} demo viewers and one anonymous browser`);
}

/**
 * Seeds `baseUrl`. With `markerPath`, a file recording a finished seed: when it is there, is for
 * this version of the seed, and the records it names still exist, only the showtimes are topped up
 * (they are scheduled a week ahead of the day they are seeded), and the playable media when the
 * media seed changed since. `log(line)` hears of each step, `onSeeding()` once when there is real
 * work to do. Resolves with `{ skipped, movies, series, theaters, playable }`.
 */
export async function seed(baseUrl, { markerPath, log = () => {}, onSeeding = () => {} } = {}) {
  const session = await adminSession(baseUrl);
  const token = session.accessToken;
  const { seedCatalog } = await import("./seed-catalog.mjs");
  const { seedCinema } = await import("./seed-cinema.mjs");
  try {
    const marker = await validMarker(baseUrl, token, markerPath);
    if (marker) {
      log(`demo data already there (seeded ${marker.seededAt})`);
      let updated = marker;
      // Every start: the week ahead may have moved on, and today needs a showtime still to come.
      const { scheduled } = await seedCinema(baseUrl, token);
      if (scheduled > 0) log(`scheduled ${scheduled} showtimes (today's and this week's)`);
      if (marker.showtimesThrough < showtimesThrough()) updated = { ...updated, showtimesThrough: showtimesThrough() };
      if (!(await validMedia(baseUrl, token, marker.media))) {
        onSeeding();
        log("playable media (topping up)");
        updated = { ...updated, media: await seedPlayable(baseUrl, token, log) };
      }
      if (updated !== marker) writeFileSync(markerPath, JSON.stringify(updated, null, 2));
      return { skipped: true, ...updated.counts, playable: playableCounts(updated.media) };
    }

    onSeeding();
    log("demo users");
    const check = [];
    for (const { role, ...user } of demoUsers) {
      const res = await call(baseUrl, "POST", "/api/auth/register", user);
      let id;
      if (res.status === 201) id = res.body.user.id;
      else if (res.status === 409) {
        const found = await call(baseUrl, "GET", `/api/users?q=${encodeURIComponent(user.email)}`, undefined, token);
        id = found.body?.items?.find((u) => u.email === user.email)?.id;
      } else throw new Error(`seeding ${user.email} failed: ${JSON.stringify(res.body)}`);
      if (!id) continue;
      check.push(`/api/users/${id}`);
      if (role) {
        const promoted = await call(baseUrl, "PATCH", `/api/users/${id}/role`, { role }, token);
        if (promoted.status !== 200) throw new Error(`making ${user.email} a ${role} failed: ${JSON.stringify(promoted.body)}`);
      }
    }
    log("demo viewers' saved cards");
    await seedCards(baseUrl, demoUsers, log);
    // The clips are generated, uploaded and converted while the catalog is seeded; only
    // attaching them to titles waits for it.
    const { prepareMedia } = await import("./seed-media.mjs");
    const prepared = prepareMedia(baseUrl, token, (line) => log(`media: ${line}`));
    prepared.catch(() => {}); // awaited below; a failure of the catalog first must not leave it unhandled
    log("catalog (genres, people, movies, series, posters)");
    const catalog = await seedCatalog(baseUrl, token);
    log(`catalog: ${catalog.movies} movies and ${catalog.series} series, ${catalog.created} created now`);
    check.push(...catalog.check);
    log("cinema (theaters and a week of showtimes)");
    const cinema = await seedCinema(baseUrl, token);
    check.push(...cinema.theaterIds.map((id) => `/api/theaters/${id}`));
    const counts = { movies: catalog.movies, series: catalog.series, theaters: cinema.theaterIds.length };
    log("demo tickets");
    await seedTickets(baseUrl, demoUsers[0], log);
    log("playable media and the demo viewers' history");
    const media = await seedPlayable(baseUrl, token, log, prepared);
    // After the media: which titles go behind the paywall depends on which ones play.
    log("plans, rewards, subscriptions and loyalty");
    const { seedBilling } = await import("./seed-billing.mjs");
    await seedBilling(baseUrl, token, demoUsers, (line) => log(`billing: ${line}`));
    await seedAnalytics(baseUrl, demoUsers, log).catch((err) => log(`analytics: skipped (${err?.message ?? err})`));
    if (markerPath) {
      const seededAt = new Date().toISOString();
      writeFileSync(
        markerPath,
        JSON.stringify({ version: seedVersion(), seededAt, showtimesThrough: showtimesThrough(), counts, check, media }, null, 2),
      );
    }
    log("demo data seeded");
    return { skipped: false, ...counts, playable: playableCounts(media) };
  } finally {
    // The seed's session is of no use to anyone once it is done.
    await call(baseUrl, "POST", "/api/auth/logout", undefined, token).catch(() => {});
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const baseUrl = process.argv[2] ?? `http://127.0.0.1:${process.env.PORT ?? 8787}`;
  await seed(baseUrl, { log: (line) => console.log(line) });
  console.log(`Seeded demo data into ${baseUrl}`);
}
