import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import { ok } from "../../api/problem";

export type Showtime = Awaited<ReturnType<typeof fetchUtcDay>>[number];

/** A local calendar day as `YYYY-MM-DD` (what `<input type="date">` holds). */
export function localDay(date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The local day `days` after `day` (negative: before). */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split("-").map(Number);
  return localDay(new Date(y, m - 1, d + days));
}

/**
 * A local date and time as ISO 8601 with this device's offset, e.g. "2030-05-01T19:30:00+02:00":
 * the time the admin typed, wherever the API runs.
 */
export function localIso(day: string, time: string): string {
  const [y, m, d] = day.split("-").map(Number);
  const [hh, mm] = time.split(":").map(Number);
  const at = new Date(y, m - 1, d, hh, mm);
  const offset = -at.getTimezoneOffset();
  const pad = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, "0");
  const sign = offset >= 0 ? "+" : "-";
  return `${day}T${pad(hh)}:${pad(mm)}:00${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
}

/** "19:30" (or "7:30 PM") in the person's locale. */
export const clockTime = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { hour: "numeric", minute: "2-digit" });

/** "Tuesday, 3 December" in the person's locale. */
export const dayName = (day: string) => {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(y, m - 1, d).toLocaleDateString(undefined, { weekday: "long", day: "numeric", month: "long" });
};

async function fetchUtcDay(date: string) {
  const items = [];
  let cursor: string | undefined;
  do {
    const page = await ok(api.showtimes.$get({ query: { date, limit: "100", ...(cursor ? { cursor } : {}) } }));
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/**
 * The showtimes starting on a local day, by start time. The API filters by UTC day, and a local
 * day overlaps one or two of those, so both are read and cut to the local day's bounds.
 */
async function fetchLocalDay(day: string): Promise<Showtime[]> {
  const [y, m, d] = day.split("-").map(Number);
  const start = new Date(y, m - 1, d);
  const end = new Date(y, m - 1, d + 1);
  const utcDays = [...new Set([start.toISOString().slice(0, 10), new Date(end.getTime() - 1).toISOString().slice(0, 10)])];
  const pages = await Promise.all(utcDays.map(fetchUtcDay));
  return pages
    .flat()
    .filter((s) => {
      const at = Date.parse(s.startsAt);
      return at >= start.getTime() && at < end.getTime();
    })
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}

export const showtimeKeys = {
  all: ["showtimes"] as const,
  day: (day: string) => ["showtimes", "day", day] as const,
  one: (id: string) => ["showtimes", id] as const,
  sales: (id: string) => ["showtimes", id, "sales"] as const,
};

/** Scheduled showtimes of one local day (cancelled ones are not listed by the API). */
export const useDayShowtimes = (day: string) => useQuery({ queryKey: showtimeKeys.day(day), queryFn: () => fetchLocalDay(day) });
