import { renderSVG } from "uqr";
import type { AuthContext } from "../lib/context";
import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { decodeCursor, page } from "../lib/pagination";
import { checkInOpen } from "./rules";
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
    const code = c.req.valid("param").code;
    const ticket = await findTicket(db, code);
    if (!ticket) throw new ApiError("not_found", NOT_FOUND);
    if (!checkInOpen(Date.parse(ticket.endsAt), Date.now())) throw new ApiError("gone", "This showtime has ended");
    if (ticket.status !== "valid") throw new ApiError("conflict", "This ticket was refunded");
    if (!(await checkIn(db, code))) {
      const again = await findTicket(db, code);
      throw new ApiError("conflict", "This ticket was already checked in", { checkedInAt: again?.checkedInAt });
    }
    return c.json(toTicket((await findTicket(db, code)) as TicketRow), 200);
  });
