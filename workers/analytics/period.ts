import { ApiError } from "../lib/errors";
import { DEFAULT_RANGE_DAYS, MAX_RANGE_DAYS } from "./analytics.schemas";

const DAY_MS = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const msOf = (day: string) => Date.parse(`${day}T00:00:00.000Z`);

/** A read's period: UTC days `from`..`to` (both included) and the instants `[since, before)` to compare `at` columns with. */
export interface Window {
  from: string;
  to: string;
  since: string;
  before: string;
  days: string[];
}

/**
 * The period of `?from=&to=`: `to` defaults to today (UTC), `from` to 29 days before `to`.
 * A 400 when `from` is after `to` or the period is longer than MAX_RANGE_DAYS.
 */
export function periodOf(query: { from?: string; to?: string }, now = Date.now()): Window {
  const to = query.to ?? dayOf(now);
  const from = query.from ?? dayOf(msOf(to) - (DEFAULT_RANGE_DAYS - 1) * DAY_MS);
  const start = msOf(from);
  const end = msOf(to);
  if (start > end) {
    throw new ApiError("validation_failed", "`from` must not be after `to`", {
      errors: [{ path: "from", message: "Must not be after `to`", code: "custom" }],
    });
  }
  const length = (end - start) / DAY_MS + 1;
  if (length > MAX_RANGE_DAYS) {
    throw new ApiError("validation_failed", `The period covers ${length} days; at most ${MAX_RANGE_DAYS} are allowed`, {
      errors: [{ path: "to", message: `At most ${MAX_RANGE_DAYS} days after \`from\``, code: "too_big" }],
    });
  }
  const days: string[] = [];
  for (let ms = start; ms <= end; ms += DAY_MS) days.push(dayOf(ms));
  return { from, to, since: new Date(start).toISOString(), before: new Date(end + DAY_MS).toISOString(), days };
}
