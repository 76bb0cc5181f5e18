/**
 * The box office's rules, each defined once. The Worker's handlers and schemas and the
 * ShowtimeSeats Durable Object (durable-objects/showtime-seats.ts) all read them from here, so
 * changing a rule changes it everywhere it is enforced or documented.
 */

const MINUTE_MS = 60_000;

// ---- scheduling ----

/** Minutes between one showtime's end credits and the next showtime in the same theater. */
export const CLEANING_BUFFER_MINUTES = 15;

/**
 * When a showtime stops occupying its theater: its runtime plus the cleaning buffer after the
 * start. Two showtimes of one theater overlap when each starts before the other ends; D1 checks
 * that in the insert itself (`insertShowtime`), so two admins scheduling at once cannot both win.
 */
export function showtimeEndsAt(startsAtMs: number, runtimeMinutes: number): number {
  return startsAtMs + (runtimeMinutes + CLEANING_BUFFER_MINUTES) * MINUTE_MS;
}

/** A showtime is scheduled to start in the future, never now or in the past. */
export const canSchedule = (startsAtMs: number, now: number) => startsAtMs > now;

// ---- sales, refunds and check-in ----

/** Seats are held and checked out until the showtime starts. */
export const salesOpen = (startsAtMs: number, now: number) => now < startsAtMs;

/** The refund window: a buyer may refund a paid order until the showtime starts (a cancelled showtime refunds everyone regardless). */
export const refundWindowOpen = (startsAtMs: number, now: number) => now < startsAtMs;

/** Tickets are checked in until the showtime ends. */
export const checkInOpen = (endsAtMs: number, now: number) => now < endsAtMs;

/** Why the door turns a ticket away; `expired` covers a showtime that ended or was cancelled. */
export type CheckInRefusal = "wrong_showtime" | "refunded" | "already_checked_in" | "expired";

/**
 * The reason a ticket cannot be checked in now, or null when it can. Checked in this order, so
 * the door hears the most useful one: a ticket for another showtime is that first (whatever its
 * state), a used ticket says when it was used even after the showtime ended.
 */
export function checkInRefusal(
  ticket: { showtimeId: string; status: string; checkedInAt: string | null; endsAt: string; showtimeStatus: string },
  door: string | undefined,
  now: number,
): CheckInRefusal | null {
  if (door !== undefined && door !== ticket.showtimeId) return "wrong_showtime";
  if (ticket.status !== "valid") return "refunded";
  if (ticket.checkedInAt) return "already_checked_in";
  if (ticket.showtimeStatus !== "scheduled" || !checkInOpen(Date.parse(ticket.endsAt), now)) return "expired";
  return null;
}

// ---- holds ----

/** The most seats one hold may take, whether named or picked as the best `count`. */
export const MAX_SEATS_PER_HOLD = 10;

/** How long a hold lasts, set per showtime within these bounds. */
export const HOLD_TTL_SECONDS = { min: 10, max: 1800, default: 480 } as const;

/**
 * A hold may be extended once: by up to another TTL from now, never past twice the TTL after it
 * was made, and never to less time than it already had.
 */
export function extendedExpiry(hold: { createdAt: number; expiresAt: number }, ttlMs: number, now: number): number {
  return Math.max(hold.expiresAt, Math.min(now + ttlMs, hold.createdAt + 2 * ttlMs));
}

/** The holder is told this long before the hold lapses. */
export const HOLD_WARNING_MS = MINUTE_MS;

/** Holds shorter than twice the warning get none (it would arrive with the hold itself). */
export const warnsBeforeExpiry = (ttlMs: number) => ttlMs >= 2 * HOLD_WARNING_MS;

/** A paying hold outlives its expiry by this much, so its seats are never released mid-charge. */
export const PAYMENT_GRACE_MS = 2 * MINUTE_MS;

/** How long a checkout keeps the hold's seats: the hold's own expiry or the grace from now, whichever is later. */
export const payingUntil = (expiresAt: number, now: number) => Math.max(expiresAt, now + PAYMENT_GRACE_MS);
