import { createRouter } from "../lib/create-app";
import { idempotent } from "../lib/idempotency";
import { declined, resolveSource, settlePayment } from "../payments/payments.charge";
import { openPayment } from "../payments/payments.queries";
import { type Payment, toPayment } from "../payments/payments.schemas";
import * as routes from "./charges.routes";
import { chargeSucceeded } from "./receipts";

/** Direct charges: a payment that is not for an order or a subscription, invoiced like every other. */
export const chargesRouter = createRouter().openapi(routes.createPayment, async (c) => {
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
    // Inside the idempotent run: a retry after a crash here finds the payment settled and issues the invoice once.
    await chargeSucceeded(c.env, c.executionCtx, db, payment);
    return { status: 201, body: toPayment(payment) };
  });
  if (result.replayed) c.header("idempotent-replayed", "true");
  return c.json(result.body, 201, { location: `/api/payments/${result.body.id}` });
});
