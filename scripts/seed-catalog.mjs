// Demo catalog for a local stack: genres, people, characters, 60 movies and 6 series with
// seasons and episodes, each title with a poster and a backdrop and each person with a portrait
// (drawn by artwork.mjs). Everything is generated here (a seeded random sequence, so every run
// produces the same catalog) and written through the public API as the admin. Idempotent: what
// already exists (matched by name or number) is kept, and an image is uploaded only where the
// one stored differs from the drawing (artwork URLs carry the image's SHA-256).
import { createHash } from "node:crypto";
import { artworkWorker, demoArtwork, portraitPng, pruneArtworkCache } from "./artwork.mjs";

const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

const GENRES = [
  "Action",
  "Adventure",
  "Animation",
  "Comedy",
  "Crime",
  "Documentary",
  "Drama",
  "Fantasy",
  "Horror",
  "Mystery",
  "Romance",
  "Science Fiction",
  "Thriller",
];

const FIRST = [
  "Ana",
  "José",
  "Zoë",
  "Björn",
  "Mei",
  "Kwame",
  "Inès",
  "Ravi",
  "Sofía",
  "Liam",
  "Chloé",
  "Tomás",
  "Yuki",
  "Amara",
  "Łukasz",
];
const LAST = [
  "Torres",
  "Müller",
  "Okafor",
  "Nakamura",
  "Dubois",
  "Silva",
  "Ivanova",
  "Haddad",
  "Kowalski",
  "Brennan",
  "Çelik",
  "Lindqvist",
];
const ROLES = [
  "Captain",
  "Doctor",
  "Agent",
  "Detective",
  "Professor",
  "Sergeant",
  "Queen",
  "Old",
  "Young",
  "Lady",
  "Mister",
  "Sister",
];
const ROLE_NAMES = [
  "Voss",
  "Reyes",
  "Marlowe",
  "Hart",
  "Kane",
  "Serrano",
  "Ito",
  "Frost",
  "Vega",
  "Blackwood",
  "Moreau",
  "Quinn",
];

export const ADJECTIVES = [
  "Silent",
  "Crimson",
  "Hidden",
  "Last",
  "Electric",
  "Broken",
  "Golden",
  "Midnight",
  "Frozen",
  "Distant",
  "Wild",
  "Hollow",
];
export const NOUNS = [
  "Harbor",
  "Orbit",
  "Garden",
  "Empire",
  "Signal",
  "Frontier",
  "Lantern",
  "Tide",
  "Circuit",
  "Kingdom",
  "Mirage",
  "Echo",
];
const SPANISH = ["La Película Perdida", "Corazón de Níquel", "El Último Verano", "Canción del Océano", "Año de Sueños"];
const RATINGS = ["G", "PG", "PG-13", "R"];
const LANGUAGES = ["en", "es", "fr", "de", "ja", "ko", "pt-BR", "it"];
const SERIES = ["Harbor Lights", "The Long Orbit", "Kingdom of Glass", "Café Noir", "Signal & Noise", "Frontier Station"];
const EPISODE_WORDS = [
  "Arrival",
  "Storm",
  "Reckoning",
  "Crossing",
  "Embers",
  "Homecoming",
  "Static",
  "Ashes",
  "Daybreak",
  "Undertow",
];

/** mulberry32: a small deterministic generator, so every run produces the same catalog. */
function random(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The generated catalog: the same on every run. */
export function demoCatalog() {
  const next = random(20260401);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const some = (list, min, max) => {
    const count = min + Math.floor(next() * (max - min + 1));
    return [...new Set(Array.from({ length: count }, () => pick(list)))];
  };
  const people = [];
  for (const first of FIRST) for (const last of LAST) if (people.length < 60 && next() < 0.4) people.push(`${first} ${last}`);
  const person = () => pick(people);
  const role = () => `${pick(ROLES)} ${pick(ROLE_NAMES)}`;
  const title = (name) => ({
    title: name,
    synopsis: `A ${pick(["quiet", "tense", "sweeping", "darkly funny", "tender"])} story of ${pick(["a crew", "two sisters", "a detective", "an exile", "a small town"])} facing ${pick(["the unknown", "an old debt", "a storm", "the past", "a rival"])}.`,
    releaseYear: 1970 + Math.floor(next() * 56),
    maturityRating: pick(RATINGS),
    languages: some(LANGUAGES, 1, 3),
    genres: some(GENRES, 1, 3),
    cast: Array.from({ length: 2 + Math.floor(next() * 3) }, () => ({ name: role(), person: person() })),
  });

  const movieNames = ["Nebula Rising", ...SPANISH];
  for (const adjective of ADJECTIVES)
    for (const noun of NOUNS) if (movieNames.length < 60 && next() < 0.45) movieNames.push(`The ${adjective} ${noun}`);
  const movies = movieNames.map((name) => ({ ...title(name), runtimeMinutes: 80 + Math.floor(next() * 90) }));
  const series = SERIES.map((name) => ({
    ...title(name),
    runtimeMinutes: pick([22, 30, 45, 55]),
    seasons: Array.from({ length: 2 + Math.floor(next() * 2) }, (_, s) => ({
      number: s + 1,
      title: `Season ${s + 1}`,
      episodes: Array.from({ length: 4 + Math.floor(next() * 5) }, (_, e) => ({
        number: e + 1,
        title: `${pick(EPISODE_WORDS)}${e === 0 ? "" : ` ${pick(["Part I", "Rising", "at Sea", "Again", "Falls"])}`}`,
        runtimeMinutes: 20 + Math.floor(next() * 40),
        airDate: `${2000 + s * 2 + Math.floor(e / 4)}-${String(1 + (e % 12)).padStart(2, "0")}-${String(1 + e * 3).padStart(2, "0")}`,
      })),
    })),
  }));
  return { genres: GENRES, people, movies, series };
}

async function call(baseUrl, token, method, path, body, contentType = "application/json") {
  const request = () =>
    fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": contentType },
      body: body === undefined ? undefined : contentType === "application/json" ? JSON.stringify(body) : body,
    });
  let res = await request();
  // `wrangler dev` answers 503 while it reloads the Worker after a file change; the request
  // never reached the Worker, so it is safe to send again.
  for (let attempt = 1; res.status === 503 && attempt <= 10; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    res = await request();
  }
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

async function everything(baseUrl, token, path) {
  const items = [];
  let cursor = null;
  do {
    const sep = path.includes("?") ? "&" : "?";
    const page = await call(baseUrl, token, "GET", `${path}${sep}limit=100${cursor ? `&cursor=${cursor}` : ""}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** Runs `work` over `items`, a few at a time. */
async function each(items, work, concurrency = 6) {
  let at = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (at < items.length) {
        const index = at++;
        await work(items[index], index);
      }
    }),
  );
}

/**
 * Gives the title at `titlePath` its poster and backdrop (`drawing` resolves with them) unless it
 * has them already: artwork URLs name the image's SHA-256, so `current` (posterUrl and
 * backdropUrl) tells.
 */
async function uploadArtwork(api, titlePath, drawing, current) {
  const art = await drawing;
  for (const kind of ["poster", "backdrop"]) {
    if (!current?.[kind]?.includes(sha256(art[kind]))) await api("PUT", `${titlePath}/${kind}`, art[kind], "image/png");
  }
}

/**
 * Creates whatever part of the demo catalog is missing. `token` is an admin access token.
 * Resolves with counts and `check`, paths of records that exist once the catalog is complete.
 */
export async function seedCatalog(baseUrl, token) {
  const catalog = demoCatalog();
  // Drawing takes seconds; a worker thread draws every picture while the records are created.
  const artist = artworkWorker();
  try {
    return await seedRecords(baseUrl, token, catalog, artist);
  } finally {
    await artist.close();
  }
}

async function seedRecords(baseUrl, token, catalog, artist) {
  const api = (method, path, body, type) => call(baseUrl, token, method, path, body, type);
  // A worker that cannot draw (or start) leaves the drawing to this thread.
  const portraits = new Map(catalog.people.map((name) => [name, artist.portrait(name).catch(() => portraitPng({ name }))]));
  const drawings = new Map(
    [...catalog.movies, ...catalog.series].map((t) => {
      const spec = { title: t.title, year: t.releaseYear, genres: t.genres };
      return [t.title, artist.draw(spec).catch(() => demoArtwork(spec))];
    }),
  );
  // Each is awaited where it is uploaded; until then a failure must not count as unhandled.
  for (const drawing of [...drawings.values(), ...portraits.values()]) drawing.catch(() => {});

  const genres = new Map((await everything(baseUrl, token, "/api/genres")).map((g) => [g.name, g.id]));
  await each(
    catalog.genres.filter((name) => !genres.has(name)),
    async (name) => genres.set(name, (await api("POST", "/api/genres", { name })).id),
  );

  const listedPeople = await everything(baseUrl, token, "/api/people");
  const people = new Map(listedPeople.map((p) => [p.name, p.id]));
  await each(
    catalog.people.filter((name) => !people.has(name)),
    async (name) => {
      const birthYear = 1940 + ((name.length * 7) % 60);
      people.set(
        name,
        (await api("POST", "/api/people", { name, birthDate: `${birthYear}-0${1 + (name.length % 9)}-1${name.length % 10}` })).id,
      );
    },
  );
  const photos = new Map(listedPeople.map((p) => [p.name, p.photoUrl]));
  await each(catalog.people, async (name) => {
    const photo = await portraits.get(name);
    if (!photos.get(name)?.includes(sha256(photo))) await api("PUT", `/api/people/${people.get(name)}/photo`, photo, "image/png");
  });

  const characters = new Map((await everything(baseUrl, token, "/api/characters")).map((c) => [`${c.name}|${c.personId}`, c.id]));
  const characterId = async ({ name, person }) => {
    const key = `${name}|${people.get(person)}`;
    if (!characters.has(key))
      characters.set(key, (await api("POST", "/api/characters", { name, personId: people.get(person) })).id);
    return characters.get(key);
  };

  let created = 0;
  const check = []; // the last movie and the last series: enough to tell this database from another
  for (const [kind, path, titles] of [
    ["movie", "/api/movies", catalog.movies],
    ["series", "/api/series", catalog.series],
  ]) {
    const listed = await everything(baseUrl, token, `${path}?sort=title`);
    const existing = new Map(listed.map((t) => [t.title, t.id]));
    const urls = new Map(listed.map((t) => [t.title, { poster: t.posterUrl, backdrop: t.backdropUrl }]));
    await each(titles, async (spec, index) => {
      let id = existing.get(spec.title);
      if (!id) {
        const { cast, seasons, genres: genreNames, ...fields } = spec;
        id = (await api("POST", path, { ...fields, genres: genreNames.map((g) => genres.get(g)) })).id;
        const castIds = [];
        for (const member of cast) castIds.push(await characterId(member));
        await api("PUT", `${path}/${id}/cast`, { cast: [...new Set(castIds)] });
        created++;
      }
      await uploadArtwork(api, `${path}/${id}`, drawings.get(spec.title), urls.get(spec.title));
      if (index === titles.length - 1) check.push(`${path}/${id}`);
      if (kind !== "series") return;
      const seasons = new Map((await api("GET", `/api/series/${id}/seasons`)).items.map((s) => [s.number, s.id]));
      for (const season of spec.seasons) {
        let seasonId = seasons.get(season.number);
        if (!seasonId)
          seasonId = (await api("POST", `/api/series/${id}/seasons`, { number: season.number, title: season.title })).id;
        const episodes = new Set((await api("GET", `/api/seasons/${seasonId}/episodes`)).items.map((e) => e.number));
        for (const episode of season.episodes) {
          if (!episodes.has(episode.number)) await api("POST", `/api/seasons/${seasonId}/episodes`, episode);
        }
      }
    });
  }
  pruneArtworkCache();
  return { movies: catalog.movies.length, series: catalog.series.length, created, check };
}
