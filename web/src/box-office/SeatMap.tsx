import { useRef, useState } from "react";
import type { Seat, SeatKind } from "./live-seats";
import { isPickable, type Prices, rowsOf, type ShownState, seatLabel } from "./seats";

const CELL = 34;
const SEAT = 28;
const GUTTER = 30;
const SCREEN = 56;

/** The seat's outline by kind, so kinds differ by shape and not only by colour. */
export function SeatShape({ kind, x, y, size = SEAT }: { kind: SeatKind; x: number; y: number; size?: number }) {
  const half = size / 2;
  switch (kind) {
    case "wheelchair":
      return <circle className="seat-body" cx={x + half} cy={y + half} r={half} />;
    case "companion":
      return (
        <path
          className="seat-body"
          d={`M${x + half} ${y}L${x + size} ${y + half}L${x + half} ${y + size}L${x} ${y + half}Z`}
          strokeLinejoin="round"
        />
      );
    case "premium":
      // A seat with a tall back (the headrest band) marks premium.
      return (
        <>
          <rect className="seat-body" x={x} y={y} width={size} height={size} rx={size / 5} />
          <rect className="seat-band" x={x + size * 0.15} y={y + size * 0.12} width={size * 0.7} height={size * 0.18} rx={2} />
        </>
      );
    default:
      return <rect className="seat-body" x={x} y={y} width={size} height={size} rx={size / 5} />;
  }
}

/** The state's mark over the seat: a tick for yours, a cross for sold, a bar for blocked (held is hatched). */
export function StateMark({ state, x, y, size = SEAT }: { state: ShownState; x: number; y: number; size?: number }) {
  const at = (fx: number, fy: number) => `${x + size * fx} ${y + size * fy}`;
  if (state === "selected" || state === "held for you") {
    return <path className="seat-mark" d={`M${at(0.27, 0.52)}L${at(0.44, 0.7)}L${at(0.75, 0.32)}`} />;
  }
  if (state === "sold")
    return <path className="seat-mark" d={`M${at(0.3, 0.3)}L${at(0.7, 0.7)}M${at(0.7, 0.3)}L${at(0.3, 0.7)}`} />;
  if (state === "blocked") return <path className="seat-mark" d={`M${at(0.25, 0.75)}L${at(0.75, 0.25)}`} />;
  return null;
}

/** The hatch of held seats; one per page (the legend uses it too). */
export function SeatPatterns() {
  return (
    <svg className="seat-defs" aria-hidden="true" focusable="false" width="0" height="0">
      <defs>
        <pattern id="seat-held-hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="#4b4f5c" />
          <line x1="0" y1="0" x2="0" y2="6" stroke="#9aa0ae" strokeWidth="3" />
        </pattern>
      </defs>
    </svg>
  );
}

export const stateClass = (state: ShownState) => `seat-${state.replace(/ /g, "-")}`;

interface SeatMapProps {
  /** The theater's layout rows (`s p w c x _` cells): the map's width and its aisles. */
  layout: string[];
  seats: Seat[];
  prices: Prices;
  stateOf: (seat: Seat) => ShownState;
  /** Nothing can be picked (a cancelled showtime). */
  locked: boolean;
  onToggle: (seat: Seat) => void;
}

/**
 * The seat map: one focusable element per seat (`role="checkbox"`) with its full name, and one
 * of them in the tab order at a time (roving tabindex). Arrows move to the neighbouring seat
 * (up/down: the nearest seat by column in the next row), Home/End to the ends of the row,
 * Enter/Space toggle.
 */
export function SeatMap({ layout, seats, prices, stateOf, locked, onToggle }: SeatMapProps) {
  const rows = rowsOf(seats);
  const columns = Math.max(...layout.map((row) => row.length), ...seats.map((s) => s.column + 1));
  const width = GUTTER * 2 + columns * CELL;
  const height = SCREEN + rows.length * CELL + 8;
  const elements = useRef(new Map<string, SVGGElement>());
  const firstOpen = seats.find((s) => isPickable(stateOf(s))) ?? seats[0];
  const [current, setCurrent] = useState<string | null>(null);
  const focusable = current && seats.some((s) => s.label === current) ? current : firstOpen?.label;

  const moveTo = (seat: Seat | undefined) => {
    if (!seat) return;
    setCurrent(seat.label);
    elements.current.get(seat.label)?.focus();
  };

  const onKeyDown = (event: React.KeyboardEvent, seat: Seat, rowIndex: number) => {
    const row = rows[rowIndex];
    const index = row.indexOf(seat);
    const nearestIn = (other: Seat[] | undefined) =>
      other?.reduce((best, s) => (Math.abs(s.column - seat.column) < Math.abs(best.column - seat.column) ? s : best));
    switch (event.key) {
      case "ArrowLeft":
        moveTo(row[index - 1]);
        break;
      case "ArrowRight":
        moveTo(row[index + 1]);
        break;
      case "ArrowUp":
        moveTo(nearestIn(rows[rowIndex - 1]));
        break;
      case "ArrowDown":
        moveTo(nearestIn(rows[rowIndex + 1]));
        break;
      case "Home":
        moveTo(row[0]);
        break;
      case "End":
        moveTo(row[row.length - 1]);
        break;
      case "Enter":
      case " ":
        onToggle(seat);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const screenY = 14;
  const rowY = (rowIndex: number) => SCREEN + rowIndex * CELL;
  return (
    // biome-ignore lint/a11y/useSemanticElements: an <svg> cannot be a <fieldset>; the group names the seats inside it
    <svg
      className="seat-map"
      role="group"
      aria-label="Seat map, screen at the front"
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
    >
      <text className="screen-label" x={width / 2} y={screenY + 26} textAnchor="middle">
        Screen
      </text>
      {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: drawing only (the screen's curve, row letters also in each seat's name); nothing in it is focusable */}
      <g aria-hidden="true">
        <path className="screen" d={`M${GUTTER} ${screenY + 10}Q${width / 2} ${screenY - 8} ${width - GUTTER} ${screenY + 10}`} />
        {rows.map((row, rowIndex) => (
          <g key={row[0].row}>
            <text className="row-letter" x={GUTTER / 2} y={rowY(rowIndex) + SEAT / 2 + 5} textAnchor="middle">
              {row[0].row}
            </text>
            <text className="row-letter" x={width - GUTTER / 2} y={rowY(rowIndex) + SEAT / 2 + 5} textAnchor="middle">
              {row[0].row}
            </text>
          </g>
        ))}
      </g>
      {rows.map((row, rowIndex) => {
        const y = rowY(rowIndex);
        return (
          <g key={row[0].row}>
            {row.map((seat) => {
              const state = stateOf(seat);
              const x = GUTTER + seat.column * CELL + (CELL - SEAT) / 2;
              const disabled = locked || !isPickable(state);
              return (
                // biome-ignore lint/a11y/useSemanticElements: an SVG seat cannot be an <input>; the list view offers real checkboxes
                <g
                  key={seat.label}
                  ref={(element) => {
                    if (element) elements.current.set(seat.label, element);
                    else elements.current.delete(seat.label);
                  }}
                  className={`seat seat-kind-${seat.kind} ${stateClass(state)}`}
                  role="checkbox"
                  tabIndex={seat.label === focusable ? 0 : -1}
                  aria-label={seatLabel(seat, state, prices)}
                  aria-checked={state === "selected" || state === "held for you"}
                  aria-disabled={disabled ? true : undefined}
                  onClick={() => {
                    setCurrent(seat.label);
                    onToggle(seat);
                  }}
                  onKeyDown={(event) => onKeyDown(event, seat, rowIndex)}
                  onFocus={() => setCurrent(seat.label)}
                >
                  <rect className="seat-focus" x={x - 3} y={y - 3} width={SEAT + 6} height={SEAT + 6} rx={8} />
                  <SeatShape kind={seat.kind} x={x} y={y} />
                  <StateMark state={state} x={x} y={y} />
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}
