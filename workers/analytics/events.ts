import { analyticsEvents } from "../db/schema";
import { bearerTokenOf } from "../lib/auth";
import type { WaitUntil } from "../lib/context";
import { database } from "../lib/db";
import { newId, nowIso } from "../lib/ids";
import { log } from "../lib/log";
import { verifyAccessToken } from "../lib/tokens";

export const eventTypes = [
  "page_view",
  "title_view",
  "search",
  "play_started",
  "play_completed",
  "hold",
  "order",
  "refund",
  "sign_up",
] as const;
export type EventType = (typeof eventTypes)[number];

export interface EventInput {
  type: EventType;
  userId?: string | null;
  anonymousId?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  path?: string | null;
  query?: string | null;
  resultCount?: number | null;
  amountCents?: number | null;
  props?: Record<string, unknown>;
}

type EventRow = typeof analyticsEvents.$inferInsert;

const toRow = (event: EventInput, source: "server" | "client", at: string): EventRow => ({
  id: newId(),
  at,
  type: event.type,
  source,
  userId: event.userId ?? null,
  anonymousId: event.anonymousId ?? null,
  targetType: event.targetType ?? null,
  targetId: event.targetId ?? null,
  path: event.path ?? null,
  query: event.query ?? null,
  resultCount: event.resultCount ?? null,
  amountCents: event.amountCents ?? null,
  props: event.props ?? {},
});

// D1 binds at most 100 parameters per statement; a row has 13 columns.
const ROWS_PER_INSERT = 7;

/** Stores events now, stamped with the current time; throws on failure (POST /api/events answers only once they are stored). */
export async function writeEvents(env: Env, events: EventInput[], source: "server" | "client" = "server"): Promise<void> {
  const at = nowIso();
  const rows = events.map((event) => toRow(event, source, at));
  const db = database(env.DB);
  const inserts = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    inserts.push(db.insert(analyticsEvents).values(rows.slice(i, i + ROWS_PER_INSERT)));
  }
  const [first, ...rest] = inserts;
  if (first) await db.batch([first, ...rest]);
}

/**
 * Records one of the platform's own events in the background: it never fails or slows the caller,
 * and it is its own statement, never part of the caller's D1 batch. `event` may be a promise (a
 * search's result count is read from the response it answered with).
 * @example recordEvent(c.env, c.executionCtx, { type: "order", userId, targetId: order.id, amountCents })
 */
export function recordEvent(env: Env, ctx: WaitUntil, event: EventInput | Promise<EventInput | undefined>): void {
  const task = Promise.resolve(event)
    .then((resolved) => (resolved ? writeEvents(env, [resolved]) : undefined))
    .catch((err) => {
      log.warn("analytics_event_failed", { error: err instanceof Error ? err.message : String(err) });
    });
  ctx.waitUntil(task);
}

/**
 * The user behind a request's bearer token, for attributing an event on a route that does not sign
 * the caller in (search). Only the signature is checked: a signed-out but unexpired token still
 * names who sent it, which is all an event needs. Null when there is no valid token.
 */
export async function tokenUserId(env: Env, authorization: string | undefined): Promise<string | null> {
  const token = bearerTokenOf(authorization);
  if (!token) return null;
  try {
    return (await verifyAccessToken(env, token)).userId;
  } catch {
    return null;
  }
}

/** Progress reports keep coming after the end is reached; one completion per person and item in this window. */
const COMPLETION_WINDOW_MS = 6 * 60 * 60 * 1000;

/**
 * Records that someone finished watching an item, once per window however many progress reports
 * say so, in the background like `recordEvent`.
 */
export function recordPlayCompleted(
  env: Env,
  ctx: WaitUntil,
  play: { userId: string; targetType: string; targetId: string; watchedSeconds: number },
): void {
  const at = nowIso();
  const since = new Date(Date.now() - COMPLETION_WINDOW_MS).toISOString();
  const row = toRow({ type: "play_completed", ...play, props: { watchedSeconds: play.watchedSeconds } }, "server", at);
  const task = env.DB.prepare(
    `INSERT INTO analytics_events (id, at, type, source, user_id, target_type, target_id, props)
     SELECT ?1, ?2, 'play_completed', 'server', ?3, ?4, ?5, ?6
     WHERE NOT EXISTS (SELECT 1 FROM analytics_events WHERE type = 'play_completed' AND user_id = ?3
       AND target_type = ?4 AND target_id = ?5 AND at > ?7)`,
  )
    .bind(row.id, at, play.userId, play.targetType, play.targetId, JSON.stringify(row.props), since)
    .run()
    .catch((err) => log.warn("analytics_event_failed", { type: "play_completed", error: String(err) }));
  ctx.waitUntil(task);
}
