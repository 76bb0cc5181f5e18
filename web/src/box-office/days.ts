/**
 * Days as the person lives them: the API's `date` filter is a UTC day, the date strip shows the
 * person's own days. A local day is 24 h (23 or 25 across a clock change) that may straddle two
 * UTC days, so a local day's showtimes are read from every UTC day it touches and then kept
 * only when they start within it.
 */

const pad = (n: number) => String(n).padStart(2, "0");

/** A local date as `YYYY-MM-DD` (the `?date=` of Now showing). */
export const dayKey = (date: Date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

/** Midnight, local time, of a `YYYY-MM-DD` day; null when the text is not such a day. */
export function startOfDay(key: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (!match) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return dayKey(date) === key ? date : null;
}

export const addDays = (date: Date, days: number) => new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);

/** Today and the next `count - 1` days, as local midnights. */
export const nextDays = (count: number, today = new Date()) => Array.from({ length: count }, (_, i) => addDays(today, i));

/** The UTC days (`YYYY-MM-DD`) that a local day overlaps: one where the offset is 0, two elsewhere. */
export function utcDaysOf(day: Date): string[] {
  const first = day.toISOString().slice(0, 10);
  const last = new Date(addDays(day, 1).getTime() - 1).toISOString().slice(0, 10);
  return first === last ? [first] : [first, last];
}

/** Whether an ISO instant falls on the local day that starts at `day`. */
export const isOnDay = (iso: string, day: Date) => {
  const at = Date.parse(iso);
  return at >= day.getTime() && at < addDays(day, 1).getTime();
};

/** "19:30" (or "7:30 PM"), in the person's locale and time zone. */
export const timeOf = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { hour: "numeric", minute: "2-digit" });

/** "Thu 3 Dec" in the person's locale. */
export const shortDay = (date: Date) => date.toLocaleDateString(undefined, { weekday: "short", day: "numeric", month: "short" });

/** "Thursday 3 December" in the person's locale. */
export const longDay = (date: Date) => date.toLocaleDateString(undefined, { weekday: "long", day: "numeric", month: "long" });

/** "Today", "Tomorrow", or the short day, for a local midnight. */
export function relativeDay(date: Date, today = new Date()): string {
  const key = dayKey(date);
  if (key === dayKey(today)) return "Today";
  if (key === dayKey(addDays(today, 1))) return "Tomorrow";
  return shortDay(date);
}
