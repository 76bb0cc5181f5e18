import { and, desc, eq, gte, inArray, isNull, lt, lte, or, type SQL, sql } from "drizzle-orm";
import { type InvoiceParty, type InvoiceSeries, type InvoiceStatus, invoices, users } from "../db/schema";
import type { Db } from "../lib/context";
import { likePattern } from "../lib/db";
import type { InvoiceRow } from "./invoice-numbers";

export type { InvoiceRow } from "./invoice-numbers";

export async function findInvoice(db: Db, id: string) {
  return db.select().from(invoices).where(eq(invoices.id, id)).get();
}

/** The invoice (series INV) that records a charge. */
export async function findPaymentInvoice(db: Db, paymentId: string) {
  return db
    .select()
    .from(invoices)
    .where(and(eq(invoices.paymentId, paymentId), eq(invoices.series, "INV")))
    .get();
}

/** Who an account's invoices are made out to: the account holder's name (else username) and email. */
export async function buyerOf(db: Db, userId: string): Promise<InvoiceParty | undefined> {
  const user = await db
    .select({ name: users.name, username: users.username, email: users.email })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  return user && { name: user.name.trim() || user.username, email: user.email };
}

/** Gross already credited on `invoiceId` by its credit notes, as a positive number: SQL for a batch's guard, or read. */
export const creditedSql = (invoiceId: string) =>
  sql`(SELECT COALESCE(-SUM(gross_cents), 0) FROM invoices WHERE credits_invoice_id = ${invoiceId} AND status <> 'void')`;

/** The credit notes of each of `invoiceIds`, oldest first. */
export async function creditNotesOf(db: Db, invoiceIds: string[]) {
  const byInvoice = new Map<string, { id: string; number: string }[]>();
  if (invoiceIds.length === 0) return byInvoice;
  const rows = await db
    .select({ id: invoices.id, number: invoices.number, creditsInvoiceId: invoices.creditsInvoiceId })
    .from(invoices)
    .where(inArray(invoices.creditsInvoiceId, invoiceIds))
    .orderBy(invoices.sequence)
    .all();
  for (const row of rows) {
    const key = row.creditsInvoiceId as string;
    byInvoice.set(key, [...(byInvoice.get(key) ?? []), { id: row.id, number: row.number }]);
  }
  return byInvoice;
}

/** The numbers of the invoices `rows` credit, by id. */
export async function creditedInvoicesOf(db: Db, rows: InvoiceRow[]) {
  const ids = [...new Set(rows.flatMap((r) => (r.creditsInvoiceId ? [r.creditsInvoiceId] : [])))];
  if (ids.length === 0) return new Map<string, { id: string; number: string }>();
  const found = await db
    .select({ id: invoices.id, number: invoices.number })
    .from(invoices)
    .where(inArray(invoices.id, ids))
    .all();
  return new Map(found.map((r) => [r.id, r]));
}

export interface InvoiceFilter {
  q?: string;
  userId?: string;
  series?: InvoiceSeries;
  status?: InvoiceStatus;
  from?: string;
  to?: string;
}

/** Newest first by issue time; `after` is the last row's (issuedAt, id). */
export async function listInvoices(db: Db, filter: InvoiceFilter, limit: number, after?: [string, string]) {
  const where: (SQL | undefined)[] = [
    filter.userId ? eq(invoices.userId, filter.userId) : undefined,
    filter.series ? eq(invoices.series, filter.series) : undefined,
    filter.status ? eq(invoices.status, filter.status) : undefined,
    filter.from ? gte(invoices.issuedAt, filter.from) : undefined,
    filter.to ? lte(invoices.issuedAt, filter.to) : undefined,
    after ? or(lt(invoices.issuedAt, after[0]), and(eq(invoices.issuedAt, after[0]), lt(invoices.id, after[1]))) : undefined,
  ];
  if (filter.q) {
    const pattern = likePattern(filter.q);
    where.push(
      or(
        sql`${invoices.number} LIKE ${pattern} ESCAPE '\\'`,
        sql`json_extract(${invoices.buyer}, '$.name') LIKE ${pattern} ESCAPE '\\'`,
        sql`json_extract(${invoices.buyer}, '$.email') LIKE ${pattern} ESCAPE '\\'`,
      ),
    );
  }
  return db
    .select()
    .from(invoices)
    .where(and(...where))
    .orderBy(desc(invoices.issuedAt), desc(invoices.id))
    .limit(limit + 1)
    .all();
}

/** Sets `changes` on an open invoice (a manual one only, with `manualOnly`); undefined when it is not open (any more). */
export async function updateOpenInvoice(db: Db, id: string, changes: Partial<InvoiceRow>, manualOnly = false) {
  const [row] = await db
    .update(invoices)
    .set(changes)
    .where(and(eq(invoices.id, id), eq(invoices.status, "open"), manualOnly ? isNull(invoices.paymentId) : undefined))
    .returning();
  return row as InvoiceRow | undefined;
}
