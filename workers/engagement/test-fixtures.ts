import { env } from "cloudflare:test";
import { registerUser, signInAdmin, type TestUser, unique } from "../../test/api";
import { client, expectJson } from "../../test/client";
import { newId } from "../lib/ids";

const now = () => new Date().toISOString();

/** Catalog rows written straight to D1: these tests are about engagement, not the catalog's API. */
export async function seedMovie(title = unique("Movie "), genreIds: string[] = []) {
  const id = newId();
  await env.DB.prepare(
    "INSERT INTO movies (id, title, runtime_minutes, poster_key, created_at, updated_at) VALUES (?, ?, 100, ?, ?, ?)",
  )
    .bind(id, title, `artwork/${id}.jpg`, now(), now())
    .run();
  for (const g of genreIds) await env.DB.prepare("INSERT INTO movie_genres (movie_id, genre_id) VALUES (?, ?)").bind(id, g).run();
  return { id, title };
}

export async function seedGenre(name = unique("Genre ")) {
  const id = newId();
  await env.DB.prepare("INSERT INTO genres (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)")
    .bind(id, name, now(), now())
    .run();
  return { id, name };
}

export async function seedSeries(title = unique("Series ")) {
  const id = newId();
  const seasonId = newId();
  const episodeId = newId();
  await env.DB.batch([
    env.DB.prepare("INSERT INTO series (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)").bind(id, title, now(), now()),
    env.DB.prepare("INSERT INTO seasons (id, series_id, number, created_at, updated_at) VALUES (?, ?, 1, ?, ?)").bind(
      seasonId,
      id,
      now(),
      now(),
    ),
    env.DB.prepare(
      "INSERT INTO episodes (id, season_id, number, title, created_at, updated_at) VALUES (?, ?, 1, 'Pilot', ?, ?)",
    ).bind(episodeId, seasonId, now(), now()),
  ]);
  return { id, title, episodeId };
}

export async function seedMedia(ownerId: string, title = unique("Clip ")) {
  const id = newId();
  await env.DB.prepare(
    "INSERT INTO media_items (id, owner_id, filename, content_type, kind, size_bytes, title, created_at, updated_at) VALUES (?, ?, 'clip.mp4', 'video/mp4', 'video', 10, ?, ?, ?)",
  )
    .bind(id, ownerId, title, now(), now())
    .run();
  return { id, title };
}

export async function shareMedia(mediaId: string, userId: string) {
  await env.DB.prepare("INSERT INTO media_shares (media_id, user_id, created_at) VALUES (?, ?, ?)")
    .bind(mediaId, userId, now())
    .run();
}

/** A fresh account promoted to `role` by the admin, signed in again so its token carries the role. */
export async function userWithRole(role: "moderator" | "admin"): Promise<TestUser> {
  const user = await registerUser();
  const admin = await signInAdmin();
  await expectJson(await client(admin.accessToken).users[":id"].role.$patch({ param: { id: user.id }, json: { role } }), 200);
  const json = { email: user.email, password: user.password };
  const { accessToken, refreshToken } = await expectJson(await client().auth.login.$post({ json }), 200);
  return { ...user, accessToken, refreshToken };
}

/** A paid ticket for `userId` to a showing of `movieId`, written the way the box office records one. */
export async function seedTicket(userId: string, movieId: string) {
  const [theater, showtime, order, ticket] = [newId(), newId(), newId(), newId()];
  const at = now();
  await env.DB.batch([
    env.DB.prepare("INSERT INTO theaters (id, name, layout, seat_count, created_at) VALUES (?, 'Hall', ?, 1, ?)").bind(
      theater,
      JSON.stringify({ rows: ["S"] }),
      at,
    ),
    env.DB.prepare(
      "INSERT INTO showtimes (id, movie_id, theater_id, starts_at, ends_at, prices, hold_ttl_seconds, created_at) VALUES (?, ?, ?, ?, ?, ?, 600, ?)",
    ).bind(
      showtime,
      movieId,
      theater,
      at,
      at,
      JSON.stringify({ standard: 1000, premium: 1500, wheelchair: 1000, companion: 1000 }),
      at,
    ),
    env.DB.prepare(
      "INSERT INTO orders (id, user_id, showtime_id, hold_id, idempotency_key, status, created_at) VALUES (?, ?, ?, 'h', ?, 'paid', ?)",
    ).bind(order, userId, showtime, newId(), at),
    env.DB.prepare(
      "INSERT INTO tickets (id, code, order_id, showtime_id, user_id, seat_label, seat_kind, price_cents, created_at) VALUES (?, ?, ?, ?, ?, 'A1', 'standard', 1000, ?)",
    ).bind(ticket, newId(), order, showtime, userId, at),
  ]);
}
