import { env } from "cloudflare:test";
import { registerUser, signInAdmin, type TestUser } from "../../test/api";
import { client, expectJson } from "../../test/client";
import type { Role } from "../db/schema";
import { newId } from "../lib/ids";

/** A new account given `role` by the admin, signed in again so its token carries the role. */
export async function userWithRole(role: Role): Promise<TestUser> {
  const user = await registerUser();
  const admin = await signInAdmin();
  await expectJson(await client(admin.accessToken).users[":id"].role.$patch({ param: { id: user.id }, json: { role } }), 200);
  const json = { email: user.email, password: user.password };
  const { accessToken, refreshToken } = await expectJson(await client().auth.login.$post({ json }), 200);
  return { ...user, accessToken, refreshToken };
}

const run = (sql: string, ...values: unknown[]) => env.DB.prepare(sql).bind(...values);

export async function insertMovie(title: string) {
  const id = newId();
  const at = "2020-01-01T00:00:00.000Z";
  await run(
    "INSERT INTO movies (id, title, runtime_minutes, created_at, updated_at) VALUES (?, ?, 100, ?, ?)",
    id,
    title,
    at,
    at,
  ).run();
  return id;
}

export async function insertTheater(name: string, seats: number) {
  const id = newId();
  await run(
    "INSERT INTO theaters (id, name, layout, seat_count, created_at) VALUES (?, ?, ?, ?, '2020-01-01T00:00:00.000Z')",
    id,
    name,
    JSON.stringify({ rows: ["s".repeat(seats)] }),
    seats,
  ).run();
  return id;
}

export async function insertShowtime(movieId: string, theaterId: string, startsAt: string, status = "scheduled") {
  const id = newId();
  await run(
    `INSERT INTO showtimes (id, movie_id, theater_id, starts_at, ends_at, prices, hold_ttl_seconds, status, created_at)
     VALUES (?, ?, ?, ?, ?, ?, 600, ?, '2020-01-01T00:00:00.000Z')`,
    id,
    movieId,
    theaterId,
    startsAt,
    startsAt,
    JSON.stringify({ standard: 1000, premium: 1500, wheelchair: 1000, companion: 1000 }),
    status,
  ).run();
  return id;
}

/** An order as the box office records one: `status` paid (with its tickets valid) or refunded (tickets refunded). */
export async function insertOrder(o: {
  userId: string;
  showtimeId: string;
  seats: number;
  totalCents: number;
  paidAt: string;
  status?: "paid" | "refunded";
  refundedAt?: string;
}) {
  const id = newId();
  const status = o.status ?? "paid";
  const statements = [
    run(
      `INSERT INTO orders (id, user_id, showtime_id, hold_id, idempotency_key, status, total_cents, created_at, paid_at, refunded_at)
       VALUES (?, ?, ?, 'h', ?, ?, ?, ?, ?, ?)`,
      id,
      o.userId,
      o.showtimeId,
      newId(),
      status,
      o.totalCents,
      o.paidAt,
      o.paidAt,
      o.refundedAt ?? null,
    ),
  ];
  for (let seat = 1; seat <= o.seats; seat++) {
    statements.push(
      run(
        `INSERT INTO tickets (id, code, order_id, showtime_id, user_id, seat_label, seat_kind, price_cents, status, created_at)
         VALUES (?, ?, ?, ?, ?, ?, 'standard', 1000, ?, ?)`,
        newId(),
        newId(),
        id,
        o.showtimeId,
        o.userId,
        `${id.slice(-4)}-${seat}`,
        status === "paid" ? "valid" : "refunded",
        o.paidAt,
      ),
    );
  }
  await env.DB.batch(statements);
  return id;
}

/** A past event, written straight to the table (POST /api/events stamps events with the current time). */
export async function insertEvent(e: {
  at: string;
  type: string;
  userId?: string;
  anonymousId?: string;
  targetType?: string;
  targetId?: string;
  query?: string;
  resultCount?: number;
}) {
  await run(
    `INSERT INTO analytics_events (id, at, type, source, user_id, anonymous_id, target_type, target_id, query, result_count, props)
     VALUES (?, ?, ?, 'server', ?, ?, ?, ?, ?, ?, '{}')`,
    newId(),
    e.at,
    e.type,
    e.userId ?? null,
    e.anonymousId ?? null,
    e.targetType ?? null,
    e.targetId ?? null,
    e.query ?? null,
    e.resultCount ?? null,
  ).run();
}

export async function setCreatedAt(userId: string, at: string) {
  await run("UPDATE users SET created_at = ? WHERE id = ?", at, userId).run();
}

export async function insertWatch(userId: string, movieId: string, positionSeconds: number, at: string) {
  const profileId = newId();
  await env.DB.batch([
    run("INSERT INTO profiles (id, user_id, name, created_at, updated_at) VALUES (?, ?, 'P', ?, ?)", profileId, userId, at, at),
    run(
      `INSERT INTO watch_progress (profile_id, user_id, target_type, target_id, movie_id, title_type, title_id,
         position_seconds, duration_seconds, completed, created_at, updated_at)
       VALUES (?, ?, 'movie', ?, ?, 'movie', ?, ?, 6000, 0, ?, ?)`,
      profileId,
      userId,
      movieId,
      movieId,
      movieId,
      positionSeconds,
      at,
      at,
    ),
  ]);
}

export async function insertReview(userId: string, movieId: string, rating: number) {
  const at = "2021-03-03T00:00:00.000Z";
  await run(
    "INSERT INTO reviews (id, user_id, movie_id, rating, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
    newId(),
    userId,
    movieId,
    rating,
    at,
    at,
  ).run();
}

/** A minimal RFC 4180 reader for the tests: quoted cells, doubled quotes, CRLF rows. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  if (cell !== "" || row.length > 0) rows.push([...row, cell]);
  return rows;
}
