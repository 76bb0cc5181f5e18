import { describe, expect, it } from "vitest";
import { addInterval, planChange, unusedFraction, unusedRefund } from "./proration";

const d = (iso: string) => new Date(iso);
const monthly = (priceCents: number) => ({ priceCents, interval: "month" as const });

describe("periods", () => {
  it("adds months and years in UTC calendar arithmetic, clamping to the month's end", () => {
    expect(addInterval(d("2026-01-31T10:00:00Z"), "month").toISOString()).toBe("2026-02-28T10:00:00.000Z");
    expect(addInterval(d("2028-01-31T10:00:00Z"), "month").toISOString()).toBe("2028-02-29T10:00:00.000Z");
    expect(addInterval(d("2026-03-31T00:00:00Z"), "month").toISOString()).toBe("2026-04-30T00:00:00.000Z");
    expect(addInterval(d("2026-12-15T08:30:00Z"), "month").toISOString()).toBe("2027-01-15T08:30:00.000Z");
    expect(addInterval(d("2028-02-29T00:00:00Z"), "year").toISOString()).toBe("2029-02-28T00:00:00.000Z");
    expect(addInterval(d("2026-05-10T00:00:00Z"), "year").toISOString()).toBe("2027-05-10T00:00:00.000Z");
  });

  it("measures the unused part of a period", () => {
    const period = { start: d("2026-04-01T00:00:00Z"), end: d("2026-05-01T00:00:00Z") };
    expect(unusedFraction(period, d("2026-04-16T00:00:00Z"))).toBe(0.5);
    expect(unusedFraction(period, d("2026-03-01T00:00:00Z"))).toBe(1);
    expect(unusedFraction(period, d("2026-06-01T00:00:00Z"))).toBe(0);
  });
});

describe("proration", () => {
  const april = { start: d("2026-04-01T00:00:00Z"), end: d("2026-05-01T00:00:00Z") }; // 30 days

  it("charges the price difference for the rest of the period on an upgrade", () => {
    // 10 of 30 days left: (1999 - 999) × 1/3 = 333.33 → 333
    expect(planChange(monthly(999), monthly(1999), april, d("2026-04-21T00:00:00Z"))).toEqual({
      effective: "now",
      amountCents: 333,
      period: april,
    });
    // 20 of 30 days left: 1000 × 2/3 = 666.67 → 667
    expect(planChange(monthly(999), monthly(1999), april, d("2026-04-11T00:00:00Z")).amountCents).toBe(667);
    // 7.5 of 30 days: 1500 × 0.25 = 375
    expect(planChange(monthly(500), monthly(2000), april, d("2026-04-23T12:00:00Z")).amountCents).toBe(375);
  });

  it("waits for the period's end on a downgrade or an equal price", () => {
    expect(planChange(monthly(1999), monthly(999), april, d("2026-04-11T00:00:00Z"))).toEqual({
      effective: "period_end",
      amountCents: 0,
      period: april,
    });
    expect(planChange(monthly(999), monthly(999), april, d("2026-04-11T00:00:00Z")).effective).toBe("period_end");
    // A yearly plan cheaper per day than the monthly one is a downgrade.
    expect(planChange(monthly(1000), { priceCents: 10_000, interval: "year" }, april, d("2026-04-11T00:00:00Z")).effective).toBe(
      "period_end",
    );
  });

  it("starts a new period when an upgrade changes the interval, crediting the unused old price", () => {
    const change = planChange(monthly(900), { priceCents: 20_000, interval: "year" }, april, d("2026-04-21T00:00:00Z"));
    // 900 × 1/3 = 300 credited
    expect(change).toEqual({
      effective: "now",
      amountCents: 19_700,
      period: { start: d("2026-04-21T00:00:00Z"), end: d("2027-04-21T00:00:00Z") },
    });
  });

  it("refunds the unused part of a paid period", () => {
    expect(unusedRefund(999, april, d("2026-04-21T00:00:00Z"))).toBe(333);
    expect(unusedRefund(1000, april, d("2026-04-16T00:00:00Z"))).toBe(500);
    expect(unusedRefund(1000, april, d("2026-05-02T00:00:00Z"))).toBe(0);
  });
});
