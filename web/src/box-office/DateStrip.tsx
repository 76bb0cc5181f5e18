import { dayKey, relativeDay } from "./days";

/**
 * The days to choose from, as a group of toggle buttons (the chosen one pressed): "Today 3 Dec",
 * "Tomorrow 4 Dec", "Sat 5 Dec"… Tab reaches each day; the arrow keys also step along the strip.
 */
export function DateStrip({ days, chosen, onChoose }: { days: Date[]; chosen: string; onChoose: (key: string) => void }) {
  const move = (event: React.KeyboardEvent<HTMLUListElement>) => {
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    const buttons = [...event.currentTarget.querySelectorAll("button")];
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = buttons[index + step];
    if (index < 0 || !next) return;
    event.preventDefault();
    next.focus();
  };
  return (
    <ul className="date-strip" aria-label="Day" onKeyDown={move}>
      {days.map((day, index) => {
        const key = dayKey(day);
        const top = index < 2 ? relativeDay(day) : day.toLocaleDateString(undefined, { weekday: "short" });
        return (
          <li key={key}>
            <button type="button" aria-pressed={key === chosen} onClick={() => onChoose(key)}>
              <span className="date-strip-top">{top}</span>{" "}
              <span className="date-strip-day">{day.toLocaleDateString(undefined, { day: "numeric", month: "short" })}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
