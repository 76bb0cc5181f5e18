import { inArray, sql } from "drizzle-orm";
import { type InvoiceLine, type InvoiceParty, users } from "../db/schema";
import type { Db } from "../lib/context";
import { ApiError } from "../lib/errors";
import { newId, nowIso } from "../lib/ids";
import { log } from "../lib/log";
import type { PaymentRow } from "../payments/payments.queries";
import { type InvoiceDraft, type InvoiceRow, issueNumbered, issueNumberedMany } from "./invoice-numbers";
import { buyerOf, creditedSql, findPaymentInvoice, updateOpenInvoice } from "./invoices.queries";
import { creditLines, defaultTaxRate, lineFromGross, lineFromNet, percentToBasisPoints, totalsOf } from "./tax";

/** One line of what was bought, its unit price tax included (consumer prices are gross). */
export interface ReceiptLine {
  description: string;
  quantity: number;
  unitCents: number;
  /** Basis points (2100 = 21 %); the configured default when left out. */
  taxRate?: number;
}

export function sellerOf(env: Env): InvoiceParty {
  const seller: InvoiceParty = { name: env.INVOICE_SELLER_NAME || "Marquee" };
  if (env.INVOICE_SELLER_ADDRESS) seller.address = env.INVOICE_SELLER_ADDRESS;
  if (env.INVOICE_SELLER_TAX_ID) seller.taxId = env.INVOICE_SELLER_TAX_ID;
  return seller;
}

function draftOf(
  env: Env,
  fields: Pick<InvoiceDraft, "series" | "status" | "userId" | "buyer" | "currency"> &
    Partial<InvoiceDraft> & { lines: InvoiceLine[] },
): InvoiceDraft {
  const now = nowIso();
  return {
    id: newId(),
    paymentId: null,
    refundKey: null,
    creditsInvoiceId: null,
    seller: sellerOf(env),
    issuedAt: now,
    paidAt: fields.status === "paid" ? now : null,
    voidedAt: null,
    voidReason: null,
    createdBy: null,
    ...fields,
    ...totalsOf(fields.lines),
  };
}

/**
 * The paid invoice of a successful charge (one per payment: a second call returns the first).
 * Lines default to one for the payment's description and amount.
 */
export async function issuePaymentInvoice(env: Env, db: Db, payment: PaymentRow, lines?: ReceiptLine[]): Promise<InvoiceRow> {
  const existing = await findPaymentInvoice(db, payment.id);
  if (existing) return existing;
  return issueNumbered(db, paymentDraft(env, payment, (await buyerOf(db, payment.userId)) ?? { name: "Customer" }, lines));
}

/**
 * The invoices of many successful charges at once (a renewal batch), numbered consecutively in
 * one D1 batch; each payment's one line is its description and amount. One per payment, as above.
 */
export async function issuePaymentInvoices(env: Env, db: Db, paid: PaymentRow[]): Promise<InvoiceRow[]> {
  if (paid.length === 0) return [];
  const buyers = await buyersOf(
    db,
    paid.map((p) => p.userId),
  );
  return issueNumberedMany(
    db,
    paid.map((payment) => paymentDraft(env, payment, buyers.get(payment.userId) ?? { name: "Customer" })),
  );
}

/** buyerOf for many users in one read (it belongs beside buyerOf in invoices.queries.ts, which F does not own). */
async function buyersOf(db: Db, userIds: string[]): Promise<Map<string, InvoiceParty>> {
  const rows = await db
    .select({ id: users.id, name: users.name, username: users.username, email: users.email })
    .from(users)
    .where(inArray(users.id, [...new Set(userIds)]))
    .all();
  return new Map(rows.map((u) => [u.id, { name: u.name.trim() || u.username, email: u.email }]));
}

function paymentDraft(env: Env, payment: PaymentRow, buyer: InvoiceParty, lines?: ReceiptLine[]): InvoiceDraft {
  const rate = defaultTaxRate(env);
  const bought = lines?.length ? lines : [{ description: payment.description, quantity: 1, unitCents: payment.amountCents }];
  const priced = bought.map((l) => lineFromGross(l.description, l.quantity, l.unitCents, l.taxRate ?? rate));
  return draftOf(env, {
    series: "INV",
    status: "paid",
    userId: payment.userId,
    paymentId: payment.id,
    buyer,
    currency: payment.currency,
    lines: matchingCharge(priced, payment, rate),
  });
}

/**
 * An invoice totals what was charged. Lines that add up to more (a discount the caller did not
 * list) get the difference taken off in proportion, at each line's rate; to less, an
 * adjustment line. Either is logged: the caller should list the discount itself.
 */
function matchingCharge(lines: InvoiceLine[], payment: PaymentRow, rate: number): InvoiceLine[] {
  const difference = totalsOf(lines).grossCents - payment.amountCents;
  if (difference === 0) return lines;
  log.warn("invoice_lines_differ_from_charge", { paymentId: payment.id, difference });
  if (difference > 0) return [...lines, ...creditLines(lines, difference, "Discount: ")];
  return [...lines, lineFromGross("Adjustment", 1, -difference, rate)];
}

/** The credit note of a card refund, crediting `amountCents` of the payment's invoice; once per refund key. */
export async function issueRefundCreditNote(
  env: Env,
  db: Db,
  invoice: InvoiceRow,
  payment: PaymentRow,
  refund: { key: string; amountCents: number },
): Promise<InvoiceRow> {
  return issueNumbered(
    db,
    draftOf(env, {
      series: "CN",
      status: "paid",
      userId: invoice.userId,
      paymentId: payment.id,
      refundKey: refund.key,
      creditsInvoiceId: invoice.id,
      buyer: invoice.buyer,
      currency: invoice.currency,
      lines: creditLines(invoice.lines, refund.amountCents, "Refund: "),
    }),
  );
}

export interface ManualInvoiceInput {
  userId?: string;
  buyer?: InvoiceParty;
  currency: string;
  lines: { description: string; quantity: number; unitPrice: number; taxRate?: number }[];
}

/** An admin's invoice, priced net (tax added per line), left open until it is paid or voided. */
export async function createManualInvoice(env: Env, db: Db, input: ManualInvoiceInput, adminId: string): Promise<InvoiceRow> {
  const account = input.userId ? await buyerOf(db, input.userId) : undefined;
  if (input.userId && !account) throw new ApiError("not_found", "No such user");
  const rate = defaultTaxRate(env);
  return issueNumbered(
    db,
    draftOf(env, {
      series: "INV",
      status: "open",
      userId: input.userId ?? null,
      buyer: { ...account, ...input.buyer } as InvoiceParty,
      currency: input.currency,
      createdBy: adminId,
      lines: input.lines.map((l) =>
        lineFromNet(l.description, l.quantity, l.unitPrice, l.taxRate === undefined ? rate : percentToBasisPoints(l.taxRate)),
      ),
    }),
  );
}

/** Voids an open invoice; its number stays taken (and shown), so the series keeps no gap. */
export async function voidInvoice(db: Db, invoice: InvoiceRow, reason: string): Promise<InvoiceRow> {
  const row = await updateOpenInvoice(db, invoice.id, { status: "void", voidedAt: nowIso(), voidReason: reason });
  if (!row) throw new ApiError("conflict", `Only an open invoice can be voided; ${invoice.number} is ${invoice.status}`);
  return row;
}

/** Records that a manual invoice was paid outside the card provider (a bank transfer). */
export async function markInvoicePaid(db: Db, invoice: InvoiceRow): Promise<InvoiceRow> {
  if (invoice.paymentId) throw new ApiError("conflict", "A card payment's invoice is paid by its payment");
  const row = await updateOpenInvoice(db, invoice.id, { status: "paid", paidAt: nowIso() }, true);
  if (!row) throw new ApiError("conflict", `Only an open invoice can be marked paid; ${invoice.number} is ${invoice.status}`);
  return row;
}

/**
 * A credit note for a paid invoice settled outside the card provider (card payments are
 * credited by their refund). `amountCents` defaults to all that is not credited yet; more than
 * that answers 409, checked in the same transaction that numbers the note.
 */
export async function issueManualCreditNote(
  env: Env,
  db: Db,
  invoice: InvoiceRow,
  input: { reason: string; amountCents?: number; key: string },
  adminId: string,
): Promise<InvoiceRow> {
  if (invoice.series !== "INV") throw new ApiError("conflict", "A credit note cannot be credited");
  if (invoice.status !== "paid")
    throw new ApiError("conflict", `Only a paid invoice can be credited; ${invoice.number} is ${invoice.status}`);
  if (invoice.paymentId) throw new ApiError("conflict", "A card payment is credited by refunding it");
  const credited = await db.get<{ credited: number }>(sql`SELECT ${creditedSql(invoice.id)} AS credited`);
  const left = invoice.grossCents - credited.credited;
  const amountCents = input.amountCents ?? left;
  const conflict = `Only ${left} cents of ${invoice.number} are left to credit`;
  if (amountCents <= 0 || amountCents > left) throw new ApiError("conflict", conflict);
  return issueNumbered(
    db,
    draftOf(env, {
      series: "CN",
      status: "paid",
      userId: invoice.userId,
      refundKey: `manual:${invoice.id}:${input.key}`,
      creditsInvoiceId: invoice.id,
      buyer: invoice.buyer,
      currency: invoice.currency,
      createdBy: adminId,
      lines: creditLines(invoice.lines, amountCents, `${input.reason}: `),
    }),
    { check: sql`${creditedSql(invoice.id)} + ${amountCents} <= ${invoice.grossCents}`, conflict },
  );
}
