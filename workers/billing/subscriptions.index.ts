import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { idempotent } from "../lib/idempotency";
import { decodeCursor, page } from "../lib/pagination";
import { runScheduledBilling } from "./renewals";
import { findCurrentSubscription, listSubscriptions, loadView, loadViews } from "./subscriptions.queries";
import * as routes from "./subscriptions.routes";
import { type Subscription, toSubscription } from "./subscriptions.schemas";
import * as writes from "./subscriptions.writes";

export const subscriptionsRouter = createRouter()
  .openapi(routes.getMySubscription, async (c) => {
    const db = c.get("db");
    const row = await findCurrentSubscription(db, c.get("auth").userId);
    return c.json({ subscription: row ? toSubscription(await loadView(db, row)) : null }, 200);
  })
  .openapi(routes.subscribe, async (c) => {
    const db = c.get("db");
    const { userId } = c.get("auth");
    const input = c.req.valid("json");
    const key = `subscribe:${c.req.valid("header")["idempotency-key"]}`;
    const result = await idempotent<Subscription>(db, { userId, key, request: input }, async () => {
      const view = await writes.subscribe(c.env, c.executionCtx, db, userId, input);
      return { status: 201, body: toSubscription(view) };
    });
    if (result.replayed) c.header("idempotent-replayed", "true");
    return c.json(result.body, 201, { location: "/api/me/subscription" });
  })
  .openapi(routes.previewChange, async (c) => {
    const preview = await writes.previewPlanChange(c.get("db"), c.get("auth").userId, c.req.valid("query").planId);
    return c.json(preview, 200);
  })
  .openapi(routes.changePlan, async (c) => {
    const db = c.get("db");
    const { userId } = c.get("auth");
    const input = c.req.valid("json");
    const key = `plan-change:${c.req.valid("header")["idempotency-key"]}`;
    const result = await idempotent<Subscription>(db, { userId, key, request: input }, async () => {
      const view = await writes.changePlan(c.env, c.executionCtx, db, userId, input.planId);
      return { status: 200, body: toSubscription(view) };
    });
    if (result.replayed) c.header("idempotent-replayed", "true");
    return c.json(result.body, 200);
  })
  .openapi(routes.cancel, async (c) => {
    const view = await writes.cancelAtPeriodEnd(c.env, c.executionCtx, c.get("db"), c.get("auth").userId);
    return c.json(toSubscription(view), 200);
  })
  .openapi(routes.resume, async (c) => {
    const view = await writes.resume(c.get("db"), c.get("auth").userId);
    return c.json(toSubscription(view), 200);
  })
  .openapi(routes.setCard, async (c) => {
    const { paymentMethodId } = c.req.valid("json");
    const view = await writes.setSubscriptionCard(c.env, c.executionCtx, c.get("db"), c.get("auth").userId, paymentMethodId);
    return c.json(toSubscription(view), 200);
  })
  .openapi(routes.listSubscriptions, async (c) => {
    const db = c.get("db");
    const { limit, cursor, ...filter } = c.req.valid("query");
    const after = decodeCursor(cursor);
    const rows = await listSubscriptions(db, filter, limit, after ? [String(after[0]), String(after[1])] : undefined);
    const views = await loadViews(
      db,
      rows.map((r) => r.subscription),
    );
    const users = new Map(rows.map((r) => [r.subscription.id, r.user]));
    const items = views.map((view) => ({
      ...toSubscription(view),
      user: users.get(view.row.id) as (typeof rows)[number]["user"],
    }));
    return c.json(
      page(
        items,
        limit,
        (s) => [s.createdAt, s.id],
        (s) => s,
      ),
      200,
    );
  })
  .openapi(routes.cancelNow, async (c) => {
    const view = await writes.cancelNow(c.env, c.executionCtx, c.get("db"), c.req.valid("param").id);
    return c.json(toSubscription(view), 200);
  })
  .openapi(routes.runBilling, async (c) => {
    const body = await c.req.json().catch(() => ({}));
    const input = routes.runBilling.request.body.content["application/json"].schema.safeParse(body);
    if (!input.success) throw new ApiError("validation_failed", "now must be an ISO 8601 date-time");
    const now = input.data.now && c.env.ENVIRONMENT !== "production" ? new Date(input.data.now) : new Date();
    return c.json(await runScheduledBilling(c.env, c.executionCtx, now), 200);
  });
