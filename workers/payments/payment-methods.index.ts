import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { addPaymentMethod, deletePaymentMethod, findPaymentMethod, listPaymentMethods } from "./payment-methods.queries";
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
    const { card, isDefault } = c.req.valid("json");
    const tokenized = await paymentProvider(c.env).tokenize(card);
    const row = await addPaymentMethod(c.get("db"), c.get("auth").userId, tokenized, isDefault === true);
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
    return c.body(null, 204);
  });
