import { describe, expect, it } from "vitest";
import type { SeatKind } from "../db/schema";
import { bestAvailable, type SeatSlot } from "./best-available";
import { seatsOf } from "./seat-map";

/** Seats from layout rows; `taken` labels are not free. */
function slots(rows: string[], taken: string[] = []): SeatSlot[] {
  return seatsOf({ rows }).map((s) => ({
    label: s.label,
    rowIndex: s.rowIndex,
    column: s.column,
    kind: s.kind as SeatKind,
    free: !s.blocked && !taken.includes(s.label),
  }));
}

const square = Array.from({ length: 10 }, () => "ssssssssss");

describe("best available", () => {
  it("picks the centre of the row two-thirds of the way back", () => {
    expect(bestAvailable(slots(square), 2)).toEqual(["G5", "G6"]);
    expect(bestAvailable(slots(square), 4)).toEqual(["G4", "G5", "G6", "G7"]);
  });

  it("keeps a group together in one row, moving away from the best row when it must", () => {
    const taken = ["G4", "G5", "G6", "G7"];
    const picked = bestAvailable(slots(square, taken), 4) as string[];
    expect(picked).toHaveLength(4);
    expect(new Set(picked.map((l) => l[0])).size).toBe(1);
    expect(picked.some((l) => taken.includes(l))).toBe(false);
    expect(["F", "H"]).toContain(picked[0][0]);
  });

  it("never leaves a lone seat stranded when another choice exists", () => {
    // Row A is the best row here (one row) and has a run of exactly three: any pair strands one.
    // Row B has a run of exactly two, which strands nothing.
    const rows = ["sssss", "sssss"];
    const taken = ["A1", "A5", "B1", "B2", "B5"];
    const picked = bestAvailable(slots(rows, taken), 2);
    expect(picked).toEqual(["B3", "B4"]);
  });

  it("falls back to a block that strands a seat when nothing else fits", () => {
    expect(bestAvailable(slots(["sss"]), 2)).toHaveLength(2);
  });

  it("does not call seats across an aisle or a blocked seat adjacent", () => {
    expect(bestAvailable(slots(["ss_ss"]), 3)).toBeNull();
    expect(bestAvailable(slots(["ssxss"]), 3)).toBeNull();
    expect(bestAvailable(slots(["ss_ss"]), 2)).toHaveLength(2);
  });

  it("does not hand out wheelchair spaces or companion seats", () => {
    expect(bestAvailable(slots(["wcww"]), 1)).toBeNull();
    expect(bestAvailable(slots(["wcsw"]), 1)).toEqual(["A3"]);
  });

  it("answers null when too few seats are free", () => {
    expect(bestAvailable(slots(["ssss"], ["A2"]), 3)).toBeNull();
  });
});
