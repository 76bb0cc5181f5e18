import { describe, expect, it } from "vitest";
import {
  CLEANING_BUFFER_MINUTES,
  canSchedule,
  checkInOpen,
  checkInRefusal,
  extendedExpiry,
  PAYMENT_GRACE_MS,
  payingUntil,
  refundWindowOpen,
  salesOpen,
  showtimeEndsAt,
  warnsBeforeExpiry,
} from "./rules";

describe("cinema rules", () => {
  it("names the reason a ticket is turned away at the door, most useful first", () => {
    const endsAt = new Date(2000).toISOString();
    const ticket = { showtimeId: "s1", status: "valid", checkedInAt: null, endsAt, showtimeStatus: "scheduled" };
    expect(checkInRefusal(ticket, undefined, 1999)).toBeNull();
    expect(checkInRefusal(ticket, "s1", 1999)).toBeNull();
    expect(checkInRefusal({ ...ticket, status: "refunded" }, "s2", 1999)).toBe("wrong_showtime");
    expect(checkInRefusal({ ...ticket, status: "refunded" }, "s1", 3000)).toBe("refunded");
    expect(checkInRefusal({ ...ticket, checkedInAt: endsAt }, undefined, 3000)).toBe("already_checked_in");
    expect(checkInRefusal(ticket, undefined, 2000)).toBe("expired");
    expect(checkInRefusal({ ...ticket, showtimeStatus: "cancelled" }, undefined, 0)).toBe("expired");
  });

  it("ends a showtime after its runtime and the cleaning buffer", () => {
    expect(showtimeEndsAt(0, 100)).toBe((100 + CLEANING_BUFFER_MINUTES) * 60_000);
  });

  it("closes scheduling, sales and refunds at the start, check-in at the end", () => {
    expect([canSchedule(1000, 999), canSchedule(1000, 1000)]).toEqual([true, false]);
    expect([salesOpen(1000, 999), salesOpen(1000, 1000)]).toEqual([true, false]);
    expect([refundWindowOpen(1000, 999), refundWindowOpen(1000, 1000)]).toEqual([true, false]);
    expect([checkInOpen(2000, 1999), checkInOpen(2000, 2000)]).toEqual([true, false]);
  });

  it("extends a hold by up to a TTL, never past twice the TTL, never shorter", () => {
    const ttl = 480_000;
    expect(extendedExpiry({ createdAt: 0, expiresAt: ttl }, ttl, 60_000)).toBe(60_000 + ttl);
    expect(extendedExpiry({ createdAt: 0, expiresAt: ttl }, ttl, 700_000)).toBe(2 * ttl);
    expect(extendedExpiry({ createdAt: 0, expiresAt: 3 * ttl }, ttl, 0)).toBe(3 * ttl);
  });

  it("warns only holds long enough to be warned, and keeps paying holds past their grace", () => {
    expect([warnsBeforeExpiry(120_000), warnsBeforeExpiry(119_999)]).toEqual([true, false]);
    expect(payingUntil(10, 0)).toBe(PAYMENT_GRACE_MS);
    expect(payingUntil(PAYMENT_GRACE_MS + 5, 0)).toBe(PAYMENT_GRACE_MS + 5);
  });
});
