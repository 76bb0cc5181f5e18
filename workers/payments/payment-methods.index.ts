import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { isExpired } from "./cards";
import {
  addPaymentMethod,
  deletePaymentMethod,
  findPaymentMethod,
  listPaymentMethods,
  updatePaymentMethod,
} from "./payment-methods.queries";
import * as routes from "./payment-methods.routes";
import { toPaymentMethod } from "./payment-methods.schemas";
import { paymentProvider } from "./provider";

const NOT_FOUND = "No such payment method";

export const paymentMethodsRouter = createRouter()
  .openapi(routes.listPaymentMethods, async (c) => {
    const rows = await listPaymentMethods(c.get("db"), c.get("auth").userId);
    return c.json({ items: rows.map(toPaymentMethod), nextCursor: null }, 200);
  })
  .openapi(routes.addPaymentMethod, async (c) => {
    const { card, isDefault, holderName } = c.req.valid("json");
    const tokenized = await paymentProvider(c.env).tokenize(card);
    const row = await addPaymentMethod(c.get("db"), c.get("auth").userId, tokenized, isDefault === true, holderName ?? null);
    return c.json(toPaymentMethod(row), 201, { location: `/api/me/payment-methods/${row.id}` });
  })
  .openapi(routes.getPaymentMethod, async (c) => {
    const row = await findPaymentMethod(c.get("db"), c.get("auth").userId, c.req.valid("param").id);
    if (!row) throw new ApiError("not_found", NOT_FOUND);
    return c.json(toPaymentMethod(row), 200);
  })
  .openapi(routes.deletePaymentMethod, async (c) => {
    const deleted = await deletePaymentMethod(c.get("db"), c.get("auth").userId, c.req.valid("param").id);
    if (!deleted) throw new ApiError("not_found", NOT_FOUND);
    if (deleted === "in_use")
      throw new ApiError("conflict", "Your subscription renews with this card: update the subscription's card first");
    return c.body(null, 204);
  })
  .openapi(routes.updatePaymentMethod, async (c) => {
    const db = c.get("db");
    const { userId } = c.get("auth");
    const { id } = c.req.valid("param");
    const changes = c.req.valid("json");
    const current = await findPaymentMethod(db, userId, id);
    if (!current) throw new ApiError("not_found", NOT_FOUND);
    const expMonth = changes.expMonth ?? current.expMonth;
    const expYear = changes.expYear ?? current.expYear;
    if (isExpired(expMonth, expYear)) {
      const path = changes.expYear !== undefined && expYear < new Date().getUTCFullYear() ? "expYear" : "expMonth";
      throw new ApiError("validation_failed", "This card has expired", {
        errors: [{ path, message: "This card has expired", code: "custom" }],
      });
    }
    const row = await updatePaymentMethod(db, userId, id, changes);
    if (!row) throw new ApiError("not_found", NOT_FOUND);
    return c.json(toPaymentMethod(row), 200);
  });
