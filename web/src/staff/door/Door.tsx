import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from "react";
import { api } from "../../api/client";
import { ok } from "../../api/problem";
import { addDays, clockTime, localDay, type Showtime, showtimeKeys, useDayShowtimes } from "../showtimes/days";
import { CameraScanner, canScan } from "./CameraScanner";
import { admitted, type Outcome, playSound, prepareSound, refused } from "./outcome";
import "./door.css";

/** The door admits showings that have not ended and start within this long (latecomers included, past midnight too). */
const DOOR_WINDOW_MS = 12 * 3600_000;

/** The showings this door may be admitting now: today's and tomorrow's that have not ended and start soon. */
function useShowingsNow() {
  const today = useDayShowtimes(localDay());
  const tomorrow = useDayShowtimes(addDays(localDay(), 1));
  const now = Date.now();
  const around = (list: Showtime[] = []) =>
    list.filter((s) => Date.parse(s.endsAt) > now && Date.parse(s.startsAt) < now + DOOR_WINDOW_MS);
  return {
    isError: today.isError || tomorrow.isError,
    data: today.data && tomorrow.data ? [...around(today.data), ...around(tomorrow.data)] : undefined,
  };
}

/** How long a result stays up when nobody dismisses it. */
const RESULT_MS = 4_000;

const icons: Record<Outcome["tone"], string> = { admitted: "✓", refused: "✕", elsewhere: "!" };

/** `/staff/door`: check tickets in by typing (or a scanner typing) the code, or with the camera. */
export default function Door() {
  const queryClient = useQueryClient();
  const showings = useShowingsNow();
  const [showtimeId, setShowtimeId] = useState("");
  const [code, setCode] = useState("");
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [camera, setCamera] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  const showtimeField = useId();
  const codeField = useId();
  const codeHint = useId();

  const checkIn = useMutation({
    mutationFn: (ticketCode: string) =>
      ok(
        api.tickets[":code"]["check-in"].$post({
          param: { code: ticketCode },
          json: showtimeId ? { showtimeId } : {},
        }),
      ),
    onSuccess: (ticket) => {
      setOutcome(admitted(ticket));
      playSound("admitted");
      void queryClient.invalidateQueries({ queryKey: showtimeKeys.sales(ticket.showtime.id) });
    },
    onError: (error) => {
      const result = refused(error);
      setOutcome(result);
      playSound(result.tone);
    },
  });

  const submit = useCallback(
    (raw: string) => {
      const ticketCode = raw.trim();
      if (!ticketCode || checkIn.isPending) return;
      setCode("");
      checkIn.mutate(ticketCode);
    },
    [checkIn],
  );

  const dismiss = useCallback(() => {
    setOutcome(null);
    field.current?.focus();
  }, []);

  // The result closes on any key, click or touch, or by itself; the field is then ready for the next ticket.
  useEffect(() => {
    if (!outcome) return;
    const timer = setTimeout(dismiss, RESULT_MS);
    const onKey = (event: KeyboardEvent) => {
      // Enter or Escape only close it; any other key also goes on into the code field (a scanner typing the next code).
      if (event.key === "Enter" || event.key === "Escape") event.preventDefault();
      dismiss();
    };
    window.addEventListener("keydown", onKey, true);
    window.addEventListener("pointerdown", dismiss, true);
    return () => {
      clearTimeout(timer);
      window.removeEventListener("keydown", onKey, true);
      window.removeEventListener("pointerdown", dismiss, true);
    };
  }, [outcome, dismiss]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    prepareSound();
    submit(code);
    field.current?.focus();
  };

  return (
    <section className="door" aria-labelledby="door-heading">
      <h1 id="door-heading">Check-in</h1>
      <form className="door-form" onSubmit={onSubmit}>
        <div className="field">
          <label htmlFor={showtimeField}>Showtime</label>
          <select
            id={showtimeField}
            value={showtimeId}
            onChange={(event) => setShowtimeId(event.target.value)}
            aria-describedby={`${showtimeField}-hint`}
          >
            <option value="">Any showtime</option>
            {showings.data?.map((showtime) => (
              <option key={showtime.id} value={showtime.id}>
                {clockTime(showtime.startsAt)} · {showtime.movieTitle} · {showtime.theaterName}
              </option>
            ))}
          </select>
          <small id={`${showtimeField}-hint`} className="hint">
            {showings.isError
              ? "The showtimes could not be loaded; tickets are still checked in for any showtime."
              : showings.data?.length === 0
                ? "No showtime now or in the next hours: tickets are checked in for any showtime."
                : "Pick the showing at this door to turn away tickets for another one."}
          </small>
        </div>
        <div className="field">
          <label htmlFor={codeField}>Ticket code</label>
          <div className="door-code">
            <input
              id={codeField}
              ref={field}
              value={code}
              onChange={(event) => setCode(event.target.value)}
              aria-describedby={codeHint}
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              enterKeyHint="go"
              // biome-ignore lint/a11y/noAutofocus: the door's one job is this field; a scanner types into it at once.
              autoFocus
            />
            <button type="submit" className="primary" disabled={checkIn.isPending}>
              Check in
            </button>
          </div>
          <small id={codeHint} className="hint">
            Type the code under the QR code, or scan it with a scanner; Enter checks it in.
          </small>
        </div>
      </form>
      {canScan && (
        <div className="door-scan">
          <button
            type="button"
            aria-pressed={camera}
            onClick={() => {
              prepareSound();
              setCamera((on) => !on);
            }}
          >
            {camera ? "Stop camera" : "Scan with camera"}
          </button>
          {camera && <CameraScanner onCode={submit} paused={outcome !== null || checkIn.isPending} />}
        </div>
      )}
      <p role="status" className="hint">
        {checkIn.isPending ? "Checking…" : ""}
      </p>
      <div role="alert" className="door-alert">
        {outcome && (
          <div className={`door-result door-${outcome.tone}`}>
            <span className="door-icon" aria-hidden="true">
              {icons[outcome.tone]}
            </span>
            <p className="door-title">{outcome.title}</p>
            <p className="door-detail">{outcome.detail}</p>
            <p className="door-dismiss">Press any key or tap to scan the next ticket</p>
          </div>
        )}
      </div>
    </section>
  );
}
