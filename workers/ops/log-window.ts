import { z } from "@hono/zod-openapi";
import { ApiError } from "../lib/errors";
import { decodeCursor } from "../lib/pagination";

/**
 * A bound of a log query: a UTC day (`2026-12-01`) or an instant (`2026-12-01T09:30:00Z`).
 * A day as `to` includes the whole day.
 */
export const LogBound = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .openapi({ example: "2026-12-01", description: "A UTC day (YYYY-MM-DD) or an ISO 8601 instant" });

const DAY_MS = 86_400_000;
const isDay = (value: string) => !value.includes("T");

/** `[from, to)` as ISO instants comparable with the logs' `at` column; either end may be open. */
export function logWindow(from?: string, to?: string): { since?: string; before?: string } {
  const since = from === undefined ? undefined : new Date(isDay(from) ? `${from}T00:00:00Z` : from).toISOString();
  let before: string | undefined;
  if (to !== undefined) {
    // A day runs to the next midnight; an instant is itself included.
    before = isDay(to)
      ? new Date(Date.parse(`${to}T00:00:00Z`) + DAY_MS).toISOString()
      : new Date(Date.parse(to) + 1).toISOString();
  }
  return { since, before };
}

/** A log page's cursor: the `[at, id]` of the last entry shown. */
export function logCursorAfter(cursor: string | undefined): [string, string] | undefined {
  const values = decodeCursor(cursor);
  if (values === undefined) return undefined;
  const [at, id] = values;
  if (values.length !== 2 || typeof at !== "string" || typeof id !== "string") {
    throw new ApiError("bad_request", "The cursor is not one this API handed out");
  }
  return [at, id];
}
