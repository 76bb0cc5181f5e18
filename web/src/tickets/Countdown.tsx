import { useEffect, useId, useState } from "react";

/** The milliseconds left until `expiresAt`, ticking (0 once it has passed). */
export function useRemaining(expiresAt: string | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 250);
    return () => window.clearInterval(timer);
  }, []);
  return expiresAt ? Math.max(0, Date.parse(expiresAt) - now) : 0;
}

/** 75_000 → "01:15". */
export function mmss(ms: number): string {
  const total = Math.ceil(ms / 1000);
  return `${String(Math.floor(total / 60)).padStart(2, "0")}:${String(total % 60).padStart(2, "0")}`;
}

const WARNING_MS = 60_000;

/**
 * The time left on a hold as mm:ss. A timer is not read out every second (that would drown
 * everything else); instead a polite status line says once when a minute is left.
 */
export function Countdown({ remainingMs, canExtend }: { remainingMs: number; canExtend: boolean }) {
  const labelId = useId();
  const warn = remainingMs > 0 && remainingMs <= WARNING_MS;
  return (
    <div className={warn ? "countdown warn" : "countdown"}>
      <span id={labelId}>Seats held for</span>{" "}
      <span role="timer" aria-labelledby={labelId} className="countdown-clock">
        {mmss(remainingMs)}
      </span>
      <p role="status" className="countdown-warning">
        {warn ? `Less than a minute left to pay.${canExtend ? " Need longer? Use More time." : ""}` : ""}
      </p>
    </div>
  );
}
