import type { Window } from "./period";

/**
 * The analytics reads: plain SQL over D1. Money and seats come from the box office's own tables
 * (orders, tickets, showtimes, theaters), so they agree with what was charged; audience figures
 * come from analytics_events. Every bound is `[since, before)` over ISO 8601 UTC `at` columns.
 */

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);
const num = (value: unknown) => Number(value ?? 0);

/** Orders paid in the window that are still paid, with their valid ticket counts. */
const PAID_ORDERS = `
  SELECT o.id, o.showtime_id, o.total_cents, substr(o.paid_at, 1, 10) AS day,
    (SELECT COUNT(*) FROM tickets t WHERE t.order_id = o.id AND t.status = 'valid') AS tickets
  FROM orders o
  WHERE o.status = 'paid' AND o.paid_at >= ?1 AND o.paid_at < ?2`;

export async function dashboardFigures(db: D1Database, w: Window) {
  const [money, counts, byType, seats] = await db.batch<Record<string, number | string | null>>([
    db
      .prepare(
        `WITH paid AS (${PAID_ORDERS})
         SELECT COUNT(*) AS orders, COALESCE(SUM(total_cents), 0) AS revenue, COALESCE(SUM(tickets), 0) AS tickets FROM paid`,
      )
      .bind(w.since, w.before),
    db
      .prepare(
        `SELECT
           (SELECT COUNT(*) FROM orders WHERE status = 'refunded' AND refunded_at >= ?1 AND refunded_at < ?2) AS refunds,
           (SELECT COALESCE(SUM(total_cents), 0) FROM orders WHERE status = 'refunded' AND refunded_at >= ?1 AND refunded_at < ?2) AS refunded,
           (SELECT COUNT(*) FROM users WHERE created_at >= ?1 AND created_at < ?2) AS sign_ups,
           (SELECT COUNT(DISTINCT user_id) FROM analytics_events WHERE at >= ?1 AND at < ?2 AND user_id IS NOT NULL) AS active`,
      )
      .bind(w.since, w.before),
    db
      .prepare("SELECT type, COUNT(*) AS n FROM analytics_events WHERE at >= ?1 AND at < ?2 GROUP BY type")
      .bind(w.since, w.before),
    db
      .prepare(
        `SELECT COALESCE(SUM(th.seat_count), 0) AS seats,
           COALESCE(SUM((SELECT COUNT(*) FROM tickets t WHERE t.showtime_id = s.id AND t.status = 'valid')), 0) AS sold
         FROM showtimes s JOIN theaters th ON th.id = s.theater_id
         WHERE s.status = 'scheduled' AND s.starts_at >= ?1 AND s.starts_at < ?2`,
      )
      .bind(w.since, w.before),
  ]);
  const m = money.results[0] ?? {};
  const c = counts.results[0] ?? {};
  const s = seats.results[0] ?? {};
  const events = new Map(byType.results.map((r) => [String(r.type), num(r.n)]));
  return {
    period: { from: w.from, to: w.to },
    revenueCents: num(m.revenue),
    ordersPaid: num(m.orders),
    ticketsSold: num(m.tickets),
    refunds: num(c.refunds),
    refundedCents: num(c.refunded),
    signUps: num(c.sign_ups),
    activeUsers: num(c.active),
    pageViews: events.get("page_view") ?? 0,
    titleViews: events.get("title_view") ?? 0,
    searches: events.get("search") ?? 0,
    playsStarted: events.get("play_started") ?? 0,
    playsCompleted: events.get("play_completed") ?? 0,
    occupancy: ratio(num(s.sold), num(s.seats)),
  };
}

type SalesRow = { orders: number; tickets: number; revenueCents: number };
const salesOf = (r: Record<string, unknown>): SalesRow => ({
  orders: num(r.orders),
  tickets: num(r.tickets),
  revenueCents: num(r.revenue),
});

export async function salesFigures(db: D1Database, w: Window) {
  const sums = "COUNT(*) AS orders, COALESCE(SUM(p.tickets), 0) AS tickets, COALESCE(SUM(p.total_cents), 0) AS revenue";
  const [byDay, byMovie, byTheater] = await db.batch<Record<string, unknown>>([
    db.prepare(`WITH p AS (${PAID_ORDERS}) SELECT p.day, ${sums} FROM p GROUP BY p.day`).bind(w.since, w.before),
    db
      .prepare(
        `WITH p AS (${PAID_ORDERS}) SELECT m.id AS movie_id, m.title, ${sums}
         FROM p JOIN showtimes s ON s.id = p.showtime_id JOIN movies m ON m.id = s.movie_id
         GROUP BY m.id ORDER BY revenue DESC, m.title`,
      )
      .bind(w.since, w.before),
    db
      .prepare(
        `WITH p AS (${PAID_ORDERS}) SELECT th.id AS theater_id, th.name, ${sums}
         FROM p JOIN showtimes s ON s.id = p.showtime_id JOIN theaters th ON th.id = s.theater_id
         GROUP BY th.id ORDER BY revenue DESC, th.name`,
      )
      .bind(w.since, w.before),
  ]);
  const days = new Map(byDay.results.map((r) => [String(r.day), salesOf(r)]));
  const dayRows = w.days.map((day) => ({ day, ...(days.get(day) ?? { orders: 0, tickets: 0, revenueCents: 0 }) }));
  const totals = dayRows.reduce(
    (t, r) => ({ orders: t.orders + r.orders, tickets: t.tickets + r.tickets, revenueCents: t.revenueCents + r.revenueCents }),
    { orders: 0, tickets: 0, revenueCents: 0 },
  );
  return {
    period: { from: w.from, to: w.to },
    totals,
    byDay: dayRows,
    byMovie: byMovie.results.map((r) => ({ movieId: String(r.movie_id), title: String(r.title), ...salesOf(r) })),
    byTheater: byTheater.results.map((r) => ({ theaterId: String(r.theater_id), name: String(r.name), ...salesOf(r) })),
  };
}

export async function occupancyFigures(db: D1Database, w: Window) {
  const { results } = await db
    .prepare(
      `SELECT s.id, s.starts_at, m.id AS movie_id, m.title, th.id AS theater_id, th.name, th.seat_count,
         (SELECT COUNT(*) FROM tickets t WHERE t.showtime_id = s.id AND t.status = 'valid') AS sold
       FROM showtimes s JOIN theaters th ON th.id = s.theater_id JOIN movies m ON m.id = s.movie_id
       WHERE s.status = 'scheduled' AND s.starts_at >= ?1 AND s.starts_at < ?2
       ORDER BY s.starts_at, s.id`,
    )
    .bind(w.since, w.before)
    .all<Record<string, unknown>>();
  const byShowtime = results.map((r) => ({
    showtimeId: String(r.id),
    startsAt: String(r.starts_at),
    movieId: String(r.movie_id),
    movieTitle: String(r.title),
    theaterId: String(r.theater_id),
    theaterName: String(r.name),
    seats: num(r.seat_count),
    sold: num(r.sold),
    occupancy: ratio(num(r.sold), num(r.seat_count)),
  }));
  const theaters = new Map<string, { theaterId: string; name: string; showtimes: number; seats: number; sold: number }>();
  for (const s of byShowtime) {
    const t = theaters.get(s.theaterId) ?? { theaterId: s.theaterId, name: s.theaterName, showtimes: 0, seats: 0, sold: 0 };
    t.showtimes += 1;
    t.seats += s.seats;
    t.sold += s.sold;
    theaters.set(s.theaterId, t);
  }
  const byTheater = [...theaters.values()]
    .map((t) => ({ ...t, occupancy: ratio(t.sold, t.seats) }))
    .sort((a, b) => (b.occupancy ?? 0) - (a.occupancy ?? 0) || a.name.localeCompare(b.name));
  const seats = byShowtime.reduce((n, s) => n + s.seats, 0);
  const sold = byShowtime.reduce((n, s) => n + s.sold, 0);
  return {
    period: { from: w.from, to: w.to },
    totals: { showtimes: byShowtime.length, seats, sold, occupancy: ratio(sold, seats) },
    byShowtime,
    byTheater,
  };
}

/** Null when there is no such movie. */
export async function movieFigures(db: D1Database, w: Window, movieId: string) {
  const movie = await db
    .prepare("SELECT id, title FROM movies WHERE id = ?")
    .bind(movieId)
    .first<{ id: string; title: string }>();
  if (!movie) return null;
  const [events, watch, rating, sales] = await db.batch<Record<string, unknown>>([
    db
      .prepare(
        `SELECT
           SUM(type = 'title_view') AS views,
           COUNT(DISTINCT CASE WHEN type = 'title_view' THEN COALESCE(user_id, anonymous_id) END) AS viewers,
           SUM(type = 'play_started') AS started,
           SUM(type = 'play_completed') AS completed
         FROM analytics_events
         WHERE target_type = 'movie' AND target_id = ?3 AND at >= ?1 AND at < ?2
           AND type IN ('title_view', 'play_started', 'play_completed')`,
      )
      .bind(w.since, w.before, movieId),
    db
      .prepare(
        `SELECT AVG(position_seconds) AS seconds FROM watch_progress
         WHERE title_type = 'movie' AND title_id = ?3 AND updated_at >= ?1 AND updated_at < ?2`,
      )
      .bind(w.since, w.before, movieId),
    db.prepare("SELECT AVG(rating) AS average, COUNT(*) AS n FROM reviews WHERE movie_id = ?").bind(movieId),
    db
      .prepare(
        `WITH p AS (${PAID_ORDERS}) SELECT COALESCE(SUM(p.tickets), 0) AS tickets, COALESCE(SUM(p.total_cents), 0) AS revenue
         FROM p JOIN showtimes s ON s.id = p.showtime_id WHERE s.movie_id = ?3`,
      )
      .bind(w.since, w.before, movieId),
  ]);
  const e = events.results[0] ?? {};
  const started = num(e.started);
  const completed = num(e.completed);
  const seconds = watch.results[0]?.seconds;
  const r = rating.results[0] ?? {};
  const s = sales.results[0] ?? {};
  return {
    period: { from: w.from, to: w.to },
    movieId: movie.id,
    title: movie.title,
    titleViews: num(e.views),
    viewers: num(e.viewers),
    playsStarted: started,
    playsCompleted: completed,
    completionRate: ratio(completed, started),
    averageWatchSeconds: seconds === null || seconds === undefined ? null : Number(seconds),
    rating: { average: r.average === null || r.average === undefined ? null : Number(r.average), count: num(r.n) },
    ticketsSold: num(s.tickets),
    revenueCents: num(s.revenue),
  };
}

/** Null when there is no such user. */
export async function userBehavior(db: D1Database, w: Window, userId: string) {
  const user = await db
    .prepare("SELECT id, email, name, role, created_at FROM users WHERE id = ?")
    .bind(userId)
    .first<{ id: string; email: string; name: string; role: string; created_at: string }>();
  if (!user) return null;
  const [watched, hours, purchases] = await db.batch<Record<string, unknown>>([
    db
      .prepare(
        `SELECT e.target_type, e.target_id, SUM(e.type = 'play_started') AS started, SUM(e.type = 'play_completed') AS completed,
           MAX(e.at) AS last_at,
           CASE e.target_type
             WHEN 'movie' THEN (SELECT title FROM movies WHERE id = e.target_id)
             WHEN 'series' THEN (SELECT title FROM series WHERE id = e.target_id)
             WHEN 'episode' THEN (SELECT title FROM episodes WHERE id = e.target_id)
             WHEN 'media' THEN (SELECT title FROM media_items WHERE id = e.target_id)
           END AS title
         FROM analytics_events e
         WHERE e.user_id = ?3 AND e.at >= ?1 AND e.at < ?2 AND e.type IN ('play_started', 'play_completed')
         GROUP BY e.target_type, e.target_id ORDER BY last_at DESC LIMIT 100`,
      )
      .bind(w.since, w.before, userId),
    db
      .prepare(
        `SELECT CAST(substr(at, 12, 2) AS INTEGER) AS hour, COUNT(*) AS n FROM analytics_events
         WHERE user_id = ?3 AND at >= ?1 AND at < ?2 GROUP BY hour`,
      )
      .bind(w.since, w.before, userId),
    db
      .prepare(
        `SELECT o.id, o.showtime_id, m.title, o.status, o.total_cents, o.created_at, o.paid_at,
           (SELECT COUNT(*) FROM tickets t WHERE t.order_id = o.id AND t.status = 'valid') AS tickets
         FROM orders o JOIN showtimes s ON s.id = o.showtime_id JOIN movies m ON m.id = s.movie_id
         WHERE o.user_id = ?3 AND o.created_at >= ?1 AND o.created_at < ?2
         ORDER BY o.created_at DESC LIMIT 100`,
      )
      .bind(w.since, w.before, userId),
  ]);
  const perHour = new Map(hours.results.map((r) => [num(r.hour), num(r.n)]));
  const byHour = Array.from({ length: 24 }, (_, hour) => ({ hour, events: perHour.get(hour) ?? 0 }));
  const watchedRows = watched.results.map((r) => ({
    targetType: String(r.target_type),
    targetId: String(r.target_id),
    title: r.title === null || r.title === undefined ? null : String(r.title),
    playsStarted: num(r.started),
    playsCompleted: num(r.completed),
    lastAt: String(r.last_at),
  }));
  const purchaseRows = purchases.results.map((r) => ({
    orderId: String(r.id),
    showtimeId: String(r.showtime_id),
    movieTitle: String(r.title),
    status: String(r.status),
    tickets: num(r.tickets),
    totalCents: num(r.total_cents),
    createdAt: String(r.created_at),
    paidAt: r.paid_at === null ? null : String(r.paid_at),
  }));
  const playsStarted = watchedRows.reduce((n, r) => n + r.playsStarted, 0);
  const playsCompleted = watchedRows.reduce((n, r) => n + r.playsCompleted, 0);
  const paid = purchaseRows.filter((p) => p.status === "paid" && p.paidAt !== null && p.paidAt >= w.since && p.paidAt < w.before);
  return {
    period: { from: w.from, to: w.to },
    user: { id: user.id, email: user.email, name: user.name, role: user.role, createdAt: user.created_at },
    totals: {
      events: byHour.reduce((n, h) => n + h.events, 0),
      playsStarted,
      playsCompleted,
      completionRate: ratio(playsCompleted, playsStarted),
      ordersPaid: paid.length,
      spentCents: paid.reduce((n, p) => n + p.totalCents, 0),
    },
    watched: watchedRows,
    byHour,
    purchases: purchaseRows,
  };
}

const DAY_MS = 86_400_000;
const shiftDay = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

export async function activeUserFigures(db: D1Database, w: Window) {
  // Each user's active days, from 29 days before the period (for the first day's MAU) to its end.
  const { results } = await db
    .prepare(
      `SELECT DISTINCT user_id, substr(at, 1, 10) AS day FROM analytics_events
       WHERE user_id IS NOT NULL AND at >= ?1 AND at < ?2`,
    )
    .bind(`${shiftDay(w.from, -29)}T00:00:00.000Z`, w.before)
    .all<{ user_id: string; day: string }>();
  const usersByDay = new Map<string, string[]>();
  for (const r of results) usersByDay.set(r.day, [...(usersByDay.get(r.day) ?? []), r.user_id]);
  const distinctOver = (day: string, span: number) => {
    const seen = new Set<string>();
    for (let i = 0; i < span; i++) for (const u of usersByDay.get(shiftDay(day, -i)) ?? []) seen.add(u);
    return seen.size;
  };
  const days = w.days.map((day) => ({ day, dau: distinctOver(day, 1), wau: distinctOver(day, 7), mau: distinctOver(day, 30) }));
  return { period: { from: w.from, to: w.to }, days, latest: days[days.length - 1] ?? { day: w.to, dau: 0, wau: 0, mau: 0 } };
}

/** Monday (UTC) of the week of an ISO instant or day, in SQL. */
const MONDAY = (column: string) => `date(${column}, '-6 days', 'weekday 1')`;
const MAX_COHORT_WEEKS = 12;

export async function retentionFigures(db: D1Database, w: Window) {
  const lastWeek = await db
    .prepare(`SELECT ${MONDAY("?1")} AS monday`)
    .bind(w.to)
    .first<{ monday: string }>();
  const { results } = await db
    .prepare(
      `WITH cohort AS (
         SELECT id, ${MONDAY("created_at")} AS week FROM users WHERE created_at >= ?1 AND created_at < ?2
       ),
       activity AS (
         SELECT DISTINCT e.user_id, ${MONDAY("e.at")} AS week FROM analytics_events e
         WHERE e.user_id IN (SELECT id FROM cohort) AND e.at >= ?1 AND e.at < ?2
       )
       SELECT c.week AS cohort, CAST(round((julianday(a.week) - julianday(c.week)) / 7) AS INTEGER) AS offset,
         COUNT(DISTINCT a.user_id) AS active
       FROM cohort c LEFT JOIN activity a ON a.user_id = c.id AND a.week >= c.week
       GROUP BY c.week, offset`,
    )
    .bind(w.since, w.before)
    .all<{ cohort: string; offset: number | null; active: number }>();
  const sizes = await db
    .prepare(
      `SELECT ${MONDAY("created_at")} AS week, COUNT(*) AS n FROM users WHERE created_at >= ?1 AND created_at < ?2 GROUP BY week ORDER BY week`,
    )
    .bind(w.since, w.before)
    .all<{ week: string; n: number }>();
  const active = new Map(results.filter((r) => r.offset !== null).map((r) => [`${r.cohort}/${r.offset}`, num(r.active)]));
  const last = lastWeek?.monday ?? w.to;
  const cohorts = sizes.results.map(({ week, n }) => {
    const span = Math.min(MAX_COHORT_WEEKS, Math.round((Date.parse(last) - Date.parse(week)) / (7 * DAY_MS)) + 1);
    const weeks = Array.from({ length: Math.max(span, 1) }, (_, k) => {
      const a = active.get(`${week}/${k}`) ?? 0;
      return { week: k, active: a, rate: ratio(a, num(n)) };
    });
    return { cohort: week, users: num(n), weeks };
  });
  return { period: { from: w.from, to: w.to }, cohorts };
}

const TOP = 50;

export async function searchFigures(db: D1Database, w: Window) {
  const [total, top, none] = await db.batch<Record<string, unknown>>([
    db
      .prepare("SELECT COUNT(*) AS n FROM analytics_events WHERE type = 'search' AND at >= ?1 AND at < ?2")
      .bind(w.since, w.before),
    db
      .prepare(
        `SELECT query, COUNT(*) AS n, AVG(result_count) AS results FROM analytics_events
         WHERE type = 'search' AND at >= ?1 AND at < ?2 AND query IS NOT NULL
         GROUP BY query ORDER BY n DESC, query LIMIT ${TOP}`,
      )
      .bind(w.since, w.before),
    db
      .prepare(
        `SELECT query, COUNT(*) AS n FROM analytics_events
         WHERE type = 'search' AND at >= ?1 AND at < ?2 AND query IS NOT NULL AND result_count = 0
         GROUP BY query ORDER BY n DESC, query LIMIT ${TOP}`,
      )
      .bind(w.since, w.before),
  ]);
  return {
    period: { from: w.from, to: w.to },
    total: num(total.results[0]?.n),
    top: top.results.map((r) => ({ query: String(r.query), searches: num(r.n), averageResults: num(r.results) })),
    noResults: none.results.map((r) => ({ query: String(r.query), searches: num(r.n) })),
  };
}

export async function funnelFigures(db: D1Database, w: Window) {
  const row = await db
    .prepare(
      `WITH v AS (
         SELECT COALESCE(user_id, anonymous_id) AS who,
           MAX(type = 'page_view') AS browsed, MAX(type = 'title_view') AS titled, MAX(type = 'play_started') AS played
         FROM analytics_events
         WHERE at >= ?1 AND at < ?2 AND type IN ('page_view', 'title_view', 'play_started')
           AND COALESCE(user_id, anonymous_id) IS NOT NULL
         GROUP BY who
       )
       SELECT SUM(browsed) AS browse, SUM(browsed AND titled) AS title, SUM(browsed AND titled AND played) AS play FROM v`,
    )
    .bind(w.since, w.before)
    .first<Record<string, unknown>>();
  const browse = num(row?.browse);
  const title = num(row?.title);
  const play = num(row?.play);
  return {
    period: { from: w.from, to: w.to },
    steps: [
      { step: "browse" as const, visitors: browse, conversion: null },
      { step: "title" as const, visitors: title, conversion: ratio(title, browse) },
      { step: "play" as const, visitors: play, conversion: ratio(play, title) },
    ],
  };
}
