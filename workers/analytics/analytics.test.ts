import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { registerUser, signInAdmin, type TestUser } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";
import {
  insertEvent,
  insertMovie,
  insertOrder,
  insertReview,
  insertShowtime,
  insertTheater,
  insertWatch,
  parseCsv,
  setCreatedAt,
  userWithRole,
} from "./test-fixtures";

/**
 * A hand-computed fixture in March 2021, a period no other test writes to (2021-03-01 is a Monday):
 *
 * - Hall A (10 seats) shows Arrival on 03-02; Hall B (4 seats) shows `Heat, "Director's Cut"` on 03-03;
 *   a cancelled showing in Hall B on 03-04 counts for nothing.
 * - u1 (signed up 03-01) paid 3 tickets for Arrival on 03-02 (3000) and 1 more (1500) refunded on 03-05;
 *   u2 (signed up 03-02) paid the 4 seats of Hall B on 03-03 (4800); u3 signed up on 03-09.
 * - Events: u1 page 03-01 10h, title Arrival 03-01 10h, play started and completed 03-02 20h, page 03-08;
 *   u2 page and title Arrival 03-02; an anonymous browser page 03-03; u3 pages 03-09 and 03-10;
 *   searches "dune" (3 and 1 results) and "zzz" (0 results, twice) on 03-03, anonymous.
 */
const WEEK = { from: "2021-03-01", to: "2021-03-07" };
const at = (day: string, hour = 12) => `2021-03-${day}T${String(hour).padStart(2, "0")}:00:00.000Z`;

let admin: TestUser;
let manager: TestUser;
let u1: TestUser;
let arrival: string;
let heat: string;
let hallA: string;
let hallB: string;

beforeAll(async () => {
  admin = await signInAdmin();
  manager = await userWithRole("manager");
  u1 = await registerUser();
  const [u2, u3] = await Promise.all([registerUser(), registerUser()]);
  await setCreatedAt(u1.id, at("01", 9));
  await setCreatedAt(u2.id, at("02", 9));
  await setCreatedAt(u3.id, at("09", 9));
  arrival = await insertMovie("Arrival");
  heat = await insertMovie(`Heat, "Director's Cut"`);
  hallA = await insertTheater("Hall A", 10);
  hallB = await insertTheater("Hall B", 4);
  const s1 = await insertShowtime(arrival, hallA, at("02", 18));
  const s2 = await insertShowtime(heat, hallB, at("03", 20));
  await insertShowtime(arrival, hallB, at("04", 18), "cancelled");
  await insertOrder({ userId: u1.id, showtimeId: s1, seats: 3, totalCents: 3000, paidAt: at("02", 10) });
  await insertOrder({
    userId: u1.id,
    showtimeId: s1,
    seats: 1,
    totalCents: 1500,
    paidAt: at("02", 11),
    status: "refunded",
    refundedAt: at("05"),
  });
  await insertOrder({ userId: u2.id, showtimeId: s2, seats: 4, totalCents: 4800, paidAt: at("03", 9) });
  const events = [
    { at: at("01", 10), type: "page_view", userId: u1.id },
    { at: at("01", 10), type: "title_view", userId: u1.id, targetType: "movie", targetId: arrival },
    { at: at("02", 20), type: "play_started", userId: u1.id, targetType: "movie", targetId: arrival },
    { at: at("02", 20), type: "play_completed", userId: u1.id, targetType: "movie", targetId: arrival },
    { at: at("08"), type: "page_view", userId: u1.id },
    { at: at("02"), type: "page_view", userId: u2.id },
    { at: at("02"), type: "title_view", userId: u2.id, targetType: "movie", targetId: arrival },
    { at: at("03"), type: "page_view", anonymousId: "browser-0001" },
    { at: at("09"), type: "page_view", userId: u3.id },
    { at: at("10"), type: "page_view", userId: u3.id },
    { at: at("03"), type: "search", query: "dune", resultCount: 3 },
    { at: at("03"), type: "search", query: "dune", resultCount: 1 },
    { at: at("03"), type: "search", query: "zzz", resultCount: 0 },
    { at: at("03"), type: "search", query: "zzz", resultCount: 0 },
  ];
  for (const e of events) await insertEvent(e);
  await insertWatch(u1.id, arrival, 3000, at("02", 22));
  await insertWatch(u2.id, arrival, 1000, at("03", 22));
  await insertReview(u1.id, arrival, 4);
  await insertReview(u2.id, arrival, 5);
});

const analytics = (token: string) => client(token).admin.analytics;
/** A table-like read answers JSON or CSV; these reads asked for JSON. */
const jsonOf = <T>(body: T) => {
  if (typeof body === "string") throw new Error(`Expected JSON, got ${body}`);
  return body as Exclude<T, string>;
};

describe("analytics reads: a hand-computed fixture", { timeout: 60_000 }, () => {
  it("dashboard totals", async () => {
    const body = await expectJson(await analytics(manager.accessToken).dashboard.$get({ query: WEEK }), 200);
    expect(body).toEqual({
      period: WEEK,
      revenueCents: 7800,
      ordersPaid: 2,
      ticketsSold: 7,
      refunds: 1,
      refundedCents: 1500,
      signUps: 2,
      activeUsers: 2,
      pageViews: 3,
      titleViews: 2,
      searches: 4,
      playsStarted: 1,
      playsCompleted: 1,
      occupancy: 0.5,
    });
  });

  it("sales by day, movie and theater, from the orders", async () => {
    const body = jsonOf(await expectJson(await analytics(manager.accessToken).sales.$get({ query: WEEK }), 200));
    expect(body.totals).toEqual({ orders: 2, tickets: 7, revenueCents: 7800 });
    expect(body.byDay.map((d) => [d.day, d.orders, d.tickets, d.revenueCents])).toEqual([
      ["2021-03-01", 0, 0, 0],
      ["2021-03-02", 1, 3, 3000],
      ["2021-03-03", 1, 4, 4800],
      ["2021-03-04", 0, 0, 0],
      ["2021-03-05", 0, 0, 0],
      ["2021-03-06", 0, 0, 0],
      ["2021-03-07", 0, 0, 0],
    ]);
    expect(body.byMovie).toEqual([
      { movieId: heat, title: `Heat, "Director's Cut"`, orders: 1, tickets: 4, revenueCents: 4800 },
      { movieId: arrival, title: "Arrival", orders: 1, tickets: 3, revenueCents: 3000 },
    ]);
    expect(body.byTheater.map((t) => [t.theaterId, t.revenueCents])).toEqual([
      [hallB, 4800],
      [hallA, 3000],
    ]);
  });

  it("occupancy per showtime and theater, cancelled showings left out", async () => {
    const body = jsonOf(await expectJson(await analytics(admin.accessToken).occupancy.$get({ query: WEEK }), 200));
    expect(body.totals).toEqual({ showtimes: 2, seats: 14, sold: 7, occupancy: 0.5 });
    expect(body.byShowtime.map((s) => [s.movieTitle, s.theaterName, s.seats, s.sold, s.occupancy])).toEqual([
      ["Arrival", "Hall A", 10, 3, 0.3],
      [`Heat, "Director's Cut"`, "Hall B", 4, 4, 1],
    ]);
    expect(body.byTheater.map((t) => [t.name, t.showtimes, t.occupancy])).toEqual([
      ["Hall B", 1, 1],
      ["Hall A", 1, 0.3],
    ]);
  });

  it("a movie's views, plays, watch time, rating and tickets; 404 for no movie", async () => {
    const movies = analytics(manager.accessToken).movies[":id"];
    const body = await expectJson(await movies.$get({ param: { id: arrival }, query: WEEK }), 200);
    expect(body).toEqual({
      period: WEEK,
      movieId: arrival,
      title: "Arrival",
      titleViews: 2,
      viewers: 2,
      playsStarted: 1,
      playsCompleted: 1,
      completionRate: 1,
      averageWatchSeconds: 2000,
      rating: { average: 4.5, count: 2 },
      ticketsSold: 3,
      revenueCents: 3000,
    });
    await expectProblemOf(await movies.$get({ param: { id: "no-such-movie" }, query: WEEK }), 404);
  });

  it("a user's behaviour (admin only)", async () => {
    const behavior = (token: string, id: string) => analytics(token).users[":id"].behavior.$get({ param: { id }, query: WEEK });
    const body = await expectJson(await behavior(admin.accessToken, u1.id), 200);
    expect(body.user).toMatchObject({ id: u1.id, email: u1.email });
    expect(body.totals).toEqual({
      events: 4,
      playsStarted: 1,
      playsCompleted: 1,
      completionRate: 1,
      ordersPaid: 1,
      spentCents: 3000,
    });
    expect(body.watched).toEqual([
      { targetType: "movie", targetId: arrival, title: "Arrival", playsStarted: 1, playsCompleted: 1, lastAt: at("02", 20) },
    ]);
    expect(body.byHour.filter((h) => h.events > 0)).toEqual([
      { hour: 10, events: 2 },
      { hour: 20, events: 2 },
    ]);
    expect(body.purchases.map((p) => [p.status, p.tickets, p.totalCents])).toEqual([
      ["refunded", 0, 1500],
      ["paid", 3, 3000],
    ]);
    await expectProblemOf(await behavior(manager.accessToken, u1.id), 403);
    await expectProblemOf(await behavior(admin.accessToken, "no-such-user"), 404);
  });

  it("active users: DAU, WAU and MAU for each day", async () => {
    const query = { from: "2021-03-01", to: "2021-03-10" };
    const body = jsonOf(await expectJson(await analytics(manager.accessToken)["active-users"].$get({ query }), 200));
    expect(body.days.map((d) => [d.day.slice(8), d.dau, d.wau, d.mau])).toEqual([
      ["01", 1, 1, 1],
      ["02", 2, 2, 2],
      ["03", 0, 2, 2],
      ["04", 0, 2, 2],
      ["05", 0, 2, 2],
      ["06", 0, 2, 2],
      ["07", 0, 2, 2],
      ["08", 1, 2, 2],
      ["09", 1, 2, 3],
      ["10", 1, 2, 3],
    ]);
    expect(body.latest).toEqual({ day: "2021-03-10", dau: 1, wau: 2, mau: 3 });
  });

  it("retention by weekly sign-up cohort", async () => {
    const query = { from: "2021-03-01", to: "2021-03-14" };
    const body = jsonOf(await expectJson(await analytics(manager.accessToken).retention.$get({ query }), 200));
    expect(body.cohorts).toEqual([
      {
        cohort: "2021-03-01",
        users: 2,
        weeks: [
          { week: 0, active: 2, rate: 1 },
          { week: 1, active: 1, rate: 0.5 },
        ],
      },
      { cohort: "2021-03-08", users: 1, weeks: [{ week: 0, active: 1, rate: 1 }] },
    ]);
  });

  it("top searches and searches with no results", async () => {
    const body = jsonOf(await expectJson(await analytics(manager.accessToken).searches.$get({ query: WEEK }), 200));
    expect(body).toEqual({
      period: WEEK,
      total: 4,
      top: [
        { query: "dune", searches: 2, averageResults: 2 },
        { query: "zzz", searches: 2, averageResults: 0 },
      ],
      noResults: [{ query: "zzz", searches: 2 }],
    });
  });

  it("the browse → title → play funnel", async () => {
    const body = jsonOf(await expectJson(await analytics(manager.accessToken).funnel.$get({ query: WEEK }), 200));
    expect(body.steps).toEqual([
      { step: "browse", visitors: 3, conversion: null },
      { step: "title", visitors: 2, conversion: 2 / 3 },
      { step: "play", visitors: 1, conversion: 0.5 },
    ]);
  });
});

describe("analytics CSV export", { timeout: 60_000 }, () => {
  // Straight through the Worker: test/client.ts's conformance check expects JSON wherever a 200 documents it.
  const download = (path: string, query: Record<string, string>) =>
    SELF.fetch(`https://marquee.test/api/admin/analytics/${path}?${new URLSearchParams({ ...query, format: "csv" })}`, {
      headers: { authorization: `Bearer ${manager.accessToken}` },
    });
  const csvOf = async (res: Response) => {
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="[\w-]+\.csv"$/);
    return parseCsv(await res.text());
  };

  it("exports each table with a header row, quoting what needs it, matching the JSON", async () => {
    const json = jsonOf(await expectJson(await analytics(manager.accessToken).sales.$get({ query: WEEK }), 200));
    const byDay = await csvOf(await download("sales", WEEK));
    expect(byDay[0]).toEqual(["day", "orders", "tickets", "revenueCents"]);
    expect(byDay.slice(1)).toEqual(json.byDay.map((d) => [d.day, String(d.orders), String(d.tickets), String(d.revenueCents)]));

    const raw = await download("sales", { ...WEEK, table: "movie" });
    expect(raw.headers.get("content-disposition")).toBe('attachment; filename="sales-by-movie-2021-03-01-2021-03-07.csv"');
    const text = await raw.clone().text();
    expect(text).toContain(`"Heat, ""Director's Cut"""`);
    const byMovie = await csvOf(raw);
    expect(byMovie).toEqual([
      ["movieId", "title", "orders", "tickets", "revenueCents"],
      ...json.byMovie.map((m) => [m.movieId, m.title, String(m.orders), String(m.tickets), String(m.revenueCents)]),
    ]);

    expect(await csvOf(await download("occupancy", { ...WEEK, table: "theater" }))).toEqual([
      ["theaterId", "name", "showtimes", "seats", "sold", "occupancy"],
      [hallB, "Hall B", "1", "4", "4", "1"],
      [hallA, "Hall A", "1", "10", "3", "0.3"],
    ]);
    expect(await csvOf(await download("searches", { ...WEEK, table: "no_results" }))).toEqual([
      ["query", "searches"],
      ["zzz", "2"],
    ]);
    expect(await csvOf(await download("funnel", WEEK))).toEqual([
      ["step", "visitors", "conversion"],
      ["browse", "3", ""],
      ["title", "2", String(2 / 3)],
      ["play", "1", "0.5"],
    ]);
    expect(await csvOf(await download("retention", { from: "2021-03-01", to: "2021-03-14" }))).toEqual([
      ["cohort", "users", "week", "active", "rate"],
      ["2021-03-01", "2", "0", "2", "1"],
      ["2021-03-01", "2", "1", "1", "0.5"],
      ["2021-03-08", "1", "0", "1", "1"],
    ]);
    expect(await csvOf(await download("active-users", { from: "2021-03-09", to: "2021-03-10" }))).toEqual([
      ["day", "dau", "wau", "mau"],
      ["2021-03-09", "1", "2", "3"],
      ["2021-03-10", "1", "2", "3"],
    ]);
  });

  it("answers a CSV request's errors as problem+json", async () => {
    const res = await download("sales", { from: "2021-03-07", to: "2021-03-01" });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });
});

describe("analytics access and the period", { timeout: 60_000 }, () => {
  it("401 anonymous, 403 for a viewer or moderator, 200 for managers and admins", async () => {
    await expectProblemOf(await analytics("").dashboard.$get({ query: WEEK }), 401);
    const viewer = await registerUser();
    await expectProblemOf(await analytics(viewer.accessToken).dashboard.$get({ query: WEEK }), 403);
    await expectProblemOf(await analytics(viewer.accessToken).sales.$get({ query: WEEK }), 403);
    const moderator = await userWithRole("moderator");
    await expectProblemOf(await analytics(moderator.accessToken).funnel.$get({ query: WEEK }), 403);
    await expectProblemOf(
      await analytics(viewer.accessToken).users[":id"].behavior.$get({ param: { id: viewer.id }, query: {} }),
      403,
    );
    await expectJson(await analytics(manager.accessToken).occupancy.$get({ query: WEEK }), 200);
    await expectJson(await analytics(admin.accessToken).retention.$get({ query: WEEK }), 200);
  });

  it("defaults to the last 30 days and refuses bad, reversed or too long periods", async () => {
    const a = analytics(manager.accessToken);
    const today = new Date().toISOString().slice(0, 10);
    const thirtyDays = new Date(Date.parse(`${today}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
    expect((await expectJson(await a.dashboard.$get({ query: {} }), 200)).period).toEqual({ from: thirtyDays, to: today });
    const sales = jsonOf(await expectJson(await a.sales.$get({ query: { to: "2021-03-07" } }), 200));
    expect(sales.byDay).toHaveLength(30);
    expect(sales.period).toEqual({ from: "2021-02-06", to: "2021-03-07" });

    const reversed = await expectProblemOf(await a.dashboard.$get({ query: { from: "2021-03-07", to: "2021-03-01" } }), 400);
    expect(reversed.errors).toEqual([expect.objectContaining({ path: "from" })]);
    await expectProblemOf(await a.sales.$get({ query: { from: "2020-01-01", to: "2021-03-01" } }), 400);
    await expectProblemOf(await a.funnel.$get({ query: { from: "2021-02-30" } }), 400);
    await expectProblemOf(await a.funnel.$get({ query: { from: "yesterday" } }), 400);
    await expectProblemOf(await a.sales.$get({ query: { ...WEEK, format: "xml" as "csv" } }), 400);
    // A one-day period is fine, and so is the longest one.
    await expectJson(await a.dashboard.$get({ query: { from: "2021-03-01", to: "2021-03-01" } }), 200);
    await expectJson(await a.dashboard.$get({ query: { from: "2020-03-01", to: "2021-03-01" } }), 200);
  });
});

describe("POST /api/events", { timeout: 60_000 }, () => {
  const stored = async (anonymousId: string) =>
    (
      await env.DB.prepare(
        "SELECT type, source, user_id, anonymous_id, target_type, target_id, path FROM analytics_events WHERE anonymous_id = ? ORDER BY type",
      )
        .bind(anonymousId)
        .all()
    ).results;

  it("stores anonymous page and title views, which the movie metrics and funnel then count", async () => {
    const movie = await insertMovie("Fresh");
    const today = new Date().toISOString().slice(0, 10);
    const period = { from: today, to: today };
    const funnelBefore = jsonOf(await expectJson(await analytics(manager.accessToken).funnel.$get({ query: period }), 200));
    const anonymousId = `anon-${crypto.randomUUID()}`;
    const res = await client().events.$post({
      json: {
        anonymousId,
        events: [
          { type: "page_view", path: `/movies/${movie}` },
          { type: "title_view", path: `/movies/${movie}`, targetType: "movie", targetId: movie },
        ],
      },
    });
    expect(await expectJson(res, 202)).toEqual({ accepted: 2 });
    expect(await stored(anonymousId)).toEqual([
      {
        type: "page_view",
        source: "client",
        user_id: null,
        anonymous_id: anonymousId,
        target_type: null,
        target_id: null,
        path: `/movies/${movie}`,
      },
      {
        type: "title_view",
        source: "client",
        user_id: null,
        anonymous_id: anonymousId,
        target_type: "movie",
        target_id: movie,
        path: `/movies/${movie}`,
      },
    ]);
    const metrics = await expectJson(
      await analytics(manager.accessToken).movies[":id"].$get({ param: { id: movie }, query: period }),
      200,
    );
    expect(metrics).toMatchObject({
      titleViews: 1,
      viewers: 1,
      playsStarted: 0,
      completionRate: null,
      averageWatchSeconds: null,
    });
    const funnel = jsonOf(await expectJson(await analytics(manager.accessToken).funnel.$get({ query: period }), 200));
    expect(funnel.steps[0]?.visitors).toBe((funnelBefore.steps[0]?.visitors ?? 0) + 1);
    expect(funnel.steps[1]?.visitors).toBe((funnelBefore.steps[1]?.visitors ?? 0) + 1);
  });

  it("attributes events to the signed-in sender, and leaves them anonymous with a bad token", async () => {
    const user = await registerUser();
    const anonymousId = `anon-${crypto.randomUUID()}`;
    const json = { anonymousId, events: [{ type: "page_view" as const, path: "/" }] };
    await expectJson(await client(user.accessToken).events.$post({ json }), 202);
    await expectJson(await client("not-a-token").events.$post({ json }), 202);
    expect((await stored(anonymousId)).map((r) => r.user_id)).toEqual(expect.arrayContaining([user.id, null]));
  });

  it("refuses events a browser may not report, bad paths, empty and oversized batches", async () => {
    const post = (body: unknown) => client().events.$post({ json: body as { events: [{ type: "page_view"; path: string }] } });
    await expectProblemOf(await post({ events: [{ type: "search", query: "x" }] }), 400);
    await expectProblemOf(await post({ events: [{ type: "play_started", targetType: "movie", targetId: "x" }] }), 400);
    await expectProblemOf(await post({ events: [{ type: "order" }] }), 400);
    await expectProblemOf(await post({ events: [{ type: "page_view", path: "movies?q=secret" }] }), 400);
    await expectProblemOf(await post({ events: [{ type: "title_view", targetType: "episode", targetId: "x" }] }), 400);
    await expectProblemOf(await post({ events: [] }), 400);
    await expectProblemOf(await post({ events: Array.from({ length: 51 }, () => ({ type: "page_view", path: "/" })) }), 400);
    await expectProblemOf(await post({ anonymousId: "short", events: [{ type: "page_view", path: "/" }] }), 400);
  });
});
