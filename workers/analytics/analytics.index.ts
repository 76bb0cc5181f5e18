import type { Context } from "hono";
import type { AppEnv } from "../lib/context";
import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import {
  activeUserFigures,
  dashboardFigures,
  funnelFigures,
  movieFigures,
  occupancyFigures,
  retentionFigures,
  salesFigures,
  searchFigures,
  userBehavior,
} from "./analytics.queries";
import * as routes from "./analytics.routes";
import { toCsv } from "./csv";
import { tokenUserId, writeEvents } from "./events";
import { periodOf, type Window } from "./period";

/** A CSV download named after what it holds and its period. */
function csv(c: Context<AppEnv>, name: string, w: Window, body: string) {
  return c.body(body, 200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="${name}-${w.from}-${w.to}.csv"`,
    "cache-control": "private, no-store",
  });
}

/** POST /api/events and the reads under /api/admin/analytics/. */
export const analyticsRouter = createRouter()
  .openapi(routes.postEvents, async (c) => {
    const { anonymousId, events } = c.req.valid("json");
    // A token that is missing, expired or forged leaves the events anonymous: browsing needs no sign-in.
    const userId = await tokenUserId(c.env, c.req.header("authorization"));
    await writeEvents(
      c.env,
      events.map((event) => ({ ...event, userId, anonymousId: anonymousId ?? null })),
      "client",
    );
    return c.json({ accepted: events.length }, 202);
  })
  .openapi(routes.dashboard, async (c) => c.json(await dashboardFigures(c.env.DB, periodOf(c.req.valid("query"))), 200))
  .openapi(routes.sales, async (c) => {
    const query = c.req.valid("query");
    const w = periodOf(query);
    const figures = await salesFigures(c.env.DB, w);
    if (query.format === "json") return c.json(figures, 200);
    const columns = ["orders", "tickets", "revenueCents"] as const;
    if (query.table === "movie") return csv(c, "sales-by-movie", w, toCsv(figures.byMovie, ["movieId", "title", ...columns]));
    if (query.table === "theater")
      return csv(c, "sales-by-theater", w, toCsv(figures.byTheater, ["theaterId", "name", ...columns]));
    return csv(c, "sales-by-day", w, toCsv(figures.byDay, ["day", ...columns]));
  })
  .openapi(routes.occupancy, async (c) => {
    const query = c.req.valid("query");
    const w = periodOf(query);
    const figures = await occupancyFigures(c.env.DB, w);
    if (query.format === "json") return c.json(figures, 200);
    if (query.table === "theater")
      return csv(
        c,
        "occupancy-by-theater",
        w,
        toCsv(figures.byTheater, ["theaterId", "name", "showtimes", "seats", "sold", "occupancy"]),
      );
    const columns = [
      "showtimeId",
      "startsAt",
      "movieId",
      "movieTitle",
      "theaterId",
      "theaterName",
      "seats",
      "sold",
      "occupancy",
    ] as const;
    return csv(c, "occupancy-by-showtime", w, toCsv(figures.byShowtime, columns));
  })
  .openapi(routes.movie, async (c) => {
    const figures = await movieFigures(c.env.DB, periodOf(c.req.valid("query")), c.req.valid("param").id);
    if (!figures) throw new ApiError("not_found", "No such movie");
    return c.json(figures, 200);
  })
  .openapi(routes.userBehavior, async (c) => {
    const figures = await userBehavior(c.env.DB, periodOf(c.req.valid("query")), c.req.valid("param").id);
    if (!figures) throw new ApiError("not_found", "No such user");
    return c.json(figures, 200);
  })
  .openapi(routes.activeUsers, async (c) => {
    const query = c.req.valid("query");
    const w = periodOf(query);
    const figures = await activeUserFigures(c.env.DB, w);
    if (query.format === "json") return c.json(figures, 200);
    return csv(c, "active-users", w, toCsv(figures.days, ["day", "dau", "wau", "mau"]));
  })
  .openapi(routes.retention, async (c) => {
    const query = c.req.valid("query");
    const w = periodOf(query);
    const figures = await retentionFigures(c.env.DB, w);
    if (query.format === "json") return c.json(figures, 200);
    const rows = figures.cohorts.flatMap(({ cohort, users, weeks }) => weeks.map((wk) => ({ cohort, users, ...wk })));
    return csv(c, "retention", w, toCsv(rows, ["cohort", "users", "week", "active", "rate"]));
  })
  .openapi(routes.searches, async (c) => {
    const query = c.req.valid("query");
    const w = periodOf(query);
    const figures = await searchFigures(c.env.DB, w);
    if (query.format === "json") return c.json(figures, 200);
    if (query.table === "no_results") return csv(c, "searches-no-results", w, toCsv(figures.noResults, ["query", "searches"]));
    return csv(c, "searches-top", w, toCsv(figures.top, ["query", "searches", "averageResults"]));
  })
  .openapi(routes.funnel, async (c) => {
    const query = c.req.valid("query");
    const w = periodOf(query);
    const figures = await funnelFigures(c.env.DB, w);
    if (query.format === "json") return c.json(figures, 200);
    return csv(c, "funnel", w, toCsv(figures.steps, ["step", "visitors", "conversion"]));
  });
