import { and, desc, eq, exists, inArray, ne, not, notExists } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { paymentMethods, subscriptions } from "../db/schema";
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
export async function addPaymentMethod(
  db: Db,
  userId: string,
  card: TokenizedCard,
  makeDefault: boolean,
  holderName: string | null = null,
) {
  const insert = db
    .insert(paymentMethods)
    .values({
      id: newId(),
      userId,
      brand: card.brand,
      last4: card.last4,
      expMonth: card.expMonth,
      expYear: card.expYear,
      holderName,
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

/** Changes a card's expiry or holder name, and makes it the default when asked; undefined when not the user's. */
export async function updatePaymentMethod(
  db: Db,
  userId: string,
  id: string,
  changes: { expMonth?: number; expYear?: number; holderName?: string | null; isDefault?: true },
) {
  const { isDefault, ...fields } = changes;
  const mine = and(eq(paymentMethods.id, id), eq(paymentMethods.userId, userId));
  const update = db
    .update(paymentMethods)
    .set({ ...fields, ...(isDefault ? { isDefault: true } : {}) })
    .where(mine)
    .returning();
  if (!isDefault) return (await update)[0];
  if (!(await findPaymentMethod(db, userId, id))) return undefined;
  const [, updated] = await db.batch([
    db
      .update(paymentMethods)
      .set({ isDefault: false })
      .where(and(eq(paymentMethods.userId, userId), eq(paymentMethods.isDefault, true))),
    update,
  ]);
  return updated[0];
}

/** Whether a live subscription renews with the card (read from the table: payments imports no billing code). */
const renewsSubscription = (db: Db, id: string) =>
  exists(
    db
      .select({ id: subscriptions.id })
      .from(subscriptions)
      .where(and(eq(subscriptions.paymentMethodId, id), ne(subscriptions.status, "canceled"))),
  );

/**
 * Deletes a card and, if it was the default, promotes the newest remaining one. False when not
 * found; "in_use" when a live subscription renews with it (checked in the DELETE itself).
 */
export async function deletePaymentMethod(db: Db, userId: string, id: string): Promise<boolean | "in_use"> {
  const newest = db
    .select({ id: other.id })
    .from(other)
    .where(eq(other.userId, userId))
    .orderBy(desc(other.createdAt), desc(other.id))
    .limit(1);
  const [deleted] = await db.batch([
    db
      .delete(paymentMethods)
      .where(and(eq(paymentMethods.id, id), eq(paymentMethods.userId, userId), not(renewsSubscription(db, id))))
      .returning({ id: paymentMethods.id }),
    db
      .update(paymentMethods)
      .set({ isDefault: true })
      .where(and(inArray(paymentMethods.id, newest), hasNoDefault(db, userId))),
  ]);
  if (deleted.length > 0) return true;
  return (await findPaymentMethod(db, userId, id)) ? "in_use" : false;
}
