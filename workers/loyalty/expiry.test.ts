import { describe, expect, it } from "vitest";
import { type EarnedLot, lapsesAt } from "./expiry";

const lot = (id: string, month: number, left: number, lapsed = false): EarnedLot => ({
  earnId: id,
  paymentId: `p${id}`,
  earnedAt: `2025-${String(month).padStart(2, "0")}-01T00:00:00.000Z`,
  expiresAt: `2026-${String(month).padStart(2, "0")}-01T00:00:00.000Z`,
  left,
  lapsed,
});

describe("lapsesAt", () => {
  const now = "2026-03-15T00:00:00.000Z";

  it("spends the oldest points first: what was spent comes out of the oldest lot", () => {
    // 300 earned in three lots, 150 spent: the first lot is gone, half the second is left.
    const lots = [lot("a", 1, 100), lot("b", 2, 100), lot("c", 6, 100)];
    expect(lapsesAt(lots, 150, 0, now)).toEqual([
      { earnId: "a", paymentId: "pa", points: 0 },
      { earnId: "b", paymentId: "pb", points: 50 },
    ]);
  });

  it("lapses lots in full when nothing was spent, and never touches points that outlive them", () => {
    const lots = [lot("a", 1, 100), lot("b", 2, 100), lot("c", 6, 100)];
    expect(lapsesAt(lots, 350, 50, now).map((l) => l.points)).toEqual([100, 100]);
  });

  it("skips lots already lapsed and takes nothing from a negative balance", () => {
    expect(lapsesAt([lot("a", 1, 0, true), lot("b", 2, 80)], 80, 0, now)).toEqual([{ earnId: "b", paymentId: "pb", points: 80 }]);
    expect(lapsesAt([lot("a", 1, 100)], -20, 0, now)).toEqual([{ earnId: "a", paymentId: "pa", points: 0 }]);
  });
});
