import { eq, type SQL, sql } from "drizzle-orm";
import { invoiceCounters, invoices } from "../db/schema";
import type { Db } from "../lib/context";
import { isUniqueViolation } from "../lib/db";
import { ApiError } from "../lib/errors";

export type InvoiceRow = typeof invoices.$inferSelect;
export type InvoiceDraft = Omit<InvoiceRow, "year" | "sequence" | "number">;

/**
 * Inserts `draft` with the next number of its series and year, in one D1 batch (one
 * transaction): the counter goes up and the invoice takes the counter's new value, or neither
 * happens. So numbers are gapless and unique however many charges land at once — D1 runs one
 * batch at a time — and an insert that fails (a retried hook meeting the unique index on its
 * payment or refund) gives its number back.
 *
 * `onlyIf`, when given, is checked inside the same transaction: when false the invoice gets no
 * sequence, the NOT NULL constraint fails the batch, and nothing is written (a 409 follows).
 * That is how a manual credit note is kept within what is left to credit under concurrency.
 *
 * Returns the new invoice, or the one already issued for the same payment or refund.
 */
export async function issueNumbered(db: Db, draft: InvoiceDraft, onlyIf?: { check: SQL; conflict: string }): Promise<InvoiceRow> {
  const year = new Date(draft.issuedAt).getUTCFullYear();
  const last = sql`(SELECT last FROM invoice_counters WHERE series = ${draft.series} AND year = ${year})`;
  const sequence = onlyIf ? sql`(CASE WHEN ${onlyIf.check} THEN ${last} END)` : last;
  try {
    const [, [row]] = await db.batch([
      db
        .insert(invoiceCounters)
        .values({ series: draft.series, year, last: 1 })
        .onConflictDoUpdate({ target: [invoiceCounters.series, invoiceCounters.year], set: { last: sql`last + 1` } }),
      db
        .insert(invoices)
        .values({ ...draft, year, sequence, number: sql`printf('%s-%d-%06d', ${draft.series}, ${year}, ${last})` })
        .returning(),
    ]);
    return row;
  } catch (err) {
    const existing = await alreadyIssued(db, draft, err);
    if (existing) return existing;
    if (onlyIf && isNotNullViolation(err, "invoices.sequence")) throw new ApiError("conflict", onlyIf.conflict);
    throw err;
  }
}

/**
 * Issues `drafts` (a bulk job's receipts) with consecutive numbers: per series and year, one D1
 * batch bumps the counter by N and inserts the N invoices, draft i taking `last - (N-1-i)`. Same
 * guarantees as issueNumbered, one round trip instead of N. When one of them was already issued
 * (a run that died after invoicing), the unique index fails the whole batch, nothing is written,
 * and that group is issued one at a time instead, which returns the invoices that exist.
 * Returns one invoice per draft, grouped by series and year.
 */
export async function issueNumberedMany(db: Db, drafts: InvoiceDraft[]): Promise<InvoiceRow[]> {
  const groups = new Map<string, InvoiceDraft[]>();
  for (const draft of drafts) {
    const key = `${draft.series}:${new Date(draft.issuedAt).getUTCFullYear()}`;
    groups.set(key, [...(groups.get(key) ?? []), draft]);
  }
  const issued: InvoiceRow[] = [];
  for (const group of groups.values()) issued.push(...(await issueGroup(db, group)));
  return issued;
}

async function issueGroup(db: Db, drafts: InvoiceDraft[]): Promise<InvoiceRow[]> {
  const { series } = drafts[0];
  const year = new Date(drafts[0].issuedAt).getUTCFullYear();
  const n = drafts.length;
  const last = sql`(SELECT last FROM invoice_counters WHERE series = ${series} AND year = ${year})`;
  try {
    const [, ...inserted] = await db.batch([
      db
        .insert(invoiceCounters)
        .values({ series, year, last: n })
        .onConflictDoUpdate({ target: [invoiceCounters.series, invoiceCounters.year], set: { last: sql`last + ${n}` } }),
      ...drafts.map((draft, i) => {
        const sequence = sql`${last} - ${n - 1 - i}`;
        return db
          .insert(invoices)
          .values({ ...draft, year, sequence, number: sql`printf('%s-%d-%06d', ${series}, ${year}, ${sequence})` })
          .returning();
      }),
    ]);
    return inserted.flat();
  } catch (err) {
    if (!isUniqueViolation(err, "invoices.payment_id") && !isUniqueViolation(err, "invoices.refund_key")) throw err;
    const rows: InvoiceRow[] = [];
    for (const draft of drafts) rows.push(await issueNumbered(db, draft));
    return rows;
  }
}

async function alreadyIssued(db: Db, draft: InvoiceDraft, err: unknown) {
  if (draft.series === "INV" && draft.paymentId && isUniqueViolation(err, "invoices.payment_id")) {
    return db.select().from(invoices).where(eq(invoices.paymentId, draft.paymentId)).get();
  }
  if (draft.refundKey && isUniqueViolation(err, "invoices.refund_key")) {
    return db.select().from(invoices).where(eq(invoices.refundKey, draft.refundKey)).get();
  }
  return undefined;
}

function isNotNullViolation(err: unknown, target: string): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (e.message.includes("NOT NULL constraint failed") && e.message.includes(target)) return true;
  }
  return false;
}
