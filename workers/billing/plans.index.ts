import { maybeAuth } from "../lib/auth";
import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import * as queries from "./plans.queries";
import * as routes from "./plans.routes";
import { toPlan } from "./plans.schemas";

const NOT_FOUND = "No such plan";

export const plansRouter = createRouter()
  .openapi(routes.listPlans, async (c) => {
    const { include } = c.req.valid("query");
    if (include === "archived" && maybeAuth(c)?.role !== "admin") {
      throw new ApiError(maybeAuth(c) ? "forbidden" : "unauthorized", "Only admins see archived plans");
    }
    const rows = await queries.listPlans(c.get("db"), include === "archived");
    return c.json({ items: rows.map(toPlan), nextCursor: null }, 200);
  })
  .openapi(routes.getPlan, async (c) => {
    const row = await queries.findPlan(c.get("db"), c.req.valid("param").id);
    if (!row) throw new ApiError("not_found", NOT_FOUND);
    return c.json(toPlan(row), 200);
  })
  .openapi(routes.createPlan, async (c) => {
    const { price, ...input } = c.req.valid("json");
    const row = await queries.insertPlan(c.get("db"), { ...input, priceCents: price });
    return c.json(toPlan(row), 201, { location: `/api/plans/${row.id}` });
  })
  .openapi(routes.updatePlan, async (c) => {
    const { price, ...changes } = c.req.valid("json");
    const row = await queries.updatePlan(c.get("db"), c.req.valid("param").id, {
      ...changes,
      ...(price === undefined ? {} : { priceCents: price }),
    });
    if (!row) throw new ApiError("not_found", NOT_FOUND);
    return c.json(toPlan(row), 200);
  })
  .openapi(routes.deletePlan, async (c) => {
    const outcome = await queries.deleteUnusedPlan(c.get("db"), c.req.valid("param").id);
    if (!outcome) throw new ApiError("not_found", NOT_FOUND);
    if (outcome === "in_use")
      throw new ApiError("conflict", "Subscriptions have used this plan, so it cannot be deleted: archive it instead");
    return c.body(null, 204);
  });
