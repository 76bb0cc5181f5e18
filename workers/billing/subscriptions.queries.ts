import { and, desc, eq, inArray, lt, ne, or, sql } from "drizzle-orm";
import { paymentMethods, subscriptions, users } from "../db/schema";
import type { Db } from "../lib/context";
import type { PaymentMethodRow } from "../payments/payment-methods.queries";
import { findPlans } from "./plans.queries";
import type { SubscriptionRow, SubscriptionView } from "./subscriptions.schemas";

/** The account's live subscription (any status but canceled); there is at most one. */
export async function findLiveSubscription(db: Db, userId: string) {
  return db
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.userId, userId), ne(subscriptions.status, "canceled")))
    .get();
}

/** The live subscription, else the latest canceled one, else undefined. */
export async function findCurrentSubscription(db: Db, userId: string) {
  return db
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.userId, userId))
    .orderBy(sql`${subscriptions.status} = 'canceled'`, desc(subscriptions.createdAt), desc(subscriptions.id))
    .limit(1)
    .get();
}

export async function findSubscription(db: Db, id: string) {
  return db.select().from(subscriptions).where(eq(subscriptions.id, id)).get();
}

/** Plans and cards of many subscriptions in two queries. */
export async function loadViews(db: Db, rows: SubscriptionRow[]): Promise<SubscriptionView[]> {
  if (rows.length === 0) return [];
  const planIds = rows.flatMap((r) => (r.pendingPlanId ? [r.planId, r.pendingPlanId] : [r.planId]));
  const methodIds = rows.flatMap((r) => (r.paymentMethodId ? [r.paymentMethodId] : []));
  const [plans, methods] = await Promise.all([findPlans(db, planIds), findMethods(db, methodIds)]);
  return rows.map((row) => ({
    row,
    plan: plans.get(row.planId) as NonNullable<ReturnType<typeof plans.get>>,
    pendingPlan: (row.pendingPlanId && plans.get(row.pendingPlanId)) || null,
    paymentMethod: (row.paymentMethodId && methods.get(row.paymentMethodId)) || null,
  }));
}

export async function loadView(db: Db, row: SubscriptionRow): Promise<SubscriptionView> {
  return (await loadViews(db, [row]))[0];
}

export async function findMethods(db: Db, ids: string[]): Promise<Map<string, PaymentMethodRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select()
    .from(paymentMethods)
    .where(inArray(paymentMethods.id, [...new Set(ids)]))
    .all();
  return new Map(rows.map((row) => [row.id, row]));
}

/** Admin list, newest first, with each subscriber's name and email. */
export async function listSubscriptions(
  db: Db,
  filter: { status?: SubscriptionRow["status"]; userId?: string },
  limit: number,
  after?: [string, string],
) {
  const cursor = after
    ? or(lt(subscriptions.createdAt, after[0]), and(eq(subscriptions.createdAt, after[0]), lt(subscriptions.id, after[1])))
    : undefined;
  return db
    .select({ subscription: subscriptions, user: { id: users.id, username: users.username, email: users.email } })
    .from(subscriptions)
    .innerJoin(users, eq(users.id, subscriptions.userId))
    .where(
      and(
        filter.status ? eq(subscriptions.status, filter.status) : undefined,
        filter.userId ? eq(subscriptions.userId, filter.userId) : undefined,
        cursor,
      ),
    )
    .orderBy(desc(subscriptions.createdAt), desc(subscriptions.id))
    .limit(limit + 1)
    .all();
}
