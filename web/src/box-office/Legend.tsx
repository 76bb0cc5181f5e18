import type { SeatKind } from "./live-seats";
import { SeatShape, StateMark, stateClass } from "./SeatMap";
import type { ShownState } from "./seats";

const SIZE = 20;
const entries: { text: string; kind: SeatKind; state: ShownState }[] = [
  { text: "Standard", kind: "standard", state: "available" },
  { text: "Premium", kind: "premium", state: "available" },
  { text: "Wheelchair space", kind: "wheelchair", state: "available" },
  { text: "Companion seat", kind: "companion", state: "available" },
  { text: "Blocked", kind: "standard", state: "blocked" },
  { text: "Held", kind: "standard", state: "held" },
  { text: "Sold", kind: "standard", state: "sold" },
  { text: "Selected", kind: "standard", state: "selected" },
  { text: "Held for you", kind: "standard", state: "held for you" },
];

/** What each shape, fill and mark of the map means. */
export function Legend() {
  return (
    <ul className="seat-legend" aria-label="Legend">
      {entries.map((entry) => (
        <li key={entry.text}>
          <svg
            className={`seat seat-kind-${entry.kind} ${stateClass(entry.state)}`}
            viewBox={`-2 -2 ${SIZE + 4} ${SIZE + 4}`}
            width={SIZE + 4}
            height={SIZE + 4}
            aria-hidden="true"
            focusable="false"
          >
            <SeatShape kind={entry.kind} x={0} y={0} size={SIZE} />
            <StateMark state={entry.state} x={0} y={0} size={SIZE} />
          </svg>
          {entry.text}
        </li>
      ))}
    </ul>
  );
}
