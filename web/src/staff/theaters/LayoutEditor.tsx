import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import {
  blockedCount,
  type Cell,
  columnsOf,
  emptyRows,
  kindOf,
  kinds,
  MAX_COLUMNS,
  MAX_ROWS,
  rowLetter,
  seatCount,
  seatNumber,
} from "./layout";

const cellName = (grid: Cell[][], row: number, column: number) => {
  const cell = grid[row][column];
  const number = seatNumber(grid[row], column);
  return number === null
    ? `Row ${rowLetter(row)}, column ${column + 1}, aisle`
    : `Row ${rowLetter(row)}, seat ${number}, ${kindOf(cell).name}`;
};

const moves: Record<string, (at: [number, number], rows: number, columns: number) => [number, number]> = {
  ArrowUp: ([r, c]) => [r - 1, c],
  ArrowDown: ([r, c]) => [r + 1, c],
  ArrowLeft: ([r, c]) => [r, c - 1],
  ArrowRight: ([r, c]) => [r, c + 1],
  Home: ([r]) => [r, 0],
  End: ([r], _rows, columns) => [r, columns - 1],
  PageUp: ([, c]) => [0, c],
  PageDown: ([, c], rows) => [rows - 1, c],
};

/**
 * The seat map as a grid of buttons: click (or Enter) paints the chosen kind; S, P, W, C, X and
 * Space set a cell's kind directly; arrow keys move (one cell of the grid is in the tab order).
 */
export function LayoutEditor({ grid, onChange }: { grid: Cell[][]; onChange: (grid: Cell[][]) => void }) {
  const [brush, setBrush] = useState<Cell>("x");
  const [focus, setFocus] = useState<[number, number]>([0, 0]);
  const cells = useRef(new Map<string, HTMLButtonElement>());
  const moved = useRef(false);
  const keysHint = useId();
  const rows = grid.length;
  const columns = columnsOf(grid);
  const at: [number, number] = [Math.min(focus[0], rows - 1), Math.min(focus[1], columns - 1)];

  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    cells.current.get(`${at[0]}:${at[1]}`)?.focus();
  });

  const setCell = (row: number, column: number, cell: Cell) => {
    if (grid[row][column] === cell) return;
    onChange(grid.map((cellsOfRow, r) => (r === row ? cellsOfRow.map((old, c) => (c === column ? cell : old)) : cellsOfRow)));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, row: number, column: number) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      const [r, c] = move([row, column], rows, columns);
      moved.current = true;
      setFocus([Math.max(0, Math.min(rows - 1, r)), Math.max(0, Math.min(columns - 1, c))]);
      return;
    }
    const kind = kinds.find((k) => k.key === event.key.toLowerCase());
    if (kind) {
      event.preventDefault();
      setCell(row, column, kind.cell);
    }
  };

  const resize = (nextRows: number, nextColumns: number) => {
    const next = Array.from({ length: nextRows }, (_, r) =>
      Array.from({ length: nextColumns }, (_, c) => grid[r]?.[c] ?? ("s" as Cell)),
    );
    onChange(next);
  };

  const empty = emptyRows(grid);
  const count = seatCount(grid);
  const blocked = blockedCount(grid);

  return (
    <div className="layout-editor">
      <fieldset className="layout-kinds">
        <legend>Click or Enter sets</legend>
        {kinds.map((kind) => (
          <label key={kind.cell} className="layout-kind">
            <input
              type="radio"
              name="layout-brush"
              value={kind.cell}
              checked={brush === kind.cell}
              onChange={() => setBrush(kind.cell)}
            />
            <span className={`layout-swatch layout-${kind.name}`} aria-hidden="true">
              {kind.glyph}
            </span>
            {kind.name[0].toUpperCase() + kind.name.slice(1)} <kbd>{kind.keyName}</kbd>
          </label>
        ))}
      </fieldset>
      <p id={keysHint} className="hint">
        Arrow keys move between cells. On a cell, S standard, P premium, W wheelchair, C companion, X blocked, Space aisle; Enter
        or a click sets the kind chosen above.
      </p>

      <div className="actions layout-size">
        <button type="button" onClick={() => resize(rows + 1, columns)} disabled={rows >= MAX_ROWS}>
          Add row
        </button>
        <button type="button" onClick={() => resize(rows - 1, columns)} disabled={rows <= 1}>
          Remove last row
        </button>
        <button type="button" onClick={() => resize(rows, columns + 1)} disabled={columns >= MAX_COLUMNS}>
          Add column
        </button>
        <button type="button" onClick={() => resize(rows, columns - 1)} disabled={columns <= 1}>
          Remove last column
        </button>
      </div>

      <p role="status" className="layout-count">
        {count} {count === 1 ? "seat" : "seats"}
        {blocked > 0 && ` · ${blocked} blocked`} · {rows} {rows === 1 ? "row" : "rows"} × {columns}{" "}
        {columns === 1 ? "column" : "columns"}
      </p>
      {empty.length > 0 && (
        <p className="field-error">
          {empty.length === 1 ? `Row ${empty[0]} has` : `Rows ${empty.join(", ")} have`} no seat: every row needs at least one.
        </p>
      )}

      <div className="layout-scroll">
        <div className="layout-screen" aria-hidden="true">
          Screen
        </div>
        {/* biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the APG grid pattern (one tab stop, arrow keys between cells) on its table. */}
        <table role="grid" aria-label="Seat layout" aria-describedby={keysHint} className="layout-grid">
          <tbody>
            {grid.map((row, r) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a row is its position (rows are lettered by order).
              <tr key={r}>
                <th scope="row" className="layout-letter">
                  {rowLetter(r)}
                </th>
                {row.map((cell, c) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a cell is its position in the row.
                  <td key={c}>
                    <button
                      type="button"
                      ref={(element) => {
                        if (element) cells.current.set(`${r}:${c}`, element);
                        else cells.current.delete(`${r}:${c}`);
                      }}
                      className={`layout-cell layout-${kindOf(cell).name}`}
                      aria-label={cellName(grid, r, c)}
                      tabIndex={r === at[0] && c === at[1] ? 0 : -1}
                      onFocus={() => setFocus([r, c])}
                      onClick={() => setCell(r, c, brush)}
                      onKeyDown={(event) => onKeyDown(event, r, c)}
                    >
                      <span aria-hidden="true">{kindOf(cell).glyph}</span>
                    </button>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
