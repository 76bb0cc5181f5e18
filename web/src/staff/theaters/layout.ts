/**
 * The theater layout as the API stores it (workers/cinema/seat-map.ts): rows front first, one
 * character per cell — `s` standard, `p` premium, `w` wheelchair, `c` companion, `x` blocked, `_` aisle.
 */
export type Cell = "s" | "p" | "w" | "c" | "x" | "_";

export const MAX_ROWS = 26;
export const MAX_COLUMNS = 60;

/** Each kind with its name, the key that sets it and the glyph drawn in its cell. */
export const kinds: { cell: Cell; name: string; key: string; keyName: string; glyph: string }[] = [
  { cell: "s", name: "standard", key: "s", keyName: "S", glyph: "S" },
  { cell: "p", name: "premium", key: "p", keyName: "P", glyph: "P" },
  { cell: "w", name: "wheelchair", key: "w", keyName: "W", glyph: "♿" },
  { cell: "c", name: "companion", key: "c", keyName: "C", glyph: "C" },
  { cell: "x", name: "blocked", key: "x", keyName: "X", glyph: "✕" },
  { cell: "_", name: "aisle", key: " ", keyName: "Space", glyph: "" },
];

export const kindOf = (cell: Cell) => kinds.find((k) => k.cell === cell) ?? kinds[0];

export const rowLetter = (index: number) => String.fromCharCode(65 + index);

export const parseLayout = (rows: string[]): Cell[][] => rows.map((row) => [...row] as Cell[]);
export const serializeLayout = (grid: Cell[][]) => ({ rows: grid.map((row) => row.join("")) });

export const blankLayout = (rows = 5, columns = 10): Cell[][] =>
  Array.from({ length: rows }, () => Array.from({ length: columns }, () => "s" as Cell));

/** Sellable seats (blocked ones and aisles excluded), as the API counts `seatCount`. */
export const seatCount = (grid: Cell[][]) => grid.flat().filter((cell) => cell !== "x" && cell !== "_").length;
export const blockedCount = (grid: Cell[][]) => grid.flat().filter((cell) => cell === "x").length;

/** The seat number of a cell as the API numbers them (1…n per row, aisles not counted); null for an aisle. */
export function seatNumber(row: Cell[], column: number): number | null {
  if (row[column] === "_") return null;
  return row.slice(0, column + 1).filter((cell) => cell !== "_").length;
}

/** Rows the API would refuse: a row needs at least one seat. */
export const emptyRows = (grid: Cell[][]) =>
  grid.flatMap((row, index) => (row.every((cell) => cell === "_") ? [rowLetter(index)] : []));

export const columnsOf = (grid: Cell[][]) => Math.max(0, ...grid.map((row) => row.length));
