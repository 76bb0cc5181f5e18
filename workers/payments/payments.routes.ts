import { createRoute, z } from "@hono/zod-openapi";
import { createMiddleware } from "hono/factory";
import { requireAuth } from "../lib/auth";
import type { AppEnv } from "../lib/context";
import { bearerAuth } from "../lib/create-app";
import { ApiError, pickErrors } from "../lib/errors";
import { jsonResponse } from "../lib/openapi";
import { PageQuery, pageOf } from "../lib/pagination";
import { PaymentIdParam, PaymentSchema, TestCardSchema } from "./payments.schemas";

const authed = { security: bearerAuth, middleware: [requireAuth()], tags: ["payments"] };

export const getPayment = createRoute({
  ...authed,
  method: "get",
  path: "/payments/{id}",
  summary: "One payment (yours, or any for an admin)",
  request: { params: PaymentIdParam },
  responses: { 200: jsonResponse(PaymentSchema, "The payment"), ...pickErrors(401, 404) },
});

export const listMyPayments = createRoute({
  ...authed,
  method: "get",
  path: "/me/payments",
  summary: "Your payments, newest first",
  request: { query: PageQuery },
  responses: { 200: jsonResponse(pageOf(PaymentSchema), "Payments"), ...pickErrors(400, 401) },
});

/** Test cards are a development aid: elsewhere the route does not exist. */
const developmentOrTest = createMiddleware<AppEnv>(async (c, next) => {
  if (c.env.ENVIRONMENT !== "development" && c.env.ENVIRONMENT !== "test") {
    throw new ApiError("not_found", `Nothing at GET ${new URL(c.req.url).pathname}`);
  }
  await next();
});

export const listTestCards = createRoute({
  middleware: [developmentOrTest],
  method: "get",
  path: "/payments/test-cards",
  tags: ["payments", "dev"],
  summary: "The simulated provider's test cards (development and test only)",
  description:
    "Card numbers that make a charge succeed or decline, from the payment provider's own list, for a checkout page to document. Any expiry in the future and any CVC work. Answers 404 unless `ENVIRONMENT` is `development` or `test`. No sign-in.",
  responses: {
    200: jsonResponse(z.object({ items: z.array(TestCardSchema) }), "The test cards"),
    ...pickErrors(404),
  },
});
