import { describe, expect, it } from "vitest";
import { api, expectProblem, registerUser } from "../../test/api";
import { adminToken, createMovie, createShowtime, createTheater, seatStates } from "./test-helpers";

const day = (n: number, hour = 18) => {
  const d = new Date(Date.now() + n * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d;
};

// Many requests per test on a shared, busy machine: allow more than the default 5 s.
describe("showtimes", { timeout: 60_000 }, () => {
  it("ends after runtime plus the cleaning buffer, with prices per seat kind", async () => {
    const token = await adminToken();
    const theater = await createTheater({ rows: 2, seatsPerRow: 2 });
    const movieId = await createMovie(120);
    const startsAt = day(30);
    const res = await api("POST", "/api/showtimes", {
      token,
      body: { movieId, theaterId: theater.id, startsAt: startsAt.toISOString(), price: 1000, prices: { premium: 1500 } },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      movieId,
      theaterId: theater.id,
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 135 * 60_000).toISOString(),
      prices: { standard: 1000, premium: 1500, wheelchair: 1000, companion: 1000 },
      holdTtlSeconds: 480,
      status: "scheduled",
    });
    expect((await api("GET", `/api/showtimes/${res.body.id}`)).body).toEqual(res.body);
  });

  it("refuses an overlapping showtime in the same theater, buffer included", async () => {
    const token = await adminToken();
    const theater = await createTheater();
    const movieId = await createMovie(100); // busy 18:00–19:55
    const post = (startsAt: Date, theaterId = theater.id) =>
      api("POST", "/api/showtimes", { token, body: { movieId, theaterId, startsAt: startsAt.toISOString(), price: 900 } });
    expect((await post(day(40, 18))).status).toBe(201);
    const overlap = expectProblem(await post(new Date(day(40, 19).getTime() + 50 * 60_000)), 409);
    expect(overlap.detail).toMatch(/overlap/);
    expectProblem(await post(day(40, 17)), 409);
    expect((await post(new Date(day(40, 19).getTime() + 55 * 60_000))).status).toBe(201);
    expect((await post(day(40, 18), (await createTheater()).id)).status).toBe(201);
  });

  it("lets exactly one of two racing overlapping showtimes in", async () => {
    const token = await adminToken();
    const theater = await createTheater();
    const movieId = await createMovie(90);
    const results = await Promise.all(
      [0, 10, 20].map((m) =>
        api("POST", "/api/showtimes", {
          token,
          body: { movieId, theaterId: theater.id, startsAt: new Date(day(41).getTime() + m * 60_000).toISOString(), price: 900 },
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
    const res = await api("GET", `/api/showtimes?theater=${theaterId}&date=${date}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((s: { id: string }) => s.id)).toEqual([a.id, b.id]);
    const byMovie = await api("GET", `/api/showtimes?movie=${(await api("GET", `/api/showtimes/${a.id}`)).body.movieId}`);
    expect(byMovie.body.items.map((s: { id: string }) => s.id)).toEqual([a.id]);
    const paged = await api("GET", `/api/showtimes?theater=${theaterId}&limit=2`);
    expect(paged.body.items).toHaveLength(2);
    const rest = await api("GET", `/api/showtimes?theater=${theaterId}&limit=2&cursor=${paged.body.nextCursor}`);
    expect(rest.body.items).toHaveLength(1);
    expectProblem(await api("GET", "/api/showtimes?date=tomorrow"), 400);
  });

  it("serves the seat map with every seat available at first, blocked ones blocked", async () => {
    const showtime = await createShowtime({ theater: { layout: { rows: ["sxs", "s_p"] } } });
    const res = await api("GET", `/api/showtimes/${showtime.id}/seats`);
    expect(res.status).toBe(200);
    expect(res.body.seats).toEqual([
      { label: "A1", row: "A", number: 1, column: 0, kind: "standard", state: "available" },
      { label: "A2", row: "A", number: 2, column: 1, kind: "standard", state: "blocked" },
      { label: "A3", row: "A", number: 3, column: 2, kind: "standard", state: "available" },
      { label: "B1", row: "B", number: 1, column: 0, kind: "standard", state: "available" },
      { label: "B2", row: "B", number: 2, column: 2, kind: "premium", state: "available" },
    ]);
    expect(await seatStates(showtime.id)).toMatchObject({ A2: "blocked" });
    expectProblem(await api("GET", "/api/showtimes/nope/seats"), 404);
    expectProblem(await api("GET", "/api/showtimes/nope"), 404);
  });

  it("validates input and references", async () => {
    const token = await adminToken();
    const theaterId = (await createTheater()).id;
    const movieId = await createMovie();
    const startsAt = day(60).toISOString();
    const post = (body: Record<string, unknown>) =>
      api("POST", "/api/showtimes", { token, body: { movieId, theaterId, startsAt, price: 1000, ...body } });
    expectProblem(await post({ holdTtlSeconds: 5 }), 400);
    expectProblem(await post({ holdTtlSeconds: 1801 }), 400);
    expectProblem(await post({ price: -1 }), 400);
    expectProblem(await post({ startsAt: "next friday" }), 400);
    expectProblem(await post({ startsAt: new Date(Date.now() - 60_000).toISOString() }), 422);
    expectProblem(await post({ movieId: "nope" }), 404);
    expectProblem(await post({ theaterId: "nope" }), 404);
  });

  it("lets only admins schedule", async () => {
    const body = { movieId: "m", theaterId: "t", startsAt: day(70).toISOString(), price: 1000 };
    expectProblem(await api("POST", "/api/showtimes", { body }), 401);
    const user = await registerUser();
    expectProblem(await api("POST", "/api/showtimes", { token: user.accessToken, body }), 403);
    expectProblem(await api("POST", "/api/showtimes/x/cancel", { token: user.accessToken }), 403);
  });
});
