import { and, desc, eq, lt, or } from "drizzle-orm";
import { payments } from "../db/schema";
import type { Db } from "../lib/context";
import { newId, nowIso } from "../lib/ids";
import type { CardBrand } from "./cards";

export type PaymentRow = typeof payments.$inferSelect;

export interface NewPayment {
  userId: string;
  idempotencyKey: string;
  orderId?: string;
  amountCents: number;
  currency: string;
  description: string;
  card: { brand: CardBrand; last4: string };
}

/** The payment for (user, key), created as `processing` on first sight: retries find the same row. */
export async function openPayment(db: Db, input: NewPayment): Promise<PaymentRow> {
  const now = nowIso();
  await db
    .insert(payments)
    .values({
      id: newId(),
      userId: input.userId,
      idempotencyKey: input.idempotencyKey,
      orderId: input.orderId ?? null,
      amountCents: input.amountCents,
      currency: input.currency,
      description: input.description,
      status: "processing",
      cardBrand: input.card.brand,
      cardLast4: input.card.last4,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing();
  return (await db
    .select()
    .from(payments)
    .where(and(eq(payments.userId, input.userId), eq(payments.idempotencyKey, input.idempotencyKey)))
    .get()) as PaymentRow;
}

export async function updatePayment(
  db: Db,
  id: string,
  changes: Partial<Pick<PaymentRow, "status" | "chargeId" | "failureReason" | "refundId">>,
) {
  const [row] = await db
    .update(payments)
    .set({ ...changes, updatedAt: nowIso() })
    .where(eq(payments.id, id))
    .returning();
  return row;
}

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
