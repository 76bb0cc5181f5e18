import { createRoute, z } from "@hono/zod-openapi";
import { requireAdmin, requireAuth } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { IdParam } from "../lib/id-param";
import { IdempotencyHeader } from "../lib/idempotency";
import { jsonBody, jsonResponse } from "../lib/openapi";
import { PageQuery, pageOf } from "../lib/pagination";
import { InvoiceQuery, InvoiceSchema, NewCreditNote, NewInvoice, VoidInvoice } from "./invoices.schemas";

const authed = { tags: ["invoices"], security: bearerAuth, middleware: [requireAuth()] };
const admin = { tags: ["invoices"], security: bearerAuth, middleware: [requireAdmin] };

export const listMyInvoices = createRoute({
  ...authed,
  method: "get",
  path: "/me/invoices",
  summary: "Your invoices and credit notes, newest first",
  request: { query: PageQuery },
  responses: { 200: jsonResponse(pageOf(InvoiceSchema), "Invoices"), ...pickErrors(400, 401) },
});

export const getInvoice = createRoute({
  ...authed,
  method: "get",
  path: "/invoices/{id}",
  summary: "One invoice or credit note (yours, or any for an admin)",
  request: { params: IdParam },
  responses: { 200: jsonResponse(InvoiceSchema, "The invoice"), ...pickErrors(401, 404) },
});

export const getInvoicePdf = createRoute({
  ...authed,
  method: "get",
  path: "/invoices/{id}/pdf",
  summary: "An invoice or credit note as a PDF download (yours, or any for an admin)",
  description: 'A4, named after its number: `content-disposition: attachment; filename="INV-2026-000001.pdf"`.',
  request: { params: IdParam },
  responses: {
    200: { description: "The PDF", content: { "application/pdf": { schema: z.string().openapi({ format: "binary" }) } } },
    ...pickErrors(401, 404),
  },
});

export const searchInvoices = createRoute({
  ...admin,
  method: "get",
  path: "/invoices",
  summary: "Search every invoice and credit note (admin), newest first",
  description:
    "`q` matches part of the number or of the buyer's name or email; `from`/`to` bound the issue time (a date alone covers its whole day).",
  request: { query: InvoiceQuery },
  responses: { 200: jsonResponse(pageOf(InvoiceSchema), "Invoices"), ...pickErrors(400, 401, 403) },
});

export const createInvoice = createRoute({
  ...admin,
  method: "post",
  path: "/invoices",
  summary: "Issue a manual invoice (admin)",
  description:
    "Lines are priced before tax; each line's tax is added at its `taxRate` (percent, the configured default when left out). The invoice takes the next INV number and stays open until it is marked paid or voided.",
  request: { body: jsonBody(NewInvoice) },
  responses: { 201: jsonResponse(InvoiceSchema, "The open invoice"), ...pickErrors(400, 401, 403, 404) },
});

export const voidInvoice = createRoute({
  ...admin,
  method: "post",
  path: "/invoices/{id}/void",
  summary: "Void an open invoice (admin); it keeps its number",
  request: { params: IdParam, body: jsonBody(VoidInvoice) },
  responses: { 200: jsonResponse(InvoiceSchema, "The void invoice"), ...pickErrors(400, 401, 403, 404, 409) },
});

export const payInvoice = createRoute({
  ...admin,
  method: "post",
  path: "/invoices/{id}/pay",
  summary: "Mark a manual open invoice paid (admin), e.g. after a bank transfer",
  request: { params: IdParam },
  responses: { 200: jsonResponse(InvoiceSchema, "The paid invoice"), ...pickErrors(401, 403, 404, 409) },
});

export const createCreditNote = createRoute({
  ...admin,
  method: "post",
  path: "/invoices/{id}/credit-notes",
  summary: "Credit a paid manual invoice (admin)",
  description:
    "Issues a CN credit note for `amount` (gross cents; all that is not credited yet when left out). Card payments are credited by refunding them instead (409 here). More than is left to credit answers 409. Send an `Idempotency-Key`: a retry returns the first note.",
  request: { params: IdParam, headers: IdempotencyHeader, body: jsonBody(NewCreditNote) },
  responses: { 201: jsonResponse(InvoiceSchema, "The credit note"), ...pickErrors(400, 401, 403, 404, 409, 422) },
});
