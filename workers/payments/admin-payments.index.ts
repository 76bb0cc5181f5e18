import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { decodeCursor, page } from "../lib/pagination";
import * as q from "./admin-payments.queries";
import * as routes from "./admin-payments.routes";
import { toAdminPayment } from "./admin-payments.schemas";

const afterOf = (cursor: string | undefined): [string, string] | undefined => {
  const after = decodeCursor(cursor);
  return after ? [String(after[0]), String(after[1])] : undefined;
};

/** Staff reads of payments across accounts. Refunds are billing's (they issue credit notes). */
export const adminPaymentsRouter = createRouter()
  .openapi(routes.listAllPayments, async (c) => {
    const { limit, cursor, ...filter } = c.req.valid("query");
    const rows = await q.listAllPayments(c.get("db"), filter, limit, afterOf(cursor));
    return c.json(
      page(rows, limit, (r) => [r.payment.createdAt, r.payment.id], toAdminPayment),
      200,
    );
  })
  .openapi(routes.userPayments, async (c) => {
    const db = c.get("db");
    const { id } = c.req.valid("param");
    const { limit, cursor, status } = c.req.valid("query");
    if (!(await q.userExists(db, id))) throw new ApiError("not_found", "No such user");
    const rows = await q.listAllPayments(db, { userId: id, status }, limit, afterOf(cursor));
    return c.json(
      page(rows, limit, (r) => [r.payment.createdAt, r.payment.id], toAdminPayment),
      200,
    );
  });
