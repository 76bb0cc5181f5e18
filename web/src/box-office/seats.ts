import { money, seatName } from "../lib/format";
import type { Seat, SeatKind } from "./live-seats";

/** What a seat is to this person: the live state, or their own selection or hold over it. */
export type ShownState = "available" | "held" | "sold" | "blocked" | "selected" | "held for you";

export interface Choice {
  selected: ReadonlySet<string>;
  /** The seats of this person's live hold on the showtime. */
  mine: ReadonlySet<string>;
}

export function shownState(seat: Seat, choice: Choice): ShownState {
  if (choice.mine.has(seat.label) && seat.state === "held") return "held for you";
  if (choice.selected.has(seat.label) && seat.state === "available") return "selected";
  return seat.state;
}

/** Held by someone else, sold or blocked (or nothing can be picked at all): not for picking. */
export const isPickable = (state: ShownState) => state === "available" || state === "selected" || state === "held for you";

export type Prices = Record<SeatKind, number>;

/** The seat's accessible name, e.g. "Row E, seat 7, premium, available, 12.50" (other pages' tests rely on it). */
export const seatLabel = (seat: Seat, state: ShownState, prices: Prices) =>
  `${seatName(seat.label)}, ${seat.kind}, ${state}, ${money(prices[seat.kind])}`;

/** Seats by row (front first), each row by column. */
export function rowsOf(seats: Iterable<Seat>): Seat[][] {
  const rows = new Map<string, Seat[]>();
  for (const seat of seats) {
    const row = rows.get(seat.row) ?? [];
    row.push(seat);
    rows.set(seat.row, row);
  }
  return [...rows.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, row]) => row.sort((a, b) => a.column - b.column));
}

/** "E7, E8": labels in row, then number order. */
export function sortLabels(labels: Iterable<string>): string[] {
  return [...labels].sort((a, b) => a[0].localeCompare(b[0]) || Number(a.slice(1)) - Number(b.slice(1)));
}

/** "E7 was just taken", "E7 and E8 were just taken". */
export function listLabels(labels: string[]): string {
  return labels.length <= 1 ? (labels[0] ?? "") : `${labels.slice(0, -1).join(", ")} and ${labels[labels.length - 1]}`;
}
