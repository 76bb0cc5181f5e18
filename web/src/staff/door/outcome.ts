import { ApiError, messageOf } from "../../api/problem";
import { seatName } from "../../lib/format";
import { clockTime } from "../showtimes/days";

/** What the door shows after a scan: green lets the person in, red stops them, amber sends them elsewhere. */
export interface Outcome {
  tone: "admitted" | "refused" | "elsewhere";
  title: string;
  detail: string;
}

interface TicketShape {
  seat: string;
  kind: string;
  showtime: { startsAt: string; movieTitle: string; theaterName: string };
}

const isTicket = (value: unknown): value is TicketShape =>
  typeof value === "object" && value !== null && "seat" in value && "showtime" in value;

const showing = (ticket: TicketShape) =>
  `${ticket.showtime.movieTitle}, ${clockTime(ticket.showtime.startsAt)} in ${ticket.showtime.theaterName}`;

export function admitted(ticket: TicketShape): Outcome {
  const kind = ticket.kind === "standard" ? "" : ` (${ticket.kind})`;
  return { tone: "admitted", title: `Admitted — ${seatName(ticket.seat)}`, detail: `${showing(ticket)}${kind}` };
}

/** The API's refusal, read from the problem's `reason` and the ticket it carries. */
export function refused(error: unknown): Outcome {
  if (!(error instanceof ApiError)) return { tone: "refused", title: "Not checked in", detail: messageOf(error) };
  const { reason, ticket, checkedInAt } = error.body as { reason?: string; ticket?: unknown; checkedInAt?: string };
  const about = isTicket(ticket) ? `${seatName(ticket.seat)} · ${showing(ticket)}` : error.detail;
  if (error.status === 404)
    return { tone: "refused", title: "No ticket with that code", detail: "Check the code and try again." };
  if (reason === "already_checked_in" || (error.status === 409 && typeof checkedInAt === "string")) {
    return { tone: "refused", title: `Already used at ${clockTime(checkedInAt ?? "")}`, detail: about };
  }
  if (reason === "wrong_showtime") {
    return {
      tone: "elsewhere",
      title: "Wrong showtime",
      detail: isTicket(ticket) ? `This ticket is for ${showing(ticket)} (${seatName(ticket.seat)}).` : error.detail,
    };
  }
  if (reason === "expired" || error.status === 410) return { tone: "elsewhere", title: "Expired", detail: about };
  if (reason === "refunded") return { tone: "elsewhere", title: "Refunded", detail: about };
  return { tone: "refused", title: "Not checked in", detail: error.detail };
}

let audio: AudioContext | undefined;

/** Made (or woken) inside a click or key press: browsers only let a page play sound after a gesture. */
export function prepareSound() {
  try {
    audio ??= new AudioContext();
    if (audio.state === "suspended") void audio.resume();
  } catch {
    audio = undefined;
  }
}

/** A short rising tone for admitted, a low buzz for everything else. */
export function playSound(tone: Outcome["tone"]) {
  if (!audio) return;
  const now = audio.currentTime;
  const oscillator = audio.createOscillator();
  const gain = audio.createGain();
  if (tone === "admitted") {
    oscillator.type = "sine";
    oscillator.frequency.setValueAtTime(660, now);
    oscillator.frequency.exponentialRampToValueAtTime(1320, now + 0.18);
  } else {
    oscillator.type = "square";
    oscillator.frequency.setValueAtTime(tone === "elsewhere" ? 220 : 140, now);
  }
  const length = tone === "admitted" ? 0.25 : 0.45;
  gain.gain.setValueAtTime(0.0001, now);
  gain.gain.exponentialRampToValueAtTime(0.25, now + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, now + length);
  oscillator.connect(gain).connect(audio.destination);
  oscillator.start(now);
  oscillator.stop(now + length);
}
