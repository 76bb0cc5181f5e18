import type { Context } from "hono";
import type { AppEnv, Db } from "../lib/context";
import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { idempotent } from "../lib/idempotency";
import { decodeCursor, page } from "../lib/pagination";
import type { InvoiceRow } from "./invoice-numbers";
import { invoiceFileName, renderInvoicePdf } from "./invoice-pdf";
import { creditedInvoicesOf, creditNotesOf, findInvoice, listInvoices } from "./invoices.queries";
import * as routes from "./invoices.routes";
import { type Invoice, toInvoice } from "./invoices.schemas";
import { createManualInvoice, issueManualCreditNote, markInvoicePaid, voidInvoice } from "./invoices.writes";

/** The invoice `id` if the caller may see it (its owner, or an admin); others get the same 404 as for none. */
async function visibleInvoice(c: Context<AppEnv>, id: string): Promise<InvoiceRow> {
  const auth = c.get("auth");
  const row = await findInvoice(c.get("db"), id);
  if (!row || (row.userId !== auth.userId && auth.role !== "admin")) throw new ApiError("not_found", "No such invoice");
  return row;
}

/** Rows as API invoices, with the numbers of the invoices and credit notes they refer to (two queries per page). */
async function withReferences(db: Db, rows: InvoiceRow[]): Promise<Invoice[]> {
  const [notes, credited] = await Promise.all([
    creditNotesOf(
      db,
      rows.map((r) => r.id),
    ),
    creditedInvoicesOf(db, rows),
  ]);
  return rows.map((row) =>
    toInvoice(row, {
      creditNotes: notes.get(row.id),
      credits: row.creditsInvoiceId ? credited.get(row.creditsInvoiceId) : undefined,
    }),
  );
}

const one = async (db: Db, row: InvoiceRow) => (await withReferences(db, [row]))[0];

async function pageOfInvoices(db: Db, rows: InvoiceRow[], limit: number) {
  const cut = page(
    rows,
    limit,
    (r) => [r.issuedAt, r.id],
    (r) => r,
  );
  return { items: await withReferences(db, cut.items), nextCursor: cut.nextCursor };
}

const afterOf = (cursor: string | undefined) => {
  const after = decodeCursor(cursor);
  return after ? ([String(after[0]), String(after[1])] as [string, string]) : undefined;
};

/** A date alone as the end of a range means the whole of that day. */
const endOf = (to: string | undefined) => (to && to.length === 10 ? `${to}T23:59:59.999Z` : to);

export const invoicesRouter = createRouter()
  .openapi(routes.listMyInvoices, async (c) => {
    const db = c.get("db");
    const { limit, cursor } = c.req.valid("query");
    const rows = await listInvoices(db, { userId: c.get("auth").userId }, limit, afterOf(cursor));
    return c.json(await pageOfInvoices(db, rows, limit), 200);
  })
  .openapi(routes.searchInvoices, async (c) => {
    const db = c.get("db");
    const { limit, cursor, to, ...filter } = c.req.valid("query");
    const rows = await listInvoices(db, { ...filter, to: endOf(to) }, limit, afterOf(cursor));
    return c.json(await pageOfInvoices(db, rows, limit), 200);
  })
  .openapi(routes.getInvoice, async (c) => {
    const row = await visibleInvoice(c, c.req.valid("param").id);
    return c.json(await one(c.get("db"), row), 200);
  })
  .openapi(routes.getInvoicePdf, async (c) => {
    const invoice = await one(c.get("db"), await visibleInvoice(c, c.req.valid("param").id));
    const pdf = await renderInvoicePdf(invoice);
    return c.body(pdf.slice().buffer, 200, {
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="${invoiceFileName(invoice)}"`,
      "cache-control": "private, no-store",
    });
  })
  .openapi(routes.createInvoice, async (c) => {
    const db = c.get("db");
    const row = await createManualInvoice(c.env, db, c.req.valid("json"), c.get("auth").userId);
    return c.json(await one(db, row), 201, { location: `/api/invoices/${row.id}` });
  })
  .openapi(routes.voidInvoice, async (c) => {
    const db = c.get("db");
    const invoice = await visibleInvoice(c, c.req.valid("param").id);
    return c.json(await one(db, await voidInvoice(db, invoice, c.req.valid("json").reason)), 200);
  })
  .openapi(routes.payInvoice, async (c) => {
    const db = c.get("db");
    const invoice = await visibleInvoice(c, c.req.valid("param").id);
    return c.json(await one(db, await markInvoicePaid(db, invoice)), 200);
  })
  .openapi(routes.createCreditNote, async (c) => {
    const db = c.get("db");
    const { userId } = c.get("auth");
    const { id } = c.req.valid("param");
    const key = c.req.valid("header")["idempotency-key"];
    const input = c.req.valid("json");
    const result = await idempotent<Invoice>(db, { userId, key: `credit-note:${key}`, request: { id, ...input } }, async () => {
      const invoice = await visibleInvoice(c, id);
      const note = await issueManualCreditNote(c.env, db, invoice, { ...input, amountCents: input.amount, key }, userId);
      return { status: 201, body: await one(db, note) };
    });
    if (result.replayed) c.header("idempotent-replayed", "true");
    return c.json(result.body, 201, { location: `/api/invoices/${result.body.id}` });
  });
