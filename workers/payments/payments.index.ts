import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { decodeCursor, page } from "../lib/pagination";
import { adminPaymentsRouter } from "./admin-payments.index";
import { findPayment, listUserPayments } from "./payments.queries";
import * as routes from "./payments.routes";
import { toPayment } from "./payments.schemas";
import { testCards } from "./provider";

/** Reading payments, and the test cards. Charging a card is billing's `POST /payments` (billing/charges.index.ts): it issues the invoice. */
export const paymentsRouter = createRouter()
  // Before `/payments/{id}`, which would otherwise take "test-cards" for an id.
  .openapi(routes.listTestCards, (c) => c.json({ items: [...testCards] }, 200))
  .openapi(routes.getPayment, async (c) => {
    const auth = c.get("auth");
    const row = await findPayment(c.get("db"), c.req.valid("param").id);
    if (!row || (row.userId !== auth.userId && auth.role !== "admin")) throw new ApiError("not_found", "No such payment");
    return c.json(toPayment(row), 200);
  })
  .openapi(routes.listMyPayments, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const after = decodeCursor(cursor);
    const rows = await listUserPayments(
      c.get("db"),
      c.get("auth").userId,
      limit,
      after ? [String(after[0]), String(after[1])] : undefined,
    );
    return c.json(
      page(rows, limit, (r) => [r.createdAt, r.id], toPayment),
      200,
    );
  })
  .route("/", adminPaymentsRouter);
