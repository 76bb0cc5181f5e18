import { describe, expect, it } from "vitest";
import { registerUser } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";
import { adminToken, buy, createMovie, createShowtime, createTheater, seatStates } from "./test-helpers";

const day = (n: number, hour = 18) => {
  const d = new Date(Date.now() + n * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d;
};

type ShowtimeInput = Parameters<ReturnType<typeof client>["showtimes"]["$post"]>[0]["json"];
type ShowtimeQuery = { movie?: string; theater?: string; date?: string; limit?: string; cursor?: string };
const schedule = (token: string | undefined, json: ShowtimeInput) => client(token).showtimes.$post({ json });
const list = (query: ShowtimeQuery) => client().showtimes.$get({ query });
const showtime = (id: string) => client().showtimes[":id"].$get({ param: { id } });

// Many requests per test on a shared, busy machine: allow more than the default 5 s.
describe("showtimes", { timeout: 60_000 }, () => {
  it("ends after runtime plus the cleaning buffer, with prices per seat kind", async () => {
    const token = await adminToken();
    const theater = await createTheater({ rows: 2, seatsPerRow: 2 });
    const movieId = await createMovie(120);
    const startsAt = day(30);
    const json = { movieId, theaterId: theater.id, startsAt: startsAt.toISOString(), price: 1000, prices: { premium: 1500 } };
    const res = await expectJson(await schedule(token, json), 201);
    expect(res).toMatchObject({
      movieId,
      theaterId: theater.id,
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 135 * 60_000).toISOString(),
      prices: { standard: 1000, premium: 1500, wheelchair: 1000, companion: 1000 },
      holdTtlSeconds: 480,
      status: "scheduled",
    });
    expect(await expectJson(await showtime(res.id), 200)).toEqual(res);
  });

  it("refuses an overlapping showtime in the same theater, buffer included", async () => {
    const token = await adminToken();
    const theater = await createTheater();
    const movieId = await createMovie(100); // busy 18:00–19:55
    const post = (startsAt: Date, theaterId = theater.id) =>
      schedule(token, { movieId, theaterId, startsAt: startsAt.toISOString(), price: 900 });
    expect((await post(day(40, 18))).status).toBe(201);
    const overlap = await expectProblemOf(await post(new Date(day(40, 19).getTime() + 50 * 60_000)), 409);
    expect(overlap.detail).toMatch(/overlap/);
    await expectProblemOf(await post(day(40, 17)), 409);
    expect((await post(new Date(day(40, 19).getTime() + 55 * 60_000))).status).toBe(201);
    expect((await post(day(40, 18), (await createTheater()).id)).status).toBe(201);
  });

  it("lets exactly one of two racing overlapping showtimes in", async () => {
    const token = await adminToken();
    const theater = await createTheater();
    const movieId = await createMovie(90);
    const results = await Promise.all(
      [0, 10, 20].map((m) =>
        schedule(token, {
          movieId,
          theaterId: theater.id,
          startsAt: new Date(day(41).getTime() + m * 60_000).toISOString(),
          price: 900,
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
  });

  it("lists by movie, theater and date", async () => {
    const theaterId = (await createTheater()).id;
    const a = await createShowtime({ theaterId, startsAt: day(50, 12).toISOString() });
    const b = await createShowtime({ theaterId, startsAt: day(50, 16).toISOString() });
    await createShowtime({ theaterId, startsAt: day(51, 12).toISOString() });
    const date = day(50).toISOString().slice(0, 10);
    const res = await expectJson(await list({ theater: theaterId, date }), 200);
    expect(res.items.map((s) => s.id)).toEqual([a.id, b.id]);
    const { movieId } = await expectJson(await showtime(a.id), 200);
    const byMovie = await expectJson(await list({ movie: movieId }), 200);
    expect(byMovie.items.map((s) => s.id)).toEqual([a.id]);
    const paged = await expectJson(await list({ theater: theaterId, limit: "2" }), 200);
    expect(paged.items).toHaveLength(2);
    const rest = await expectJson(await list({ theater: theaterId, limit: "2", cursor: paged.nextCursor ?? "" }), 200);
    expect(rest.items).toHaveLength(1);
    await expectProblemOf(await list({ date: "tomorrow" }), 400);
  });

  it("serves the seat map with every seat available at first, blocked ones blocked", async () => {
    const showtime = await createShowtime({ theater: { layout: { rows: ["sxs", "s_p"] } } });
    const seats = (id: string) => client().showtimes[":id"].seats.$get({ param: { id } });
    const res = await expectJson(await seats(showtime.id), 200);
    expect(res.seats).toEqual([
      { label: "A1", row: "A", number: 1, column: 0, kind: "standard", state: "available" },
      { label: "A2", row: "A", number: 2, column: 1, kind: "standard", state: "blocked" },
      { label: "A3", row: "A", number: 3, column: 2, kind: "standard", state: "available" },
      { label: "B1", row: "B", number: 1, column: 0, kind: "standard", state: "available" },
      { label: "B2", row: "B", number: 2, column: 2, kind: "premium", state: "available" },
    ]);
    expect(await seatStates(showtime.id)).toMatchObject({ A2: "blocked" });
    await expectProblemOf(await seats("nope"), 404);
    await expectProblemOf(await client().showtimes[":id"].$get({ param: { id: "nope" } }), 404);
  });

  it("validates input and references", async () => {
    const token = await adminToken();
    const theaterId = (await createTheater()).id;
    const movieId = await createMovie();
    const startsAt = day(60).toISOString();
    const post = (body: Partial<ShowtimeInput>) => schedule(token, { movieId, theaterId, startsAt, price: 1000, ...body });
    await expectProblemOf(await post({ holdTtlSeconds: 5 }), 400);
    await expectProblemOf(await post({ holdTtlSeconds: 1801 }), 400);
    await expectProblemOf(await post({ price: -1 }), 400);
    await expectProblemOf(await post({ startsAt: "next friday" }), 400);
    await expectProblemOf(await post({ startsAt: new Date(Date.now() - 60_000).toISOString() }), 422);
    await expectProblemOf(await post({ movieId: "nope" }), 404);
    await expectProblemOf(await post({ theaterId: "nope" }), 404);
  });

  it("counts a showtime's sales for admins: what cancelling would refund", async () => {
    const token = await adminToken();
    const created = await createShowtime({ body: { prices: { premium: 1500 } } });
    const sales = (t: string | undefined, id = created.id) => client(t).showtimes[":id"].sales.$get({ param: { id } });
    expect(await expectJson(await sales(token), 200)).toEqual({
      showtimeId: created.id,
      paidOrders: 0,
      ticketsSold: 0,
      checkedIn: 0,
      refundedOrders: 0,
      gross: 0,
      currency: "usd",
    });
    const buyer = await registerUser();
    const first = await buy(buyer.accessToken, created.id, ["A1", "A2"]);
    await buy(buyer.accessToken, created.id, ["A3"]);
    const refunded = await buy((await registerUser()).accessToken, created.id, ["A4"]);
    const refund = await client(token).orders[":id"].refund.$post({ param: { id: refunded.id } });
    expect(refund.status).toBe(200);
    const code = first.tickets[0].code;
    const checkIn = await client(token).tickets[":code"]["check-in"].$post({ param: { code }, json: {} });
    expect(checkIn.status).toBe(200);
    expect(await expectJson(await sales(token), 200)).toMatchObject({
      paidOrders: 2,
      ticketsSold: 3,
      checkedIn: 1,
      refundedOrders: 1,
      gross: 3600,
    });
    const cancel = await expectJson(await client(token).showtimes[":id"].cancel.$post({ param: { id: created.id } }), 200);
    expect(cancel.refundedOrders).toBe(2);
    expect(await expectJson(await sales(token), 200)).toMatchObject({
      paidOrders: 0,
      ticketsSold: 0,
      refundedOrders: 3,
      gross: 0,
    });

    await expectProblemOf(await sales(buyer.accessToken), 403);
    await expectProblemOf(await sales(undefined), 401);
    await expectProblemOf(await sales(token, "no-such-showtime"), 404);
  });

  it("lets only admins schedule", async () => {
    const body = { movieId: "m", theaterId: "t", startsAt: day(70).toISOString(), price: 1000 };
    await expectProblemOf(await schedule(undefined, body), 401);
    const user = await registerUser();
    await expectProblemOf(await schedule(user.accessToken, body), 403);
    await expectProblemOf(await client(user.accessToken).showtimes[":id"].cancel.$post({ param: { id: "x" } }), 403);
  });
});
