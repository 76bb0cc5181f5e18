import type { ReactNode } from "react";
import { TitleCard } from "../components/TitleCard";
import { type ItemSummary, itemKind, itemTitle } from "../lib/items";
import "./library.css";

export interface GridEntry {
  key: string;
  item: ItemSummary;
  /** Where the card leads. */
  to: string;
  subtitle?: string;
  progress?: number;
  /** The controls under the card (remove, move…). */
  actions?: ReactNode;
}

/** Poster cards in a wrapping grid, each with its own controls under it. */
export function ItemGrid({ label, entries }: { label: string; entries: GridEntry[] }) {
  return (
    <ul className="library-grid" aria-label={label}>
      {entries.map((entry) => (
        <li key={entry.key}>
          <TitleCard
            to={entry.to}
            title={itemTitle(entry.item)}
            posterUrl={entry.item.posterUrl}
            subtitle={entry.subtitle ?? itemKind(entry.item)}
            progress={entry.progress}
          />
          {entry.actions && <div className="library-card-actions">{entry.actions}</div>}
        </li>
      ))}
    </ul>
  );
}
