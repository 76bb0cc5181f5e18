import { z } from "@hono/zod-openapi";
import type { SeatKind, TheaterLayout } from "../db/schema";

/**
 * One character per cell, left to right as seen from the screen: `s` standard, `p` premium,
 * `w` wheelchair space, `c` companion seat, `x` a blocked seat, `_` a gap or aisle. Rows are
 * lettered A, B, … from the front; seats are numbered 1…n per row, gaps not counted.
 */
const cellKinds: Record<string, SeatKind> = { s: "standard", p: "premium", w: "wheelchair", c: "companion", x: "standard" };

export const MAX_ROWS = 26;
export const MAX_ROW_CELLS = 60;

export const LayoutSchema = z
  .object({
    rows: z
      .array(
        z
          .string()
          .min(1)
          .max(MAX_ROW_CELLS)
          .regex(/^[spwcx_]+$/, "Use only s, p, w, c, x and _ in a row")
          .refine((row) => /[spwcx]/.test(row), "A row needs at least one seat"),
      )
      .min(1)
      .max(MAX_ROWS),
  })
  .openapi("TheaterLayout", {
    example: { rows: ["ww_ssssss_cc", "ss_ssssss_ss", "pp_pppppp_pp"] },
  });

export interface Seat {
  label: string;
  row: string;
  /** 0-based row index, front first. */
  rowIndex: number;
  number: number;
  /** Position in the row including gaps: seats are adjacent when their columns are consecutive. */
  column: number;
  kind: SeatKind;
  blocked: boolean;
}

export const rowLetter = (index: number) => String.fromCharCode(65 + index);

export function rectangularLayout(rows: number, seatsPerRow: number): TheaterLayout {
  return { rows: Array.from({ length: rows }, () => "s".repeat(seatsPerRow)) };
}

export function seatsOf(layout: TheaterLayout): Seat[] {
  const seats: Seat[] = [];
  layout.rows.forEach((cells, rowIndex) => {
    const row = rowLetter(rowIndex);
    let number = 0;
    for (let column = 0; column < cells.length; column++) {
      const cell = cells[column];
      if (cell === "_") continue;
      number++;
      seats.push({ label: `${row}${number}`, row, rowIndex, number, column, kind: cellKinds[cell], blocked: cell === "x" });
    }
  });
  return seats;
}
