import { env } from "cloudflare:test";
import { importJWK, type JWTPayload, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { registerUser, type TestUser, unique } from "../test/api";
import { checkedFetch, client, expectJson, settle } from "../test/client";
import {
  admin,
  movieBody,
  newCharacter,
  newEpisode,
  newGenre,
  newMovie,
  newPerson,
  newSeason,
  newSeries,
  PNG,
} from "./catalog/catalog.fixtures";
import { clip, uploaded } from "./media/media.test-helpers";
import { codeSentTo, newPhone, withVerifiedPhone } from "./users/phone.test-helpers";

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

/** An answer read once, as `prove` needs it: its status and headers, and its body. */
type Answer = { status: number; headers: Headers; body: unknown };

/** Asserts the answer's status and returns its body, typed by the route's response for that status. */
function bodyOf<A extends Answer, S extends A["status"]>(res: A, status: S): Extract<A, { status: S }>["body"] {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body as Extract<A, { status: S }>["body"];
}
/** `bodyOf(res, 200)`, for the reads (every one answers 200 unless its check says otherwise). */
function ok<A extends Answer>(res: A): Extract<A, { status: 200 }>["body"] {
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Extract<A, { status: 200 }>["body"];
}

type Read = () => Promise<Answer>;
interface Arranged<R extends Record<string, Read | undefined> = Record<string, Read | undefined>, W extends Answer = Answer> {
  reads: R;
  write: () => Promise<W>;
  check: (after: { [K in keyof R]: Awaited<ReturnType<NonNullable<R[K]>>> }, written: W) => void | Promise<void>;
}
type Case = () => Promise<Arranged>;
/** A case, its check typed by its own reads and write (every case is run the same way by `prove`). */
const arranged = <R extends Record<string, Read | undefined>, W extends Answer>(a: Arranged<R, W>) => a as unknown as Arranged;

const methods = ["post", "put", "patch", "delete"];

async function writeOperations(): Promise<string[]> {
  // A walk over the whole document, which is not a typed route: fetched by path.
  const res = await checkedFetch("https://marquee.test/api/openapi.json");
  const doc: { paths: Record<string, Record<string, unknown>> } = await res.json();
  return Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.keys(operations)
      .filter((method) => methods.includes(method))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
}

async function prove(arrange: Case) {
  const { reads, write, check } = await arrange();
  for (const [name, read] of Object.entries(reads)) {
    if (!read) continue;
    await read();
    const warm = await read();
    expect(warm.status, `${name}: ${JSON.stringify(warm.body)}`).toBeLessThan(300);
    const cache = warm.headers.get("x-cache");
    if (cache !== null) expect(cache, `${name} is answered from cache before the write`).toBe("hit");
  }
  const written = await write();
  expect(written.status, JSON.stringify(written.body)).toBeLessThan(300);
  const after: Record<string, Answer> = {};
  for (const [name, read] of Object.entries(reads)) if (read) after[name] = await read();
  await check(after, written);
}

// --- reads

type Kind = "movie" | "series";
const collection = { movie: "movies", series: "series" } as const;
const movieDetail = (id: string) => async () => settle(await client().movies[":id"].$get({ param: { id } }));
const seriesDetail = (id: string) => async () => settle(await client().series[":id"].$get({ param: { id } }));
const detail = (kind: Kind, id: string) => (kind === "movie" ? movieDetail(id) : seriesDetail(id));
/** A page of titles: the movies' or the series'. */
const titles = async (kind: Kind, query: { sort?: "recent"; limit?: string; person?: string }) =>
  kind === "movie" ? settle(await client().movies.$get({ query })) : settle(await client().series.$get({ query }));
/** The newest titles first: what a test just made is on top. */
const recent = (kind: Kind) => () => titles(kind, { sort: "recent", limit: "5" });
const recentSeries = () => async () => settle(await client().series.$get({ query: { sort: "recent", limit: "5" } }));
const castingPerson = (kind: Kind, personId: string) => () => titles(kind, { person: personId });
const search = (word: string) => async () => settle(await client().search.$get({ query: { q: word } }));
const me = (user: { accessToken: string }) => async () => settle(await client(user.accessToken).me.$get());
const recommendations =
  (user: TestUser, query: { profileId?: string } = {}) =>
  async () =>
    settle(await client(user.accessToken).me.recommendations.$get({ query }));

const ids = (page: { items: { id: string }[] }) => page.items.map((item) => item.id);
const itemOf = <P extends { items: { id: string }[] }>(page: P, id: string): P["items"][number] | undefined =>
  page.items.find((item) => item.id === id);
const picks = (page: { items: { item: { id: string } }[] }) => page.items.map((r) => r.item.id);

// --- writes and what they need

/** One searchable word that no other title, episode or person carries. */
const word = () => unique("w").toLowerCase();
const asAdmin = async () => client(await admin());
// The walk names artwork by path (every title kind and person alike), so these go by path too.
const asAdminByPath = async (method: "PUT" | "DELETE", path: string, init: RequestInit = {}) => {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${await admin()}`);
  return checkedFetch(`https://marquee.test${path}`, { ...init, method, headers });
};
const upload = (path: string) => asAdminByPath("PUT", path, { body: PNG, headers: { "content-type": "image/png" } });
const removeArtwork = (path: string) => asAdminByPath("DELETE", path);
const newTitle = (kind: Kind, extra: Record<string, unknown> = {}) => (kind === "movie" ? newMovie(extra) : newSeries(extra));
const setCast = async (kind: Kind, id: string, cast: string[]) => {
  const api = await asAdmin();
  const [param, json] = [{ id }, { cast }];
  return kind === "movie"
    ? settle(await api.movies[":id"].cast.$put({ param, json }))
    : settle(await api.series[":id"].cast.$put({ param, json }));
};

/** A title whose cast shows a character played by a person: for the writes that re-render casts. */
async function castTitle(kind: Kind, personName = `Person ${word()}`) {
  const person = await newPerson(personName);
  const character = await newCharacter(person.id);
  const title = await newTitle(kind);
  expect((await setCast(kind, title.id, [character.id])).status).toBe(200);
  return { person, character, title };
}

/** A series with one season, and in it one episode whose title carries `episodeWord`. */
async function seriesWithEpisode(episodeWord = word()) {
  const series = await newSeries();
  const season = await newSeason(series.id, { number: 1 });
  const episode = await newEpisode(season.id, { number: 1, title: `Episode ${episodeWord}` });
  return { series, season, episode, episodeWord };
}

const watch = async (user: TestUser, movieId: string) => {
  const json = { movieId, positionSeconds: 30, durationSeconds: 3000 };
  return settle(await client(user.accessToken).views.$post({ json }));
};

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
  /** This kind's `/{collection}/:id` routes, as the admin. */
  const one = async () => {
    const api = await asAdmin();
    return kind === "movie" ? api.movies[":id"] : api.series[":id"];
  };
  return {
    [`POST ${base}`]: async () => {
      const w = word();
      const json = movieBody({ title: `Title ${w}` });
      return arranged({
        reads: { list: recent(kind), search: search(w) },
        write: async () => {
          const api = await asAdmin();
          return kind === "movie" ? settle(await api.movies.$post({ json })) : settle(await api.series.$post({ json }));
        },
        check: ({ list, search }, written) => {
          const id = bodyOf(written, 201).id;
          expect(ids(ok(list))).toContain(id);
          expect(ids(ok(search))).toContain(id);
        },
      });
    },
    [`PATCH ${base}/{id}`]: async () => {
      const title = await newTitle(kind);
      const w = word();
      return arranged({
        reads: { detail: detail(kind, title.id), list: recent(kind), search: search(w) },
        write: async () =>
          settle(await (await one()).$patch({ param: { id: title.id }, json: { title: `Renamed ${w}`, releaseYear: 1999 } })),
        check: ({ detail, list, search }) => {
          expect(ok(detail).title).toBe(`Renamed ${w}`);
          expect(itemOf(ok(list), title.id)?.title).toBe(`Renamed ${w}`);
          expect(itemOf(ok(search), title.id)?.releaseYear).toBe(1999);
        },
      });
    },
    [`DELETE ${base}/{id}`]: async () => {
      const w = word();
      const title = await newTitle(kind, { title: `Doomed ${w}` });
      return arranged({
        reads: { detail: detail(kind, title.id), list: recent(kind), search: search(w) },
        write: async () => settle(await (await one()).$delete({ param: { id: title.id } })),
        check: ({ detail, list, search }) => {
          expect(detail.status).toBe(404);
          expect(ids(ok(list))).not.toContain(title.id);
          expect(ids(ok(search))).not.toContain(title.id);
        },
      });
    },
    [`PUT ${base}/{id}/cast`]: async () => {
      const person = await newPerson();
      const character = await newCharacter(person.id);
      const title = await newTitle(kind);
      return arranged({
        reads: { detail: detail(kind, title.id), byPerson: castingPerson(kind, person.id) },
        write: () => setCast(kind, title.id, [character.id]),
        check: ({ detail, byPerson }) => {
          expect(ok(detail).cast.map((c) => c.character.id)).toEqual([character.id]);
          expect(ids(ok(byPerson))).toContain(title.id);
        },
      });
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
    const searchRead = which === "poster" ? { search: search(w) } : { search: undefined };
    return arranged({
      reads: { detail: detail(kind, title.id), list: recent(kind), ...searchRead },
      write: () => (uploaded ? removeArtwork(path(title.id)) : upload(path(title.id))),
      check: (after) => {
        const shown = uploaded ? null : expect.stringMatching(/^\/api\/artwork\//);
        expect(ok(after.detail)[field]).toEqual(shown);
        expect(itemOf(ok(after.list), title.id)?.[field]).toEqual(shown);
        if (after.search) expect(itemOf(ok(after.search), title.id)?.imageUrl).toEqual(shown);
      },
    });
  };
  return {
    [`PUT /${collection[kind]}/{id}/${which}`]: () => arrange(false),
    [`DELETE /${collection[kind]}/{id}/${which}`]: () => arrange(true),
  };
}

async function likeCase(kind: Kind, like: boolean): Promise<Arranged> {
  const [title, fan] = await Promise.all([newTitle(kind), registerUser()]);
  const likes = kind === "movie" ? client(fan.accessToken).movies[":id"].like : client(fan.accessToken).series[":id"].like;
  const param = { id: title.id };
  if (!like) expect((await likes.$post({ param })).status).toBe(200);
  return arranged({
    // The anonymous view is the cached one; its count must follow the like at once.
    reads: { detail: detail(kind, title.id) },
    write: async () => settle(like ? await likes.$post({ param }) : await likes.$delete({ param })),
    check: ({ detail }) => expect(ok(detail).likeCount).toBe(like ? 1 : 0),
  });
}

function photoCase(uploaded: boolean): Case {
  return async () => {
    const w = word();
    const { person, title } = await castTitle("movie", `Person ${w}`);
    const path = `/api/people/${person.id}/photo`;
    if (uploaded) expect((await upload(path)).status).toBe(200);
    return arranged({
      reads: { detail: movieDetail(title.id), search: search(w) },
      write: () => (uploaded ? removeArtwork(path) : upload(path)),
      check: ({ detail, search }) => {
        const shown = uploaded ? null : expect.stringMatching(/^\/api\/artwork\//);
        expect(ok(detail).cast[0].person.photoUrl).toEqual(shown);
        expect(itemOf(ok(search), person.id)?.imageUrl).toEqual(shown);
      },
    });
  };
}

const catalogCases: Record<string, Case> = {
  ...titleCases("movie"),
  ...titleCases("series"),

  "POST /series/{id}/seasons": async () => {
    const series = await newSeries();
    return arranged({
      reads: { detail: seriesDetail(series.id), list: recentSeries() },
      write: async () =>
        settle(await (await asAdmin()).series[":id"].seasons.$post({ param: { id: series.id }, json: { number: 1 } })),
      check: ({ detail, list }) => {
        expect(ok(detail).seasons).toHaveLength(1);
        expect(itemOf(ok(list), series.id)?.seasonCount).toBe(1);
      },
    });
  },
  "PATCH /seasons/{id}": async () => {
    const { series, season, episode, episodeWord } = await seriesWithEpisode();
    return arranged({
      reads: { detail: seriesDetail(series.id), search: search(episodeWord) },
      write: async () =>
        settle(
          await (await asAdmin()).seasons[":id"].$patch({ param: { id: season.id }, json: { number: 7, title: "Renamed" } }),
        ),
      check: ({ detail, search }) => {
        expect(ok(detail).seasons[0]).toMatchObject({ number: 7, title: "Renamed" });
        expect(itemOf(ok(search), episode.id)?.seasonNumber).toBe(7);
      },
    });
  },
  "DELETE /seasons/{id}": async () => {
    const { series, season, episode, episodeWord } = await seriesWithEpisode();
    return arranged({
      reads: { detail: seriesDetail(series.id), list: recentSeries(), search: search(episodeWord) },
      write: async () => settle(await (await asAdmin()).seasons[":id"].$delete({ param: { id: season.id } })),
      check: ({ detail, list, search }) => {
        expect(ok(detail).seasons).toEqual([]);
        expect(itemOf(ok(list), series.id)?.seasonCount).toBe(0);
        expect(ids(ok(search))).not.toContain(episode.id);
      },
    });
  },
  "POST /seasons/{id}/episodes": async () => {
    const series = await newSeries();
    const season = await newSeason(series.id, { number: 1 });
    const w = word();
    return arranged({
      reads: { detail: seriesDetail(series.id), search: search(w) },
      write: async () => {
        const json = { number: 1, title: `Pilot ${w}` };
        return settle(await (await asAdmin()).seasons[":id"].episodes.$post({ param: { id: season.id }, json }));
      },
      check: ({ detail, search }, written) => {
        const id = bodyOf(written, 201).id;
        expect(ok(detail).seasons[0].episodes.map((e) => e.id)).toEqual([id]);
        expect(ids(ok(search))).toContain(id);
      },
    });
  },
  "PATCH /episodes/{id}": async () => {
    const { series, episode } = await seriesWithEpisode();
    const w = word();
    return arranged({
      reads: { detail: seriesDetail(series.id), search: search(w) },
      write: async () =>
        settle(await (await asAdmin()).episodes[":id"].$patch({ param: { id: episode.id }, json: { title: `Renamed ${w}` } })),
      check: ({ detail, search }) => {
        expect(ok(detail).seasons[0].episodes[0].title).toBe(`Renamed ${w}`);
        expect(ids(ok(search))).toContain(episode.id);
      },
    });
  },
  "DELETE /episodes/{id}": async () => {
    const { series, episode, episodeWord } = await seriesWithEpisode();
    return arranged({
      reads: { detail: seriesDetail(series.id), search: search(episodeWord) },
      write: async () => settle(await (await asAdmin()).episodes[":id"].$delete({ param: { id: episode.id } })),
      check: ({ detail, search }) => {
        expect(ok(detail).seasons[0].episodes).toEqual([]);
        expect(ids(ok(search))).not.toContain(episode.id);
      },
    });
  },

  "POST /people": async () => {
    const w = word();
    return arranged({
      reads: { search: search(w) },
      write: async () => settle(await (await asAdmin()).people.$post({ json: { name: `Person ${w}` } })),
      check: ({ search }, written) => expect(ids(ok(search))).toContain(bodyOf(written, 201).id),
    });
  },
  "PATCH /people/{id}": async () => {
    const { person, title } = await castTitle("movie");
    const w = word();
    return arranged({
      reads: { detail: movieDetail(title.id), search: search(w) },
      write: async () =>
        settle(await (await asAdmin()).people[":id"].$patch({ param: { id: person.id }, json: { name: `Renamed ${w}` } })),
      check: ({ detail, search }) => {
        expect(ok(detail).cast[0].person.name).toBe(`Renamed ${w}`);
        expect(ids(ok(search))).toContain(person.id);
      },
    });
  },
  "DELETE /people/{id}": async () => {
    const w = word();
    const person = await newPerson(`Person ${w}`);
    return arranged({
      reads: { search: search(w) },
      write: async () => settle(await (await asAdmin()).people[":id"].$delete({ param: { id: person.id } })),
      check: ({ search }) => expect(ids(ok(search))).not.toContain(person.id),
    });
  },
  "PUT /people/{id}/photo": photoCase(false),
  "DELETE /people/{id}/photo": photoCase(true),

  "PATCH /characters/{id}": async () => {
    const { character, title } = await castTitle("movie");
    const other = await newPerson();
    return arranged({
      reads: { detail: movieDetail(title.id), byPerson: castingPerson("movie", other.id) },
      write: async () => {
        const json = { name: "Recast", personId: other.id };
        return settle(await (await asAdmin()).characters[":id"].$patch({ param: { id: character.id }, json }));
      },
      check: ({ detail, byPerson }) => {
        expect(ok(detail).cast[0]).toMatchObject({ character: { name: "Recast" }, person: { id: other.id } });
        expect(ids(ok(byPerson))).toContain(title.id);
      },
    });
  },
  "DELETE /characters/{id}": async () => {
    const { person, character, title } = await castTitle("movie");
    return arranged({
      reads: { detail: movieDetail(title.id), byPerson: castingPerson("movie", person.id) },
      write: async () => settle(await (await asAdmin()).characters[":id"].$delete({ param: { id: character.id } })),
      check: ({ detail, byPerson }) => {
        expect(ok(detail).cast).toEqual([]);
        expect(ids(ok(byPerson))).not.toContain(title.id);
      },
    });
  },
  "PATCH /genres/{id}": async () => {
    const genre = await newGenre();
    const movie = await newMovie({ genres: [genre.id] });
    const name = unique("Renamed ");
    return arranged({
      reads: { detail: movieDetail(movie.id) },
      write: async () => settle(await (await asAdmin()).genres[":id"].$patch({ param: { id: genre.id }, json: { name } })),
      check: ({ detail }) => expect(ok(detail).genres).toEqual([{ id: genre.id, name }]),
    });
  },
};

// The account as the API shows it is kept in the user's session object (users/users.cache.ts).
const userCases: Record<string, Case> = {
  "PATCH /me": async () => {
    const user = await registerUser();
    return arranged({
      reads: { me: me(user) },
      write: async () => settle(await client(user.accessToken).me.$patch({ json: { name: "Renamed" } })),
      check: ({ me }) => expect(ok(me).name).toBe("Renamed"),
    });
  },
  "PATCH /me/password": async () => {
    const user = await registerUser();
    const before = ok(await me(user)()).updatedAt;
    return arranged({
      reads: { me: me(user) },
      write: async () => {
        const json = { currentPassword: user.password, newPassword: "another-long-password" };
        return settle(await client(user.accessToken).me.password.$patch({ json }));
      },
      check: ({ me }) => expect(ok(me).updatedAt > before).toBe(true),
    });
  },
  "POST /me/phone/verify": async () => {
    const user = await registerUser();
    const phone = newPhone();
    await expectJson(await client(user.accessToken).me.phone.$put({ json: { phone } }), 202);
    const code = await codeSentTo(phone);
    return arranged({
      reads: { me: me(user) },
      write: async () => settle(await client(user.accessToken).me.phone.verify.$post({ json: { code } })),
      check: ({ me }) => expect(ok(me).phone).toBe(phone),
    });
  },
  "DELETE /me/phone": async () => {
    const user = await registerUser();
    await withVerifiedPhone(user);
    return arranged({
      reads: { me: me(user) },
      write: async () => settle(await client(user.accessToken).me.phone.$delete()),
      check: ({ me }) => expect(ok(me).phone).toBeNull(),
    });
  },
  "PATCH /users/{id}": async () => {
    const user = await registerUser();
    const email = `${unique("moved")}@example.com`;
    return arranged({
      reads: { me: me(user) },
      write: async () => settle(await (await asAdmin()).users[":id"].$patch({ param: { id: user.id }, json: { email } })),
      check: ({ me }) => expect(ok(me).email).toBe(email),
    });
  },
  "PATCH /users/{id}/role": async () => {
    const user = await registerUser();
    return arranged({
      reads: { me: me(user) },
      write: async () =>
        settle(await (await asAdmin()).users[":id"].role.$patch({ param: { id: user.id }, json: { role: "moderator" } })),
      check: async ({ me: old }) => {
        // Tokens minted before carry the old role: they stop working, and a refreshed one sees the new role.
        expect(old.status).toBe(401);
        const refreshed = await expectJson(await client().auth.refresh.$post({ json: { refreshToken: user.refreshToken } }), 200);
        expect(ok(await me(refreshed)()).role).toBe("moderator");
      },
    });
  },
  "DELETE /users/{id}": async () => {
    const user = await registerUser();
    return arranged({
      reads: { me: me(user) },
      write: async () => settle(await (await asAdmin()).users[":id"].$delete({ param: { id: user.id } })),
      check: ({ me }) => expect(me.status).toBe(401),
    });
  },
  "POST /users/{id}/restore": async () => {
    const user = await registerUser();
    // The account was read (its copy cached in its session object), then deleted.
    ok(await me(user)());
    await (await asAdmin()).users[":id"].$delete({ param: { id: user.id } });
    const account = async () => settle(await (await asAdmin()).users[":id"].$get({ param: { id: user.id } }));
    return arranged({
      reads: { account },
      write: async () => settle(await (await asAdmin()).users[":id"].restore.$post({ param: { id: user.id } })),
      check: async ({ account }) => {
        expect(ok(account).deletedAt).toBeNull();
        // Signed in again, the account reads as live: the copy in the session object followed.
        const json = { email: user.email, password: user.password };
        const session = await expectJson(await client().auth.login.$post({ json }), 200);
        expect(ok(await me(session)()).deletedAt).toBeNull();
      },
    });
  },
  "POST /auth/google": async () => {
    const user = await registerUser();
    const idToken = await googleIdToken({ sub: unique("sub"), email: user.email, email_verified: true });
    return arranged({
      reads: { me: me(user) },
      write: async () => settle(await client().auth.google.$post({ json: { idToken } })),
      check: ({ me }) => expect(ok(me).googleLinked).toBe(true),
    });
  },
};

// Recommendations are cached per profile and leave out what the profile watched or favorited.
const activityCases: Record<string, Case> = {
  "POST /views": async () => {
    const { viewer, pick } = await recommended();
    expect(picks(ok(await recommendations(viewer)()))).toContain(pick.id);
    return arranged({
      reads: { picks: recommendations(viewer) },
      write: () => watch(viewer, pick.id),
      check: ({ picks: after }) => expect(picks(ok(after))).not.toContain(pick.id),
    });
  },
  "POST /me/favorites": async () => {
    const { viewer, pick } = await recommended();
    expect(picks(ok(await recommendations(viewer)()))).toContain(pick.id);
    return arranged({
      reads: { picks: recommendations(viewer) },
      write: async () => settle(await client(viewer.accessToken).me.favorites.$post({ json: { movieId: pick.id } })),
      check: ({ picks: after }) => expect(picks(ok(after))).not.toContain(pick.id),
    });
  },
  "DELETE /me/favorites": async () => {
    const { viewer, pick } = await recommended();
    const favorites = client(viewer.accessToken).me.favorites;
    await favorites.$post({ json: { movieId: pick.id } });
    expect(picks(ok(await recommendations(viewer)()))).not.toContain(pick.id);
    return arranged({
      reads: { picks: recommendations(viewer) },
      write: async () => settle(await favorites.$delete({ query: { movieId: pick.id } })),
      check: ({ picks: after }) => expect(picks(ok(after))).toContain(pick.id),
    });
  },
  "DELETE /me/history": async () => {
    const { viewer, pick } = await recommended();
    expect((await watch(viewer, pick.id)).status).toBe(200);
    expect(picks(ok(await recommendations(viewer)()))).not.toContain(pick.id);
    return arranged({
      reads: { picks: recommendations(viewer) },
      write: async () => settle(await client(viewer.accessToken).me.history.$delete({ query: { movieId: pick.id } })),
      check: ({ picks: after }) => expect(picks(ok(after))).toContain(pick.id),
    });
  },
  "DELETE /me/profiles/{id}": async () => {
    const user = await registerUser();
    const profiles = client(user.accessToken).me.profiles;
    const kids = await expectJson(await profiles.$post({ json: { name: "Kids" } }), 201);
    return arranged({
      reads: { picks: recommendations(user, { profileId: kids.id }) },
      write: async () => settle(await profiles[":id"].$delete({ param: { id: kids.id } })),
      check: ({ picks }) => expect(picks.status).toBe(404),
    });
  },
};

/** A title's page says whether it plays: attaching or detaching its asset changes the cached page. */
async function playableCase(titleType: "movie" | "episode", attach: boolean): Promise<Arranged> {
  const token = await admin();
  const item = await uploaded(token, clip.audio(), "theme.mp3");
  const movie = titleType === "movie" ? await newMovie() : undefined;
  const series = titleType === "episode" ? await newSeries() : undefined;
  const season = series && (await newSeason(series.id, { number: 1 }));
  const episode = season && (await newEpisode(season.id, { number: 1, title: "Pilot" }));
  const param = { id: movie?.id ?? episode?.id ?? "" };
  const assets = titleType === "movie" ? client(token).movies[":id"].media : client(token).episodes[":id"].media;
  if (!attach) expect((await assets.$put({ param, json: { mediaId: item.id } })).status).toBe(200);
  const page = movie ? movieDetail(movie.id) : seriesDetail(series?.id ?? "");
  return arranged({
    reads: { page },
    write: async () =>
      settle(attach ? await assets.$put({ param, json: { mediaId: item.id } }) : await assets.$delete({ param })),
    check: ({ page }) => {
      const body = ok(page) as { playable?: boolean; seasons?: { episodes: { playable?: boolean }[] }[] };
      expect(movie ? body.playable : body.seasons?.[0].episodes[0].playable).toBe(attach);
    },
  });
}

const playableCases: Record<string, Case> = {
  "PUT /movies/{id}/media": () => playableCase("movie", true),
  "DELETE /movies/{id}/media": () => playableCase("movie", false),
  "PUT /episodes/{id}/media": () => playableCase("episode", true),
  "DELETE /episodes/{id}/media": () => playableCase("episode", false),
};

const cases: Record<string, Case> = { ...catalogCases, ...userCases, ...activityCases, ...playableCases };

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
      "POST /reviews/{id}/report",
      "DELETE /admin/reviews/{id}",
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
      "POST /jobs/{id}/retry",
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
      "PATCH /me/payment-methods/{id}",
      "DELETE /me/payment-methods/{id}",
      "POST /payments",
      "POST /notifications/read-all",
      "POST /notifications/{id}/read",
      "PUT /me/notification-preferences",
    ],
  ],
  [
    "billing: plans, subscriptions, entitlements and invoices are read from D1 on every request (a playback's entitlement too); stream slots live in the user's session object, their source of truth",
    [
      "POST /plans",
      "PATCH /plans/{id}",
      "DELETE /plans/{id}",
      "POST /me/subscription",
      "POST /me/subscription/change",
      "POST /me/subscription/cancel",
      "POST /me/subscription/resume",
      "PUT /me/subscription/payment-method",
      "POST /subscriptions/{id}/cancel-now",
      "POST /billing/run",
      "POST /playbacks/{id}/heartbeat",
      "DELETE /playbacks/{id}",
      "POST /invoices",
      "POST /invoices/{id}/void",
      "POST /invoices/{id}/pay",
      "POST /invoices/{id}/credit-notes",
    ],
  ],
  [
    "loyalty: the standing, the ledger, rewards and vouchers are read from D1 on every request",
    [
      "POST /me/loyalty",
      "POST /users/{id}/loyalty/adjustments",
      "POST /loyalty/run",
      "POST /rewards",
      "PATCH /rewards/{id}",
      "DELETE /rewards/{id}",
      "POST /rewards/{id}/redeem",
    ],
  ],
  [
    "box office: seats live in each showtime's object; the isolate's copy of a showtime holds only what never changes once it exists (cinema/seats.ts): a theater's name is read from D1 each time, its layout cannot change (nor the theater go) while a showtime that has not ended uses it",
    [
      "POST /theaters",
      "PATCH /theaters/{id}",
      "DELETE /theaters/{id}",
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
  [
    "analytics events are appended to D1 and only read by the analytics reads, which aggregate D1 on every request; nothing caches them",
    ["POST /events"],
  ],
  [
    "admin refunds and messages: a payment, its credit note and the loyalty ledger are read from D1 on every request; a message only writes email outbox rows, which nothing caches",
    ["POST /admin/payments/{id}/refund", "POST /admin/messages/email"],
  ],
  [
    "phone: a number waiting for its code lives in D1 only (phone_verifications); the account's copy changes only once the code is verified",
    ["PUT /me/phone"],
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
