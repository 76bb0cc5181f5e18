import { seatName, when } from "../lib/format";
import { QrCode } from "./QrCode";

const clockTime = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });

export type TicketState = "valid" | "used" | "refunded";

/** A ticket's state in words (colour only repeats it): "Valid", "Used at 19:02", "Refunded". */
export function ticketState(ticket: { status: string; checkedInAt?: string | null }): { state: TicketState; text: string } {
  if (ticket.status === "refunded") return { state: "refunded", text: "Refunded" };
  if (ticket.checkedInAt) return { state: "used", text: `Used at ${clockTime(ticket.checkedInAt)}` };
  return { state: "valid", text: "Valid" };
}

/** One ticket: its QR, seat, time, theater and code in text, and its state. */
export function TicketCard({
  code,
  seat,
  kind,
  status,
  checkedInAt,
  startsAt,
  theaterName,
  headingLevel = 3,
}: {
  code: string;
  seat: string;
  kind?: string;
  status: string;
  checkedInAt?: string | null;
  startsAt: string;
  theaterName: string;
  headingLevel?: 3 | 4;
}) {
  const { state, text } = ticketState({ status, checkedInAt });
  const Heading = headingLevel === 3 ? "h3" : "h4";
  return (
    <li className={state === "valid" ? "ticket" : "ticket inactive"}>
      <QrCode code={code} seat={seat} />
      <div>
        <Heading>
          {seatName(seat)}
          {kind && kind !== "standard" && <span className="tag">{kind}</span>}
        </Heading>
        <dl>
          <dt>Status</dt>
          <dd className={`ticket-status ${state}`}>{text}</dd>
          <dt>Time</dt>
          <dd>
            <time dateTime={startsAt}>{when(startsAt)}</time>
          </dd>
          <dt>Theater</dt>
          <dd>{theaterName}</dd>
          <dt>Code</dt>
          <dd className="ticket-code">{code}</dd>
        </dl>
      </div>
    </li>
  );
}
