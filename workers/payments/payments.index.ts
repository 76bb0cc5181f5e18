import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { idempotent } from "../lib/idempotency";
import { decodeCursor, page } from "../lib/pagination";
import { declined, resolveSource, settlePayment } from "./payments.charge";
import { findPayment, listUserPayments, openPayment } from "./payments.queries";
import * as routes from "./payments.routes";
import { type Payment, toPayment } from "./payments.schemas";
import { testCards } from "./provider";

export const paymentsRouter = createRouter()
  // Before `/payments/{id}`, which would otherwise take "test-cards" for an id.
  .openapi(routes.listTestCards, (c) => c.json({ items: [...testCards] }, 200))
  .openapi(routes.createPayment, async (c) => {
    const db = c.get("db");
    const { userId } = c.get("auth");
    const key = c.req.valid("header")["idempotency-key"];
    const input = c.req.valid("json");
    const result = await idempotent<Payment>(db, { userId, key: `payment:${key}`, request: input }, async () => {
      const { source, card } = await resolveSource(db, userId, input);
      const opened = await openPayment(db, {
        userId,
        idempotencyKey: `payment:${key}`,
        amountCents: input.amount,
        currency: input.currency,
        description: input.description,
        card,
      });
      const payment = await settlePayment(c.env, db, opened, source);
      if (payment.status === "failed") throw declined(payment);
      return { status: 201, body: toPayment(payment) };
    });
    if (result.replayed) c.header("idempotent-replayed", "true");
    return c.json(result.body, 201, { location: `/api/payments/${result.body.id}` });
  })
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
  });
