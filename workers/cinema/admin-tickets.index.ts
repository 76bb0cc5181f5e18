import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { decodeCursor, page } from "../lib/pagination";
import * as q from "./admin-tickets.queries";
import * as routes from "./admin-tickets.routes";

const toAdminTicket = (row: q.AdminTicketRow) => ({
  code: row.code,
  seat: row.seatLabel,
  kind: row.seatKind,
  price: row.priceCents,
  status: row.status,
  checkedInAt: row.checkedInAt,
  orderId: row.orderId,
  createdAt: row.createdAt,
  showtime: {
    id: row.showtimeId,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    movieId: row.movieId,
    movieTitle: row.movieTitle,
    theaterName: row.theaterName,
  },
  holder: { id: row.holderId, name: row.holderName, username: row.holderUsername, email: row.holderEmail },
});

const afterOf = (cursor: string | undefined): [string, string] | undefined => {
  const after = decodeCursor(cursor);
  return after ? [String(after[0]), String(after[1])] : undefined;
};

/** Staff reads of the box office across accounts (the cinema's admin views). */
export const adminTicketsRouter = createRouter()
  .openapi(routes.listAllTickets, async (c) => {
    const { limit, cursor, ...filter } = c.req.valid("query");
    const rows = await q.listAllTickets(c.get("db"), filter, limit, afterOf(cursor));
    return c.json(
      page(rows, limit, (r) => [r.createdAt, r.id], toAdminTicket),
      200,
    );
  })
  .openapi(routes.userTickets, async (c) => {
    const db = c.get("db");
    const { id } = c.req.valid("param");
    const { limit, cursor, status } = c.req.valid("query");
    if (!(await q.userExists(db, id))) throw new ApiError("not_found", "No such user");
    const rows = await q.listAllTickets(db, { userId: id, status }, limit, afterOf(cursor));
    return c.json(
      page(rows, limit, (r) => [r.createdAt, r.id], toAdminTicket),
      200,
    );
  });
