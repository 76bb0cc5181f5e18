import { z } from "@hono/zod-openapi";

// ---------------------------------------------------------------- POST /api/events

/** The most events one post may carry (the web app sends 20 at a time). */
export const MAX_EVENTS_PER_POST = 50;

const Path = z
  .string()
  .trim()
  .min(1)
  .max(300)
  .regex(/^\/[^\s?#]*$/, "A path starting with `/`, without query string or fragment")
  .openapi({ example: "/movies/01J..." });

/**
 * What a browser may report: only what the API cannot see itself. Searches, plays, holds, orders,
 * refunds and sign-ups are recorded by the API when they happen, so a client can neither forge nor
 * double-count them.
 */
export const ClientEventSchema = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("page_view"), path: Path }),
    z.object({
      type: z.literal("title_view"),
      path: Path.optional(),
      targetType: z.enum(["movie", "series"]),
      targetId: z.string().min(1).max(64),
    }),
  ])
  .openapi("ClientEvent");

export const EventsInputSchema = z
  .object({
    anonymousId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{8,64}$/, "8 to 64 letters, digits, `-` or `_`")
      .optional()
      .openapi({ description: "The browser's random id, so anonymous browsing can be followed through the funnel" }),
    events: z.array(ClientEventSchema).min(1).max(MAX_EVENTS_PER_POST),
  })
  .openapi("ClientEvents");

export const EventsAcceptedSchema = z.object({ accepted: z.number().int() }).openapi("EventsAccepted");

// ---------------------------------------------------------------- the reads

/** The longest period one read may cover. */
export const MAX_RANGE_DAYS = 366;
export const DEFAULT_RANGE_DAYS = 30;

const Day = z.iso.date().openapi({ example: "2026-11-01" });

export const RangeQuery = z.object({
  from: Day.optional().openapi({ description: `First UTC day included; default ${DEFAULT_RANGE_DAYS - 1} days before \`to\`` }),
  to: Day.optional().openapi({
    description: `Last UTC day included (the whole day); default today. At most ${MAX_RANGE_DAYS} days from \`from\``,
  }),
});

const Format = z
  .enum(["json", "csv"])
  .default("json")
  .openapi({ description: "`csv` answers text/csv with a header row, as a download" });

export const TableQuery = RangeQuery.extend({ format: Format });
export const SalesQuery = TableQuery.extend({
  table: z.enum(["day", "movie", "theater"]).default("day").openapi({ description: "Which table `format=csv` exports" }),
});
export const OccupancyQuery = TableQuery.extend({
  table: z.enum(["showtime", "theater"]).default("showtime").openapi({ description: "Which table `format=csv` exports" }),
});
export const SearchesQuery = TableQuery.extend({
  table: z.enum(["top", "no_results"]).default("top").openapi({ description: "Which table `format=csv` exports" }),
});

const Period = z.object({ from: z.string(), to: z.string() }).openapi({ description: "The UTC days covered, both included" });

const rate = (description: string) =>
  z
    .number()
    .nullable()
    .openapi({ description: `${description}; null when nothing to divide by` });

const REVENUE = "Sum of `orders.total_cents` of orders paid in the period and still paid (refunded orders excluded)";

export const DashboardSchema = z
  .object({
    period: Period,
    revenueCents: z.number().int().openapi({ description: REVENUE }),
    ordersPaid: z.number().int().openapi({ description: "Orders paid in the period and not refunded" }),
    ticketsSold: z.number().int().openapi({ description: "Valid tickets of those orders" }),
    refunds: z.number().int().openapi({ description: "Orders refunded in the period (whenever they were paid)" }),
    refundedCents: z.number().int().openapi({ description: "Their `total_cents`" }),
    signUps: z.number().int().openapi({ description: "Accounts created in the period (`users.created_at`)" }),
    activeUsers: z.number().int().openapi({ description: "Distinct signed-in users with any analytics event in the period" }),
    pageViews: z.number().int().openapi({ description: "`page_view` events" }),
    titleViews: z.number().int().openapi({ description: "`title_view` events" }),
    searches: z.number().int().openapi({ description: "`search` events (first pages of /api/search)" }),
    playsStarted: z.number().int().openapi({ description: "`play_started` events (a signed stream handed out for playing)" }),
    playsCompleted: z
      .number()
      .int()
      .openapi({ description: "`play_completed` events (at most one per person and item in 6 hours)" }),
    occupancy: rate("Valid tickets / seats over scheduled showtimes starting in the period"),
  })
  .openapi("AnalyticsDashboard");

const Sales = { orders: z.number().int(), tickets: z.number().int(), revenueCents: z.number().int() };
export const SalesDaySchema = z.object({ day: z.string(), ...Sales });
export const SalesMovieSchema = z.object({ movieId: z.string(), title: z.string(), ...Sales });
export const SalesTheaterSchema = z.object({ theaterId: z.string(), name: z.string(), ...Sales });
export const SalesSchema = z
  .object({
    period: Period,
    totals: z.object(Sales),
    byDay: z
      .array(SalesDaySchema)
      .openapi({ description: "Every day of the period (zeros included), by the day the order was paid" }),
    byMovie: z.array(SalesMovieSchema).openapi({ description: "Movies with sales, most revenue first" }),
    byTheater: z.array(SalesTheaterSchema).openapi({ description: "Theaters with sales, most revenue first" }),
  })
  .openapi("AnalyticsSales", {
    description:
      "From the orders table: an order counts on the day it was paid (`paid_at`) while its status is `paid`; `tickets` are its valid tickets; `revenueCents` its `total_cents` (after loyalty discounts).",
  });

const Seats = { seats: z.number().int(), sold: z.number().int(), occupancy: rate("sold / seats") };
export const OccupancyShowtimeSchema = z.object({
  showtimeId: z.string(),
  startsAt: z.string(),
  movieId: z.string(),
  movieTitle: z.string(),
  theaterId: z.string(),
  theaterName: z.string(),
  ...Seats,
});
export const OccupancyTheaterSchema = z.object({
  theaterId: z.string(),
  name: z.string(),
  showtimes: z.number().int(),
  ...Seats,
});
export const OccupancySchema = z
  .object({
    period: Period,
    totals: z.object({ showtimes: z.number().int(), ...Seats }),
    byShowtime: z.array(OccupancyShowtimeSchema).openapi({ description: "By start time" }),
    byTheater: z.array(OccupancyTheaterSchema).openapi({ description: "Fullest first" }),
  })
  .openapi("AnalyticsOccupancy", {
    description:
      "Scheduled (not cancelled) showtimes starting in the period; `seats` is the theater's seat count, `sold` its valid tickets for the showtime.",
  });

export const MovieMetricsSchema = z
  .object({
    period: Period,
    movieId: z.string(),
    title: z.string(),
    titleViews: z.number().int().openapi({ description: "`title_view` events for the movie" }),
    viewers: z.number().int().openapi({ description: "Distinct people (user, else browser) behind them" }),
    playsStarted: z.number().int(),
    playsCompleted: z.number().int(),
    completionRate: rate("playsCompleted / playsStarted"),
    averageWatchSeconds: z
      .number()
      .nullable()
      .openapi({ description: "Average furthest position reached (`watch_progress`) of people who watched it in the period" }),
    rating: z
      .object({ average: z.number().nullable(), count: z.number().int() })
      .openapi({ description: "All reviews of the movie, whenever written" }),
    ticketsSold: z.number().int().openapi({ description: "Valid tickets of orders paid in the period, for its showtimes" }),
    revenueCents: z.number().int().openapi({ description: "Those orders' `total_cents`" }),
  })
  .openapi("AnalyticsMovie");

export const UserBehaviorSchema = z
  .object({
    period: Period,
    user: z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.string(), createdAt: z.string() }),
    totals: z.object({
      events: z.number().int(),
      playsStarted: z.number().int(),
      playsCompleted: z.number().int(),
      completionRate: rate("playsCompleted / playsStarted"),
      ordersPaid: z.number().int(),
      spentCents: z.number().int().openapi({ description: "`total_cents` of orders paid in the period and still paid" }),
    }),
    watched: z
      .array(
        z.object({
          targetType: z.string(),
          targetId: z.string(),
          title: z.string().nullable(),
          playsStarted: z.number().int(),
          playsCompleted: z.number().int(),
          lastAt: z.string(),
        }),
      )
      .openapi({ description: "What they played, most recent first (from `play_started` / `play_completed`)" }),
    byHour: z
      .array(z.object({ hour: z.number().int(), events: z.number().int() }))
      .openapi({ description: "When they are active: their events per UTC hour of day (0-23)" }),
    purchases: z.array(
      z.object({
        orderId: z.string(),
        showtimeId: z.string(),
        movieTitle: z.string(),
        status: z.string(),
        tickets: z.number().int(),
        totalCents: z.number().int(),
        createdAt: z.string(),
        paidAt: z.string().nullable(),
      }),
    ),
  })
  .openapi("AnalyticsUserBehavior");

export const ActiveDaySchema = z.object({
  day: z.string(),
  dau: z.number().int().openapi({ description: "Distinct signed-in users with an event that day" }),
  wau: z.number().int().openapi({ description: "... in the 7 days ending that day" }),
  mau: z.number().int().openapi({ description: "... in the 30 days ending that day" }),
});
export const ActiveUsersSchema = z
  .object({
    period: Period,
    days: z.array(ActiveDaySchema),
    latest: ActiveDaySchema.openapi({ description: "The figures for `to`" }),
  })
  .openapi("AnalyticsActiveUsers", {
    description: "From analytics_events with a user id (anonymous browsing is not a user).",
  });

export const RetentionRowSchema = z.object({
  cohort: z.string().openapi({ description: "Monday (UTC) of the sign-up week" }),
  users: z.number().int(),
  week: z.number().int().openapi({ description: "Weeks after the sign-up week (0 is that week)" }),
  active: z.number().int().openapi({ description: "Cohort members with an event in that week" }),
  rate: rate("active / users"),
});
export const RetentionSchema = z
  .object({
    period: Period,
    cohorts: z.array(
      z.object({
        cohort: z.string(),
        users: z.number().int(),
        weeks: z.array(RetentionRowSchema.pick({ week: true, active: true, rate: true })),
      }),
    ),
  })
  .openapi("AnalyticsRetention", {
    description:
      "Users who signed up in the period, grouped by the week (Monday, UTC) of `users.created_at`; each cohort's weeks run from its sign-up week to the week of `to` (at most 12).",
  });

export const SearchRowSchema = z.object({
  query: z.string(),
  searches: z.number().int(),
  averageResults: z.number().openapi({ description: "Mean result count of the first page (at most the page size)" }),
});
export const SearchesSchema = z
  .object({
    period: Period,
    total: z.number().int(),
    top: z.array(SearchRowSchema).openapi({ description: "The 50 most frequent queries (normalised: trimmed, lower case)" }),
    noResults: z
      .array(SearchRowSchema.pick({ query: true, searches: true }))
      .openapi({ description: "The 50 most frequent queries that found nothing" }),
  })
  .openapi("AnalyticsSearches");

export const FunnelStepSchema = z.object({
  step: z.enum(["browse", "title", "play"]),
  visitors: z.number().int(),
  conversion: rate("visitors / the previous step's visitors"),
});
export const FunnelSchema = z.object({ period: Period, steps: z.array(FunnelStepSchema) }).openapi("AnalyticsFunnel", {
  description:
    "Distinct visitors (user id, else the browser's anonymous id) with a `page_view` (browse); of those, with a `title_view` (title); of those, with a `play_started` (play) in the period.",
});

export type Period = z.infer<typeof Period>;
