import { and, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import { payments } from "../db/schema";
import type { Db } from "../lib/context";
import { newId, nowIso } from "../lib/ids";
import type { CardBrand } from "./cards";

export type PaymentRow = typeof payments.$inferSelect;

export interface NewPayment {
  userId: string;
  idempotencyKey: string;
  orderId?: string;
  subscriptionId?: string;
  amountCents: number;
  currency: string;
  description: string;
  card: { brand: CardBrand; last4: string };
}

/** The row a new payment is inserted as. */
function paymentRow(input: NewPayment, now: string, status: PaymentRow["status"]): typeof payments.$inferInsert {
  return {
    id: newId(),
    userId: input.userId,
    idempotencyKey: input.idempotencyKey,
    orderId: input.orderId ?? null,
    subscriptionId: input.subscriptionId ?? null,
    amountCents: input.amountCents,
    currency: input.currency,
    description: input.description,
    status,
    cardBrand: input.card.brand,
    cardLast4: input.card.last4,
    createdAt: now,
    updatedAt: now,
  };
}

/** The payment for (user, key), created as `processing` on first sight: retries find the same row. */
export async function openPayment(db: Db, input: NewPayment): Promise<PaymentRow> {
  await db
    .insert(payments)
    .values(paymentRow(input, nowIso(), "processing"))
    .onConflictDoNothing();
  return (await db
    .select()
    .from(payments)
    .where(and(eq(payments.userId, input.userId), eq(payments.idempotencyKey, input.idempotencyKey)))
    .get()) as PaymentRow;
}

/** Many payments at once (renewal runs): one batch of inserts, one read back. Existing keys are kept as they are. */
export async function openPayments(db: Db, inputs: NewPayment[]): Promise<PaymentRow[]> {
  if (inputs.length === 0) return [];
  const now = nowIso();
  const inserts = inputs.map((input) =>
    db
      .insert(payments)
      .values(paymentRow(input, now, "processing"))
      .onConflictDoNothing(),
  );
  await db.batch(inserts as [(typeof inserts)[number], ...typeof inserts]);
  const rows = await db
    .select()
    .from(payments)
    .where(
      inArray(
        payments.idempotencyKey,
        inputs.map((i) => i.idempotencyKey),
      ),
    )
    .all();
  const byKey = new Map(rows.map((row) => [`${row.userId} ${row.idempotencyKey}`, row]));
  return inputs.map((input) => byKey.get(`${input.userId} ${input.idempotencyKey}`) as PaymentRow);
}

/** A payment charged before its payer's account existed (registration with a plan): recorded as it ended. */
export async function recordPayment(db: Db, input: NewPayment & { chargeId: string }): Promise<PaymentRow> {
  const [row] = await db
    .insert(payments)
    .values({ ...paymentRow(input, nowIso(), "succeeded"), chargeId: input.chargeId })
    .returning();
  return row;
}

export async function updatePayment(
  db: Db,
  id: string,
  changes: Partial<Pick<PaymentRow, "status" | "chargeId" | "failureReason" | "refundId" | "refundedCents">>,
) {
  const [row] = await db
    .update(payments)
    .set({ ...changes, updatedAt: nowIso() })
    .where(eq(payments.id, id))
    .returning();
  return row;
}

/** The UPDATE of `updatePayment`, unexecuted, for a caller's `db.batch`. */
export const paymentUpdate = (db: Db, id: string, changes: Partial<Pick<PaymentRow, "status" | "chargeId" | "failureReason">>) =>
  db
    .update(payments)
    .set({ ...changes, updatedAt: nowIso() })
    .where(eq(payments.id, id));

export async function findPayment(db: Db, id: string) {
  return db.select().from(payments).where(eq(payments.id, id)).get();
}

export async function findOrderPayment(db: Db, orderId: string) {
  return db.select().from(payments).where(eq(payments.orderId, orderId)).get();
}

export async function listUserPayments(db: Db, userId: string, limit: number, after?: [string, string]) {
  const cursor = after
    ? or(lt(payments.createdAt, after[0]), and(eq(payments.createdAt, after[0]), lt(payments.id, after[1])))
    : undefined;
  return db
    .select()
    .from(payments)
    .where(and(eq(payments.userId, userId), cursor))
    .orderBy(desc(payments.createdAt), desc(payments.id))
    .limit(limit + 1)
    .all();
}

/** The successful charges made under `keyPrefix` for a subscription (one period's), newest first. */
export async function findSubscriptionPayments(db: Db, subscriptionId: string, keyPrefix: string) {
  return db
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.subscriptionId, subscriptionId),
        sql`substr(${payments.idempotencyKey}, 1, ${keyPrefix.length}) = ${keyPrefix}`,
        inArray(payments.status, ["succeeded", "refunded"]),
      ),
    )
    .orderBy(desc(payments.createdAt), desc(payments.id))
    .all();
}

/**
 * Sets `amountCents` aside for a refund, unless that would give back more than was paid: the
 * condition is in the UPDATE, so two refunds racing cannot both pass. Undefined when refused.
 */
export async function reserveRefund(db: Db, id: string, amountCents: number) {
  return db
    .update(payments)
    .set({ refundedCents: sql`${payments.refundedCents} + ${amountCents}`, updatedAt: nowIso() })
    .where(
      and(
        eq(payments.id, id),
        eq(payments.status, "succeeded"),
        sql`${payments.refundedCents} + ${amountCents} <= ${payments.amountCents}`,
      ),
    )
    .returning()
    .get();
}
