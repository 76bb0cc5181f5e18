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
