import type { Seat } from "./live-seats";
import { isPickable, type Prices, rowsOf, type ShownState, seatLabel } from "./seats";

interface SeatListProps {
  seats: Seat[];
  prices: Prices;
  stateOf: (seat: Seat) => ShownState;
  locked: boolean;
  onToggle: (seat: Seat) => void;
}

/** The map as rows of ordinary checkboxes: the same seats, names and states, for reading rather than looking. */
export function SeatList({ seats, prices, stateOf, locked, onToggle }: SeatListProps) {
  return (
    <div className="seat-list">
      {rowsOf(seats).map((row) => (
        <fieldset key={row[0].row}>
          <legend>Row {row[0].row}</legend>
          <ul>
            {row.map((seat) => {
              const state = stateOf(seat);
              return (
                <li key={seat.label}>
                  <label className="checkbox">
                    <input
                      type="checkbox"
                      checked={state === "selected" || state === "held for you"}
                      disabled={locked || !isPickable(state)}
                      onChange={() => onToggle(seat)}
                    />
                    {seatLabel(seat, state, prices)}
                  </label>
                </li>
              );
            })}
          </ul>
        </fieldset>
      ))}
    </div>
  );
}
