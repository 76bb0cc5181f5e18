import { renderSVG } from "uqr";
import type { AuthContext } from "../lib/context";
import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { decodeCursor, page } from "../lib/pagination";
import { type CheckInRefusal, checkInRefusal } from "./rules";
import { checkIn, findTicket, listUserTickets, type TicketRow } from "./tickets.queries";
import * as routes from "./tickets.routes";

const NOT_FOUND = "No such ticket";
const isStaff = (auth: AuthContext) => auth.role === "admin" || auth.role === "moderator";

const toTicket = (row: TicketRow) => ({
  code: row.code,
  seat: row.seatLabel,
  kind: row.seatKind,
  price: row.priceCents,
  status: row.status,
  checkedInAt: row.checkedInAt,
  orderId: row.orderId,
  showtime: {
    id: row.showtimeId,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    movieId: row.movieId,
    movieTitle: row.movieTitle,
    theaterName: row.theaterName,
  },
});

/** The problem the door shows: `reason` for the page to act on, `ticket` for it to name the seat. */
function refusal(row: TicketRow, reason: CheckInRefusal): ApiError {
  const ticket = toTicket(row);
  switch (reason) {
    case "wrong_showtime":
      return new ApiError("conflict", `This ticket is for another showtime: ${row.movieTitle} in ${row.theaterName}`, {
        reason,
        ticket,
      });
    case "refunded":
      return new ApiError("conflict", "This ticket was refunded", { reason, ticket });
    case "already_checked_in":
      return new ApiError("conflict", "This ticket was already checked in", {
        reason,
        checkedInAt: row.checkedInAt,
        ticket,
      });
    case "expired":
      return new ApiError(
        "gone",
        row.showtimeStatus === "cancelled" ? "This showtime was cancelled" : "This showtime has ended",
        { reason, ticket },
      );
  }
}

/** The ticket as the caller may see it: their own, or any for staff; others' look absent. */
async function reachableTicket(db: Parameters<typeof findTicket>[0], auth: AuthContext, code: string) {
  const row = await findTicket(db, code);
  if (!row || (row.userId !== auth.userId && !isStaff(auth))) throw new ApiError("not_found", NOT_FOUND);
  return row;
}

export const ticketsRouter = createRouter()
  .openapi(routes.listMyTickets, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const after = decodeCursor(cursor);
    const rows = await listUserTickets(
      c.get("db"),
      c.get("auth").userId,
      limit,
      after ? [String(after[0]), String(after[1])] : undefined,
    );
    return c.json(
      page(rows, limit, (r) => [r.createdAt, r.id], toTicket),
      200,
    );
  })
  .openapi(routes.getTicket, async (c) => {
    return c.json(toTicket(await reachableTicket(c.get("db"), c.get("auth"), c.req.valid("param").code)), 200);
  })
  .openapi(routes.ticketQr, async (c) => {
    const ticket = await reachableTicket(c.get("db"), c.get("auth"), c.req.valid("param").code);
    const svg = renderSVG(ticket.code, { ecc: "M", border: 2 });
    return c.body(svg, 200, { "content-type": "image/svg+xml; charset=utf-8", "cache-control": "private, max-age=3600" });
  })
  .openapi(routes.checkInTicket, async (c) => {
    const db = c.get("db");
    const { code } = c.req.valid("param");
    const door = c.req.valid("json")?.showtimeId;
    const before = await findTicket(db, code);
    if (!before) throw new ApiError("not_found", NOT_FOUND);
    if (!checkInRefusal(before, door, Date.now()) && (await checkIn(db, code, before.showtimeId))) {
      return c.json(toTicket((await findTicket(db, code)) as TicketRow), 200);
    }
    // Refused, or another scan (or a refund, or a cancellation) got there first: say why as it stands now.
    const row = (await findTicket(db, code)) as TicketRow;
    const now = Date.now();
    // Nothing on the ticket itself refuses it while its showtime is open: its order's refund is under way.
    const open = row.showtimeStatus === "scheduled" && Date.parse(row.endsAt) > now;
    throw refusal(row, checkInRefusal(row, door, now) ?? (open ? "refunded" : "expired"));
  });
