import { and, desc, eq, inArray, notExists } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { paymentMethods } from "../db/schema";
import type { Db } from "../lib/context";
import { newId, nowIso } from "../lib/ids";
import type { TokenizedCard } from "./provider";

export type PaymentMethodRow = typeof paymentMethods.$inferSelect;

const other = alias(paymentMethods, "other");

/** Whether the user has no default card, evaluated inside the statement that uses it. */
const hasNoDefault = (db: Db, userId: string) =>
  notExists(
    db
      .select({ id: other.id })
      .from(other)
      .where(and(eq(other.userId, userId), eq(other.isDefault, true))),
  );

export async function listPaymentMethods(db: Db, userId: string) {
  return db
    .select()
    .from(paymentMethods)
    .where(eq(paymentMethods.userId, userId))
    .orderBy(desc(paymentMethods.isDefault), desc(paymentMethods.createdAt), desc(paymentMethods.id))
    .all();
}

/** The stored card, provider token included (for charging); undefined when absent or not the user's. */
export async function findPaymentMethod(db: Db, userId: string, id: string) {
  return db
    .select()
    .from(paymentMethods)
    .where(and(eq(paymentMethods.id, id), eq(paymentMethods.userId, userId)))
    .get();
}

/**
 * Stores a tokenized card. It becomes the default when asked to, or when the user has no
 * default yet (their first card); the partial unique index keeps it to one default.
 */
export async function addPaymentMethod(db: Db, userId: string, card: TokenizedCard, makeDefault: boolean) {
  const insert = db
    .insert(paymentMethods)
    .values({
      id: newId(),
      userId,
      brand: card.brand,
      last4: card.last4,
      expMonth: card.expMonth,
      expYear: card.expYear,
      providerToken: card.token,
      isDefault: makeDefault ? true : hasNoDefault(db, userId),
      createdAt: nowIso(),
    })
    .returning();
  if (!makeDefault) return (await insert)[0];
  const [, inserted] = await db.batch([
    db
      .update(paymentMethods)
      .set({ isDefault: false })
      .where(and(eq(paymentMethods.userId, userId), eq(paymentMethods.isDefault, true))),
    insert,
  ]);
  return inserted[0];
}

/** Deletes a card and, if it was the default, promotes the newest remaining one. False when not found. */
export async function deletePaymentMethod(db: Db, userId: string, id: string): Promise<boolean> {
  const newest = db
    .select({ id: other.id })
    .from(other)
    .where(eq(other.userId, userId))
    .orderBy(desc(other.createdAt), desc(other.id))
    .limit(1);
  const [deleted] = await db.batch([
    db
      .delete(paymentMethods)
      .where(and(eq(paymentMethods.id, id), eq(paymentMethods.userId, userId)))
      .returning({ id: paymentMethods.id }),
    db
      .update(paymentMethods)
      .set({ isDefault: true })
      .where(and(inArray(paymentMethods.id, newest), hasNoDefault(db, userId))),
  ]);
  return deleted.length > 0;
}
