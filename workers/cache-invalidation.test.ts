import { env, SELF } from "cloudflare:test";
import { importJWK, type JWTPayload, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { type ApiResponse, api, registerUser, type TestUser, unique } from "../test/api";
import {
  admin,
  created,
  movieBody,
  newCharacter,
  newGenre,
  newMovie,
  newPerson,
  newSeries,
  PNG,
} from "./catalog/catalog.fixtures";

/*
 * Every write operation of the OpenAPI document either has a case here, proving that the cached
 * reads it affects show it at once, or is listed in `cachesNothing` with the reason it needs none.
 * A write added to the API without either fails the first test.
 *
 * A case arranges what the write needs and names the reads to watch. Each read is warmed (read
 * twice; a read the catalog or recommendations cache must then answer `x-cache: hit`, or the case
 * would prove nothing), the write is performed through the Worker, and the reads are read again:
 * the change must be visible in every one of them. The reads cover every cache scope the write
 * moves on (catalog/catalog.writes.ts, users/users.writes.ts, engagement/engagement.writes.ts),
 * so a bump left out fails its case.
 */

type Read = () => Promise<ApiResponse>;
interface Arranged {
  reads: Record<string, Read>;
  write: () => Promise<ApiResponse>;
  check: (after: Record<string, ApiResponse>, written: ApiResponse) => void | Promise<void>;
}
type Case = () => Promise<Arranged>;

const methods = ["post", "put", "patch", "delete"];

async function writeOperations(): Promise<string[]> {
  const doc = (await (await SELF.fetch("https://marquee.test/api/openapi.json")).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  return Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.keys(operations)
      .filter((method) => methods.includes(method))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
}

async function prove(arrange: Case) {
  const { reads, write, check } = await arrange();
  for (const [name, read] of Object.entries(reads)) {
    await read();
    const warm = await read();
    expect(warm.status, `${name}: ${JSON.stringify(warm.body)}`).toBeLessThan(300);
    const cache = warm.headers.get("x-cache");
    if (cache !== null) expect(cache, `${name} is answered from cache before the write`).toBe("hit");
  }
  const written = await write();
  expect(written.status, JSON.stringify(written.body)).toBeLessThan(300);
  const after: Record<string, ApiResponse> = {};
  for (const [name, read] of Object.entries(reads)) after[name] = await read();
  await check(after, written);
}

// --- reads

const get = (path: string, token?: string) => api("GET", path, { token });
type Kind = "movie" | "series";
const collection = { movie: "movies", series: "series" } as const;
const detail = (kind: Kind, id: string) => () => get(`/api/${collection[kind]}/${id}`);
/** The newest titles first: what a test just made is on top. */
const recent = (kind: Kind) => () => get(`/api/${collection[kind]}?sort=recent&limit=5`);
const castingPerson = (kind: Kind, personId: string) => () => get(`/api/${collection[kind]}?person=${personId}`);
const search = (word: string) => () => get(`/api/search?q=${word}`);
const me = (user: { accessToken: string }) => () => get("/api/me", user.accessToken);
const recommendations =
  (user: TestUser, query = "") =>
  () =>
    get(`/api/me/recommendations${query}`, user.accessToken);

const ids = (res: ApiResponse): string[] => res.body.items.map((item: { id: string }) => item.id);
const itemOf = (res: ApiResponse, id: string) => res.body.items.find((item: { id: string }) => item.id === id);
const picks = (res: ApiResponse): string[] => res.body.items.map((r: { item: { id: string } }) => r.item.id);

// --- writes and what they need

/** One searchable word that no other title, episode or person carries. */
const word = () => unique("w").toLowerCase();
const as = async (method: string, path: string, body?: unknown) => api(method, path, { token: await admin(), body });
const upload = async (path: string) =>
  api("PUT", path, { token: await admin(), raw: PNG, headers: { "content-type": "image/png" } });
const newTitle = (kind: Kind, extra: Record<string, unknown> = {}) => (kind === "movie" ? newMovie(extra) : newSeries(extra));

/** A title whose cast shows a character played by a person: for the writes that re-render casts. */
async function castTitle(kind: Kind, personName = `Person ${word()}`) {
  const person = await newPerson(personName);
  const character = await newCharacter(person.id);
  const title = await newTitle(kind);
  expect((await as("PUT", `/api/${collection[kind]}/${title.id}/cast`, { cast: [character.id] })).status).toBe(200);
  return { person, character, title };
}

/** A series with one season, and in it one episode whose title carries `episodeWord`. */
async function seriesWithEpisode(episodeWord = word()) {
  const series = await newSeries();
  const season = await created(`/api/series/${series.id}/seasons`, { number: 1 });
  const episode = await created(`/api/seasons/${season.id}/episodes`, { number: 1, title: `Episode ${episodeWord}` });
  return { series, season, episode, episodeWord };
}

const watch = (user: TestUser, movieId: string) =>
  api("POST", "/api/views", { token: user.accessToken, body: { movieId, positionSeconds: 30, durationSeconds: 3000 } });

/** `viewer` watched `seen`; a look-alike watched it and `pick` too, so `pick` is recommended to `viewer`. */
async function recommended() {
  const [viewer, twin] = await Promise.all([registerUser(), registerUser()]);
  const [seen, pick] = await Promise.all([newMovie(), newMovie()]);
  for (const movieId of [seen.id, pick.id]) expect((await watch(twin, movieId)).status).toBe(200);
  expect((await watch(viewer, seen.id)).status).toBe(200);
  return { viewer, pick };
}

/** An id token as Google would sign it, with the test key pair test/global-setup.ts made. */
async function googleIdToken(claims: JWTPayload) {
  const key = (await importJWK(JSON.parse(env.GOOGLE_TEST_PRIVATE_JWK), "RS256")) as CryptoKey;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", kid: "test-key" })
    .setIssuer(env.GOOGLE_ISSUER)
    .setAudience(env.GOOGLE_CLIENT_ID)
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(key);
}

// --- the cases

function titleCases(kind: Kind): Record<string, Case> {
  const base = `/${collection[kind]}`;
  return {
    [`POST ${base}`]: async () => {
      const w = word();
      return {
        reads: { list: recent(kind), search: search(w) },
        write: () => as("POST", `/api${base}`, movieBody({ title: `Title ${w}` })),
        check: ({ list, search }, written) => {
          expect(ids(list)).toContain(written.body.id);
          expect(ids(search)).toContain(written.body.id);
        },
      };
    },
    [`PATCH ${base}/{id}`]: async () => {
      const title = await newTitle(kind);
      const w = word();
      return {
        reads: { detail: detail(kind, title.id), list: recent(kind), search: search(w) },
        write: () => as("PATCH", `/api${base}/${title.id}`, { title: `Renamed ${w}`, releaseYear: 1999 }),
        check: ({ detail, list, search }) => {
          expect(detail.body.title).toBe(`Renamed ${w}`);
          expect(itemOf(list, title.id).title).toBe(`Renamed ${w}`);
          expect(itemOf(search, title.id).releaseYear).toBe(1999);
        },
      };
    },
    [`DELETE ${base}/{id}`]: async () => {
      const w = word();
      const title = await newTitle(kind, { title: `Doomed ${w}` });
      return {
        reads: { detail: detail(kind, title.id), list: recent(kind), search: search(w) },
        write: () => as("DELETE", `/api${base}/${title.id}`),
        check: ({ detail, list, search }) => {
          expect(detail.status).toBe(404);
          expect(ids(list)).not.toContain(title.id);
          expect(ids(search)).not.toContain(title.id);
        },
      };
    },
    [`PUT ${base}/{id}/cast`]: async () => {
      const person = await newPerson();
      const character = await newCharacter(person.id);
      const title = await newTitle(kind);
      return {
        reads: { detail: detail(kind, title.id), byPerson: castingPerson(kind, person.id) },
        write: () => as("PUT", `/api${base}/${title.id}/cast`, { cast: [character.id] }),
        check: ({ detail, byPerson }) => {
          expect(detail.body.cast.map((c: { character: { id: string } }) => c.character.id)).toEqual([character.id]);
          expect(ids(byPerson)).toContain(title.id);
        },
      };
    },
    ...artworkCases(kind, "poster"),
    ...artworkCases(kind, "backdrop"),
    [`POST ${base}/{id}/like`]: () => likeCase(kind, true),
    [`DELETE ${base}/{id}/like`]: () => likeCase(kind, false),
  };
}

function artworkCases(kind: Kind, which: "poster" | "backdrop"): Record<string, Case> {
  const field = which === "poster" ? "posterUrl" : "backdropUrl";
  const path = (id: string) => `/api/${collection[kind]}/${id}/${which}`;
  const arrange = async (uploaded: boolean): Promise<Arranged> => {
    const w = word();
    const title = await newTitle(kind, { title: `Pictured ${w}` });
    if (uploaded) expect((await upload(path(title.id))).status).toBe(200);
    // A search hit shows the poster; no read shows a backdrop but the list and the detail.
    const searchRead: Record<string, Read> = which === "poster" ? { search: search(w) } : {};
    return {
      reads: { detail: detail(kind, title.id), list: recent(kind), ...searchRead },
      write: () => (uploaded ? as("DELETE", path(title.id)) : upload(path(title.id))),
      check: (after) => {
        const shown = uploaded ? null : expect.stringMatching(/^\/api\/artwork\//);
        expect(after.detail.body[field]).toEqual(shown);
        expect(itemOf(after.list, title.id)[field]).toEqual(shown);
        if (after.search) expect(itemOf(after.search, title.id).imageUrl).toEqual(shown);
      },
    };
  };
  return {
    [`PUT /${collection[kind]}/{id}/${which}`]: () => arrange(false),
    [`DELETE /${collection[kind]}/{id}/${which}`]: () => arrange(true),
  };
}

async function likeCase(kind: Kind, like: boolean): Promise<Arranged> {
  const [title, fan] = await Promise.all([newTitle(kind), registerUser()]);
  const path = `/api/${collection[kind]}/${title.id}/like`;
  if (!like) expect((await api("POST", path, { token: fan.accessToken })).status).toBe(200);
  return {
    // The anonymous view is the cached one; its count must follow the like at once.
    reads: { detail: detail(kind, title.id) },
    write: () => api(like ? "POST" : "DELETE", path, { token: fan.accessToken }),
    check: ({ detail }) => expect(detail.body.likeCount).toBe(like ? 1 : 0),
  };
}

function photoCase(uploaded: boolean): Case {
  return async () => {
    const w = word();
    const { person, title } = await castTitle("movie", `Person ${w}`);
    const path = `/api/people/${person.id}/photo`;
    if (uploaded) expect((await upload(path)).status).toBe(200);
    return {
      reads: { detail: detail("movie", title.id), search: search(w) },
      write: () => (uploaded ? as("DELETE", path) : upload(path)),
      check: ({ detail, search }) => {
        const shown = uploaded ? null : expect.stringMatching(/^\/api\/artwork\//);
        expect(detail.body.cast[0].person.photoUrl).toEqual(shown);
        expect(itemOf(search, person.id).imageUrl).toEqual(shown);
      },
    };
  };
}

const catalogCases: Record<string, Case> = {
  ...titleCases("movie"),
  ...titleCases("series"),

  "POST /series/{id}/seasons": async () => {
    const series = await newSeries();
    return {
      reads: { detail: detail("series", series.id), list: recent("series") },
      write: () => as("POST", `/api/series/${series.id}/seasons`, { number: 1 }),
      check: ({ detail, list }) => {
        expect(detail.body.seasons).toHaveLength(1);
        expect(itemOf(list, series.id).seasonCount).toBe(1);
      },
    };
  },
  "PATCH /seasons/{id}": async () => {
    const { series, season, episode, episodeWord } = await seriesWithEpisode();
    return {
      reads: { detail: detail("series", series.id), search: search(episodeWord) },
      write: () => as("PATCH", `/api/seasons/${season.id}`, { number: 7, title: "Renamed" }),
      check: ({ detail, search }) => {
        expect(detail.body.seasons[0]).toMatchObject({ number: 7, title: "Renamed" });
        expect(itemOf(search, episode.id).seasonNumber).toBe(7);
      },
    };
  },
  "DELETE /seasons/{id}": async () => {
    const { series, season, episode, episodeWord } = await seriesWithEpisode();
    return {
      reads: { detail: detail("series", series.id), list: recent("series"), search: search(episodeWord) },
      write: () => as("DELETE", `/api/seasons/${season.id}`),
      check: ({ detail, list, search }) => {
        expect(detail.body.seasons).toEqual([]);
        expect(itemOf(list, series.id).seasonCount).toBe(0);
        expect(ids(search)).not.toContain(episode.id);
      },
    };
  },
  "POST /seasons/{id}/episodes": async () => {
    const series = await newSeries();
    const season = await created(`/api/series/${series.id}/seasons`, { number: 1 });
    const w = word();
    return {
      reads: { detail: detail("series", series.id), search: search(w) },
      write: () => as("POST", `/api/seasons/${season.id}/episodes`, { number: 1, title: `Pilot ${w}` }),
      check: ({ detail, search }, written) => {
        expect(detail.body.seasons[0].episodes.map((e: { id: string }) => e.id)).toEqual([written.body.id]);
        expect(ids(search)).toContain(written.body.id);
      },
    };
  },
  "PATCH /episodes/{id}": async () => {
    const { series, episode } = await seriesWithEpisode();
    const w = word();
    return {
      reads: { detail: detail("series", series.id), search: search(w) },
      write: () => as("PATCH", `/api/episodes/${episode.id}`, { title: `Renamed ${w}` }),
      check: ({ detail, search }) => {
        expect(detail.body.seasons[0].episodes[0].title).toBe(`Renamed ${w}`);
        expect(ids(search)).toContain(episode.id);
      },
    };
  },
  "DELETE /episodes/{id}": async () => {
    const { series, episode, episodeWord } = await seriesWithEpisode();
    return {
      reads: { detail: detail("series", series.id), search: search(episodeWord) },
      write: () => as("DELETE", `/api/episodes/${episode.id}`),
      check: ({ detail, search }) => {
        expect(detail.body.seasons[0].episodes).toEqual([]);
        expect(ids(search)).not.toContain(episode.id);
      },
    };
  },

  "POST /people": async () => {
    const w = word();
    return {
      reads: { search: search(w) },
      write: () => as("POST", "/api/people", { name: `Person ${w}` }),
      check: ({ search }, written) => expect(ids(search)).toContain(written.body.id),
    };
  },
  "PATCH /people/{id}": async () => {
    const { person, title } = await castTitle("movie");
    const w = word();
    return {
      reads: { detail: detail("movie", title.id), search: search(w) },
      write: () => as("PATCH", `/api/people/${person.id}`, { name: `Renamed ${w}` }),
      check: ({ detail, search }) => {
        expect(detail.body.cast[0].person.name).toBe(`Renamed ${w}`);
        expect(ids(search)).toContain(person.id);
      },
    };
  },
  "DELETE /people/{id}": async () => {
    const w = word();
    const person = await newPerson(`Person ${w}`);
    return {
      reads: { search: search(w) },
      write: () => as("DELETE", `/api/people/${person.id}`),
      check: ({ search }) => expect(ids(search)).not.toContain(person.id),
    };
  },
  "PUT /people/{id}/photo": photoCase(false),
  "DELETE /people/{id}/photo": photoCase(true),

  "PATCH /characters/{id}": async () => {
    const { character, title } = await castTitle("movie");
    const other = await newPerson();
    return {
      reads: { detail: detail("movie", title.id), byPerson: castingPerson("movie", other.id) },
      write: () => as("PATCH", `/api/characters/${character.id}`, { name: "Recast", personId: other.id }),
      check: ({ detail, byPerson }) => {
        expect(detail.body.cast[0]).toMatchObject({ character: { name: "Recast" }, person: { id: other.id } });
        expect(ids(byPerson)).toContain(title.id);
      },
    };
  },
  "DELETE /characters/{id}": async () => {
    const { person, character, title } = await castTitle("movie");
    return {
      reads: { detail: detail("movie", title.id), byPerson: castingPerson("movie", person.id) },
      write: () => as("DELETE", `/api/characters/${character.id}`),
      check: ({ detail, byPerson }) => {
        expect(detail.body.cast).toEqual([]);
        expect(ids(byPerson)).not.toContain(title.id);
      },
    };
  },
  "PATCH /genres/{id}": async () => {
    const genre = await newGenre();
    const movie = await newMovie({ genres: [genre.id] });
    const name = unique("Renamed ");
    return {
      reads: { detail: detail("movie", movie.id) },
      write: () => as("PATCH", `/api/genres/${genre.id}`, { name }),
      check: ({ detail }) => expect(detail.body.genres).toEqual([{ id: genre.id, name }]),
    };
  },
};

// The account as the API shows it is kept in the user's session object (users/users.cache.ts).
const userCases: Record<string, Case> = {
  "PATCH /me": async () => {
    const user = await registerUser();
    return {
      reads: { me: me(user) },
      write: () => api("PATCH", "/api/me", { token: user.accessToken, body: { name: "Renamed" } }),
      check: ({ me }) => expect(me.body.name).toBe("Renamed"),
    };
  },
  "PATCH /me/password": async () => {
    const user = await registerUser();
    const before = (await me(user)()).body.updatedAt;
    return {
      reads: { me: me(user) },
      write: () =>
        api("PATCH", "/api/me/password", {
          token: user.accessToken,
          body: { currentPassword: user.password, newPassword: "another-long-password" },
        }),
      check: ({ me }) => expect(me.body.updatedAt > before).toBe(true),
    };
  },
  "PATCH /users/{id}": async () => {
    const user = await registerUser();
    const email = `${unique("moved")}@example.com`;
    return {
      reads: { me: me(user) },
      write: async () => api("PATCH", `/api/users/${user.id}`, { token: await admin(), body: { email } }),
      check: ({ me }) => expect(me.body.email).toBe(email),
    };
  },
  "PATCH /users/{id}/role": async () => {
    const user = await registerUser();
    return {
      reads: { me: me(user) },
      write: async () => api("PATCH", `/api/users/${user.id}/role`, { token: await admin(), body: { role: "moderator" } }),
      check: async ({ me: old }) => {
        // Tokens minted before carry the old role: they stop working, and a refreshed one sees the new role.
        expect(old.status).toBe(401);
        const refreshed = await api("POST", "/api/auth/refresh", { body: { refreshToken: user.refreshToken } });
        expect(refreshed.status).toBe(200);
        expect((await me(refreshed.body)()).body.role).toBe("moderator");
      },
    };
  },
  "DELETE /users/{id}": async () => {
    const user = await registerUser();
    return {
      reads: { me: me(user) },
      write: async () => api("DELETE", `/api/users/${user.id}`, { token: await admin() }),
      check: ({ me }) => expect(me.status).toBe(401),
    };
  },
  "POST /auth/google": async () => {
    const user = await registerUser();
    const idToken = await googleIdToken({ sub: unique("sub"), email: user.email, email_verified: true });
    return {
      reads: { me: me(user) },
      write: () => api("POST", "/api/auth/google", { body: { idToken } }),
      check: ({ me }) => expect(me.body.googleLinked).toBe(true),
    };
  },
};

// Recommendations are cached per profile and leave out what the profile watched or favorited.
const activityCases: Record<string, Case> = {
  "POST /views": async () => {
    const { viewer, pick } = await recommended();
    expect(picks(await recommendations(viewer)())).toContain(pick.id);
    return {
      reads: { picks: recommendations(viewer) },
      write: () => watch(viewer, pick.id),
      check: ({ picks: after }) => expect(picks(after)).not.toContain(pick.id),
    };
  },
  "POST /me/favorites": async () => {
    const { viewer, pick } = await recommended();
    expect(picks(await recommendations(viewer)())).toContain(pick.id);
    return {
      reads: { picks: recommendations(viewer) },
      write: () => api("POST", "/api/me/favorites", { token: viewer.accessToken, body: { movieId: pick.id } }),
      check: ({ picks: after }) => expect(picks(after)).not.toContain(pick.id),
    };
  },
  "DELETE /me/favorites": async () => {
    const { viewer, pick } = await recommended();
    await api("POST", "/api/me/favorites", { token: viewer.accessToken, body: { movieId: pick.id } });
    expect(picks(await recommendations(viewer)())).not.toContain(pick.id);
    return {
      reads: { picks: recommendations(viewer) },
      write: () => api("DELETE", `/api/me/favorites?movieId=${pick.id}`, { token: viewer.accessToken }),
      check: ({ picks: after }) => expect(picks(after)).toContain(pick.id),
    };
  },
  "DELETE /me/profiles/{id}": async () => {
    const user = await registerUser();
    const kids = await api("POST", "/api/me/profiles", { token: user.accessToken, body: { name: "Kids" } });
    return {
      reads: { picks: recommendations(user, `?profileId=${kids.body.id}`) },
      write: () => api("DELETE", `/api/me/profiles/${kids.body.id}`, { token: user.accessToken }),
      check: ({ picks }) => expect(picks.status).toBe(404),
    };
  },
};

const cases: Record<string, Case> = { ...catalogCases, ...userCases, ...activityCases };

/** The writes no cached read depends on, each with the reason. */
const cachesNothing: [reason: string, operations: string[]][] = [
  [
    "sessions and sign-in: what they change lives in the session object itself, which is the source of truth, not a copy; a new account has no cached copy until it is first read",
    [
      "POST /auth/register",
      "POST /auth/login",
      "POST /auth/refresh",
      "POST /auth/logout",
      "DELETE /me/sessions/{id}",
      "POST /dev/session",
    ],
  ],
  [
    "profiles: no cached read shows a profile's fields, and a new profile has no activity and is never the account's first (ids grow)",
    ["POST /me/profiles", "PATCH /me/profiles/{id}"],
  ],
  [
    "catalog: a new character or genre is in no cast or title yet, and only a genre no title carries can be deleted",
    ["POST /characters", "POST /genres", "DELETE /genres/{id}"],
  ],
  [
    "catalog playable assets: read from D1 at playback; no cached page shows them",
    ["PUT /movies/{id}/media", "DELETE /movies/{id}/media", "PUT /episodes/{id}/media", "DELETE /episodes/{id}/media"],
  ],
  [
    "likes whose counts are read from D1 on every request (episode and media pages, comments are not cached)",
    [
      "POST /episodes/{id}/like",
      "DELETE /episodes/{id}/like",
      "POST /media/{id}/like",
      "DELETE /media/{id}/like",
      "POST /comments/{id}/like",
      "DELETE /comments/{id}/like",
    ],
  ],
  [
    "comments, playlists, reviews and follows: read from D1 on every request",
    [
      "POST /comments",
      "PATCH /comments/{id}",
      "DELETE /comments/{id}",
      "POST /comments/{id}/report",
      "POST /comments/{id}/hide",
      "POST /comments/{id}/restore",
      "POST /comments/{id}/remove",
      "PUT /movies/{id}/comment-policy",
      "PUT /series/{id}/comment-policy",
      "PUT /episodes/{id}/comment-policy",
      "PUT /media/{id}/comment-policy",
      "POST /playlists",
      "PATCH /playlists/{id}",
      "DELETE /playlists/{id}",
      "POST /playlists/{id}/items",
      "PATCH /playlists/{id}/items",
      "DELETE /playlists/{id}/items/{itemId}",
      "POST /reviews",
      "PATCH /reviews/{id}",
      "DELETE /reviews/{id}",
      "POST /users/{id}/follow",
      "DELETE /users/{id}/follow",
    ],
  ],
  [
    "personal media and uploads: read from D1 and R2 on every request",
    [
      "POST /media",
      "PATCH /media/{id}",
      "DELETE /media/{id}",
      "POST /media/{id}/convert",
      "POST /media/{id}/shares",
      "DELETE /media/{id}/shares/{userId}",
      "POST /uploads",
      "PATCH /uploads/{id}",
      "DELETE /uploads/{id}",
    ],
  ],
  [
    "money and notifications: read from D1, or live from the user's notification room (the unread count)",
    [
      "POST /me/payment-methods",
      "DELETE /me/payment-methods/{id}",
      "POST /payments",
      "POST /notifications/read-all",
      "POST /notifications/{id}/read",
      "PUT /me/notification-preferences",
    ],
  ],
  [
    "box office: seats live in each showtime's object; the isolate's copy of a showtime holds only what never changes once it exists (cinema/seats.ts)",
    [
      "POST /theaters",
      "POST /showtimes",
      "POST /showtimes/{id}/cancel",
      "POST /showtimes/{id}/holds",
      "PATCH /holds/{id}",
      "DELETE /holds/{id}",
      "POST /orders",
      "POST /orders/{id}/refund",
      "POST /tickets/{code}/check-in",
    ],
  ],
];

describe("cache invalidation", { timeout: 60_000 }, () => {
  it("has a case, or a reason it needs none, for every write operation in the OpenAPI document", async () => {
    const documented = await writeOperations();
    const exempt = cachesNothing.flatMap(([, operations]) => operations);
    const known = [...Object.keys(cases), ...exempt];
    expect(
      documented.filter((op) => !known.includes(op)),
      "writes with no case and no reason",
    ).toEqual([]);
    expect(
      known.filter((op) => !documented.includes(op)),
      "cases for writes the API no longer has",
    ).toEqual([]);
    expect(
      Object.keys(cases).filter((op) => exempt.includes(op)),
      "both a case and a reason",
    ).toEqual([]);
  });

  for (const [operation, arrange] of Object.entries(cases)) {
    it(`${operation}: the cached reads show the write at once`, () => prove(arrange));
  }
});
