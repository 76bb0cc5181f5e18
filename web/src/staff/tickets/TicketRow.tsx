import type { ReactNode } from "react";
import { money, seatName, when } from "../../lib/format";
import { statusLabels, type TicketStatus } from "./queries";

export interface TicketRowData {
  code: string;
  showtime: { movieTitle: string; theaterName: string; startsAt: string };
  seat: Parameters<typeof seatName>[0];
  price: Parameters<typeof money>[0];
  status: TicketStatus;
  checkedInAt: string | null;
}

/** One ticket in a staff table: code, showtime, seat, `holder` (a cell, when the table shows whose), price and status. */
export function TicketRow({ ticket, holder }: { ticket: TicketRowData; holder?: ReactNode }) {
  return (
    <tr>
      <th scope="row" className="ticket-code">
        {ticket.code}
      </th>
      <td>
        {ticket.showtime.movieTitle}
        <span className="hint">
          {" "}
          {ticket.showtime.theaterName}, <time dateTime={ticket.showtime.startsAt}>{when(ticket.showtime.startsAt)}</time>
        </span>
      </td>
      <td>{seatName(ticket.seat)}</td>
      {holder}
      <td>{money(ticket.price)}</td>
      <td>
        {statusLabels[ticket.status]}
        {ticket.checkedInAt && <span className="tag">checked in</span>}
      </td>
    </tr>
  );
}
