import type { SeatKind } from "../db/schema";

export interface SeatSlot {
  label: string;
  rowIndex: number;
  column: number;
  kind: SeatKind;
  free: boolean;
}

interface Candidate {
  labels: string[];
  orphans: boolean;
  score: number;
  rowIndex: number;
  column: number;
}

// Wheelchair spaces and companion seats are only ever chosen on purpose, never handed out.
const eligible = (seat: SeatSlot) => seat.free && (seat.kind === "standard" || seat.kind === "premium");

/**
 * Picks `count` adjacent seats in one row, as close as possible to the best row (two-thirds of
 * the way back) and to the centre of that row, and never leaves a lone seat stranded beside
 * the block when a choice without one exists. Null when no row has that many adjacent seats.
 */
export function bestAvailable(seats: SeatSlot[], count: number): string[] | null {
  const rows = new Map<number, SeatSlot[]>();
  for (const seat of seats) {
    const row = rows.get(seat.rowIndex) ?? [];
    row.push(seat);
    rows.set(seat.rowIndex, row);
  }
  const rowCount = Math.max(...rows.keys()) + 1;
  const bestRow = Math.round(((rowCount - 1) * 2) / 3);
  const candidates: Candidate[] = [];

  for (const [rowIndex, row] of rows) {
    row.sort((a, b) => a.column - b.column);
    const first = row[0].column;
    const width = Math.max(1, row[row.length - 1].column - first);
    const centre = (first + row[row.length - 1].column) / 2;
    // Runs of free, eligible, physically adjacent seats.
    const runs: SeatSlot[][] = [];
    let run: SeatSlot[] = [];
    for (const seat of row) {
      const adjacent = run.length > 0 && seat.column === run[run.length - 1].column + 1;
      if (!eligible(seat)) {
        if (run.length) runs.push(run);
        run = [];
      } else if (adjacent || run.length === 0) {
        run.push(seat);
      } else {
        runs.push(run);
        run = [seat];
      }
    }
    if (run.length) runs.push(run);

    for (const free of runs) {
      for (let start = 0; start + count <= free.length; start++) {
        const block = free.slice(start, start + count);
        const left = start;
        const right = free.length - start - count;
        const blockCentre = (block[0].column + block[block.length - 1].column) / 2;
        candidates.push({
          labels: block.map((s) => s.label),
          orphans: left === 1 || right === 1,
          score: Math.abs(rowIndex - bestRow) + (3 * Math.abs(blockCentre - centre)) / width,
          rowIndex,
          column: block[0].column,
        });
      }
    }
  }

  const clean = candidates.filter((c) => !c.orphans);
  const pool = clean.length > 0 ? clean : candidates;
  pool.sort((a, b) => a.score - b.score || b.rowIndex - a.rowIndex || a.column - b.column);
  return pool[0]?.labels ?? null;
}
