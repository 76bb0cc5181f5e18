import { Children, type ReactNode, useId, useRef } from "react";
import "./row.css";

/**
 * A titled row of cards that scrolls sideways. Keyboard users reach every card with Tab (the
 * browser scrolls the focused card into view); the arrow buttons are a pointer convenience only.
 * @example <Row title="Trending">{items.map((i) => <TitleCard key={i.id} {...} />)}</Row>
 */
export function Row({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  const headingId = useId();
  const track = useRef<HTMLUListElement>(null);
  const scroll = (direction: 1 | -1) =>
    track.current?.scrollBy({ left: direction * track.current.clientWidth * 0.8, behavior: "smooth" });
  return (
    <section className="row" aria-labelledby={headingId}>
      <div className="row-head">
        <h2 id={headingId}>{title}</h2>
        <div className="row-scroll" aria-hidden="true">
          <button type="button" tabIndex={-1} onClick={() => scroll(-1)}>
            ‹
          </button>
          <button type="button" tabIndex={-1} onClick={() => scroll(1)}>
            ›
          </button>
        </div>
      </div>
      {description && <p className="row-description">{description}</p>}
      <ul className="row-track" ref={track}>
        {Children.map(children, (card) => (
          <li>{card}</li>
        ))}
      </ul>
    </section>
  );
}
