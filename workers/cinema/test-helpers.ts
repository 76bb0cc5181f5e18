import { env } from "cloudflare:test";
import { signInAdmin, type TestUser, unique } from "../../test/api";
import { client, expectJson, settle } from "../../test/client";

type Api = ReturnType<typeof client>;
type TheaterInput = Parameters<Api["theaters"]["$post"]>[0]["json"];
type ShowtimeInput = Parameters<Api["showtimes"]["$post"]>[0]["json"];
type HoldInput = Parameters<Api["showtimes"][":id"]["holds"]["$post"]>[0]["json"];
type OrderInput = Parameters<Api["orders"]["$post"]>[0]["json"];

export const card = (number = "4242 4242 4242 4242") => ({ number, expMonth: 12, expYear: 2099, cvc: "123" });

let admin: TestUser | undefined;
export async function adminToken() {
  admin ??= await signInAdmin();
  return admin.accessToken;
}

/** A catalog movie, through the catalog's own API. */
export async function createMovie(runtimeMinutes = 100) {
  const json = { title: unique("Movie "), releaseYear: 2024, runtimeMinutes };
  return (await expectJson(await client(await adminToken()).movies.$post({ json }), 201)).id;
}

export async function createTheater(body: Omit<TheaterInput, "name"> = { rows: 10, seatsPerRow: 10 }) {
  const json = { name: unique("Screen "), ...body };
  return expectJson(await client(await adminToken()).theaters.$post({ json }), 201);
}

let slot = 0;
/** A showtime days ahead, in its own theater unless one is given, so tests never collide on times. */
export async function createShowtime(
  opts: { theater?: Omit<TheaterInput, "name">; theaterId?: string; startsAt?: string; body?: Partial<ShowtimeInput> } = {},
) {
  const theaterId = opts.theaterId ?? (await createTheater(opts.theater)).id;
  const startsAt = opts.startsAt ?? new Date(Date.now() + (3 + slot++) * 86_400_000).toISOString();
  const json = { movieId: await createMovie(), theaterId, startsAt, price: 1200, ...opts.body };
  return expectJson(await client(await adminToken()).showtimes.$post({ json }), 201);
}

export async function seatStates(showtimeId: string) {
  const map = await expectJson(await client().showtimes[":id"].seats.$get({ param: { id: showtimeId } }), 200);
  return Object.fromEntries(map.seats.map((s) => [s.label, s.state]));
}

const postHold = (token: string, showtimeId: string, json: HoldInput) =>
  client(token).showtimes[":id"].holds.$post({ param: { id: showtimeId }, json });

/** Asks for a hold; the answer may be a problem (see `holdOk` for one that must succeed). */
export async function hold(token: string, showtimeId: string, json: HoldInput) {
  return settle(await postHold(token, showtimeId, json));
}

export async function holdOk(token: string, showtimeId: string, json: HoldInput) {
  return expectJson(await postHold(token, showtimeId, json), 201);
}

const postOrder = (token: string, json: OrderInput, key: string) =>
  client(token).orders.$post({ header: { "idempotency-key": key }, json });

/** Buys a hold's seats with a fresh (or the given) Idempotency-Key; the answer may be a problem. */
export async function order(token: string, json: OrderInput, key = crypto.randomUUID()) {
  return settle(await postOrder(token, json, key));
}

/** `order`, which must succeed: the paid order. */
export async function orderOk(token: string, json: OrderInput, key = crypto.randomUUID()) {
  return expectJson(await postOrder(token, json, key), 201);
}

export async function buy(token: string, showtimeId: string, seats: string[]) {
  const held = await holdOk(token, showtimeId, { seats });
  return orderOk(token, { holdId: held.id, card: card() });
}

/** Moves a showtime into the past in D1 (tests cannot wait for real time to pass). */
export async function moveShowtime(showtimeId: string, startsAt: Date, endsAt: Date) {
  await env.DB.prepare("UPDATE showtimes SET starts_at = ?, ends_at = ? WHERE id = ?")
    .bind(startsAt.toISOString(), endsAt.toISOString(), showtimeId)
    .run();
}
