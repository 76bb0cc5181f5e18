import { and, asc, eq, inArray, notExists, or } from "drizzle-orm";
import { plans, subscriptions } from "../db/schema";
import type { Db } from "../lib/context";
import { newId, nowIso } from "../lib/ids";
import type { PlanRow } from "./plans.schemas";

export async function listPlans(db: Db, includeArchived: boolean) {
  return db
    .select()
    .from(plans)
    .where(includeArchived ? undefined : eq(plans.status, "active"))
    .orderBy(asc(plans.priceCents), asc(plans.name), asc(plans.id))
    .all();
}

export async function findPlan(db: Db, id: string) {
  return db.select().from(plans).where(eq(plans.id, id)).get();
}

/** Plans by id, for a batch of subscriptions. */
export async function findPlans(db: Db, ids: string[]): Promise<Map<string, PlanRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select()
    .from(plans)
    .where(inArray(plans.id, [...new Set(ids)]))
    .all();
  return new Map(rows.map((row) => [row.id, row]));
}

export type NewPlanRow = Omit<PlanRow, "id" | "status" | "createdAt" | "updatedAt">;

export async function insertPlan(db: Db, input: NewPlanRow) {
  const now = nowIso();
  const [row] = await db
    .insert(plans)
    .values({ ...input, id: newId(), status: "active", createdAt: now, updatedAt: now })
    .returning();
  return row;
}

export async function updatePlan(db: Db, id: string, changes: Partial<Omit<PlanRow, "id" | "createdAt" | "updatedAt">>) {
  return db
    .update(plans)
    .set({ ...changes, updatedAt: nowIso() })
    .where(eq(plans.id, id))
    .returning()
    .get();
}

/**
 * Deletes a plan no subscription ever used (as its plan or a pending downgrade), in one
 * statement so a subscription made meanwhile cannot slip in. "in_use" when one did.
 */
export async function deleteUnusedPlan(db: Db, id: string): Promise<"deleted" | "in_use" | undefined> {
  const deleted = await db
    .delete(plans)
    .where(
      and(
        eq(plans.id, id),
        notExists(
          db
            .select({ id: subscriptions.id })
            .from(subscriptions)
            .where(or(eq(subscriptions.planId, id), eq(subscriptions.pendingPlanId, id))),
        ),
      ),
    )
    .returning({ id: plans.id });
  if (deleted.length > 0) return "deleted";
  return (await findPlan(db, id)) ? "in_use" : undefined;
}
