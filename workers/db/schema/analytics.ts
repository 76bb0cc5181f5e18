import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Business events (the cinema's ms-analytics): what the platform records itself (searches, plays,
 * holds, orders, refunds, sign-ups) and what the web app posts to POST /api/events (page and title
 * views). Append-only; reads aggregate it by day, title, user and cohort.
 */
export const analyticsEvents = sqliteTable(
  "analytics_events",
  {
    id: text("id").primaryKey(),
    at: text("at").notNull(),
    // e.g. page_view, title_view, search, play_started, play_completed, hold, order, refund, sign_up
    type: text("type").notNull(),
    // "server" for the platform's own events, "client" for what the web app posts
    source: text("source").notNull().default("server"),
    userId: text("user_id"),
    // A browser's random id, so anonymous browsing can still be followed through the funnel
    anonymousId: text("anonymous_id"),
    targetType: text("target_type"),
    targetId: text("target_id"),
    path: text("path"),
    // search: the query (normalised) and how many results it had
    query: text("query"),
    resultCount: integer("result_count"),
    amountCents: integer("amount_cents"),
    props: text("props", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index("analytics_events_type_at_idx").on(t.type, t.at),
    index("analytics_events_user_at_idx").on(t.userId, t.at),
    index("analytics_events_target_idx").on(t.targetType, t.targetId, t.at),
    index("analytics_events_at_idx").on(t.at),
  ],
);
