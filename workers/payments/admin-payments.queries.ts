import { and, desc, eq, lt, or } from "drizzle-orm";
import { payments, users } from "../db/schema";
import type { Db } from "../lib/context";
import type { PaymentRow } from "./payments.queries";

export interface PaymentFilter {
  userId?: string;
  status?: PaymentRow["status"];
}

const withPayer = (db: Db) =>
  db
    .select({ payment: payments, user: { id: users.id, name: users.name, email: users.email } })
    .from(payments)
    .innerJoin(users, eq(users.id, payments.userId));

export type AdminPaymentRow = { payment: PaymentRow; user: { id: string; name: string; email: string } };

/** Payments across every account, newest first; `after` is the last row's [createdAt, id]. */
export async function listAllPayments(db: Db, filter: PaymentFilter, limit: number, after?: [string, string]) {
  const cursor = after
    ? or(lt(payments.createdAt, after[0]), and(eq(payments.createdAt, after[0]), lt(payments.id, after[1])))
    : undefined;
  return withPayer(db)
    .where(
      and(
        filter.userId ? eq(payments.userId, filter.userId) : undefined,
        filter.status ? eq(payments.status, filter.status) : undefined,
        cursor,
      ),
    )
    .orderBy(desc(payments.createdAt), desc(payments.id))
    .limit(limit + 1)
    .all();
}

export const findAdminPayment = (db: Db, id: string) => withPayer(db).where(eq(payments.id, id)).get();

export const userExists = async (db: Db, id: string) =>
  (await db.select({ id: users.id }).from(users).where(eq(users.id, id)).get()) !== undefined;
