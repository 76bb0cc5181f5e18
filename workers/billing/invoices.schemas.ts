import { z } from "@hono/zod-openapi";
import { invoiceSeries, invoiceStatuses } from "../db/schema";
import { PageQuery } from "../lib/pagination";
import type { InvoiceRow } from "./invoice-numbers";
import { basisPointsToPercent } from "./tax";

const cents = (description: string) =>
  z
    .number()
    .int()
    .openapi({ description: `${description}, in cents` });

const PartySchema = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.string().trim().max(254).optional(),
  address: z.string().trim().max(500).optional(),
  taxId: z.string().trim().max(50).optional(),
});

const InvoiceRef = z.object({ id: z.string(), number: z.string().openapi({ example: "INV-2026-000001" }) });

export const InvoiceLineSchema = z
  .object({
    description: z.string(),
    quantity: z.number().int(),
    unitPrice: cents("Unit price before tax"),
    taxRate: z.number().openapi({ description: "Percent", example: 21 }),
    net: cents("Quantity × unit price"),
    tax: cents("Tax on the line"),
    gross: cents("Net plus tax"),
  })
  .openapi("InvoiceLine");

export const InvoiceSchema = z
  .object({
    id: z.string(),
    number: z.string().openapi({ example: "INV-2026-000001" }),
    series: z.enum(invoiceSeries),
    kind: z.enum(["invoice", "credit_note"]),
    status: z.enum(invoiceStatuses),
    issuedAt: z.string(),
    paidAt: z.string().nullable(),
    voidedAt: z.string().nullable(),
    voidReason: z.string().nullable(),
    seller: PartySchema,
    buyer: PartySchema,
    lines: z.array(InvoiceLineSchema),
    currency: z.string().openapi({ example: "usd" }),
    net: cents("Sum of the lines' net"),
    tax: cents("Sum of the lines' tax"),
    gross: cents("Sum of the lines' gross; negative on a credit note"),
    paymentId: z.string().nullable(),
    credits: InvoiceRef.nullable().openapi({ description: "The invoice a credit note credits" }),
    creditNotes: z.array(InvoiceRef).openapi({ description: "The credit notes issued against this invoice" }),
    userId: z.string().nullable(),
    pdfUrl: z.string(),
  })
  .openapi("Invoice");

export type Invoice = z.infer<typeof InvoiceSchema>;
export type InvoiceRef = z.infer<typeof InvoiceRef>;

export function toInvoice(row: InvoiceRow, related: { credits?: InvoiceRef; creditNotes?: InvoiceRef[] } = {}): Invoice {
  return {
    id: row.id,
    number: row.number,
    series: row.series,
    kind: row.series === "CN" ? "credit_note" : "invoice",
    status: row.status,
    issuedAt: row.issuedAt,
    paidAt: row.paidAt,
    voidedAt: row.voidedAt,
    voidReason: row.voidReason,
    seller: row.seller,
    buyer: row.buyer,
    lines: row.lines.map((line) => ({
      description: line.description,
      quantity: line.quantity,
      unitPrice: line.unitCents,
      taxRate: basisPointsToPercent(line.taxRate),
      net: line.netCents,
      tax: line.taxCents,
      gross: line.grossCents,
    })),
    currency: row.currency,
    net: row.netCents,
    tax: row.taxCents,
    gross: row.grossCents,
    paymentId: row.paymentId,
    credits: related.credits ?? null,
    creditNotes: related.creditNotes ?? [],
    userId: row.userId,
    pdfUrl: `/api/invoices/${row.id}/pdf`,
  };
}

export const NewInvoice = z
  .object({
    userId: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .openapi({ description: "The account billed; its name and email are the buyer's" }),
    buyer: PartySchema.optional().openapi({ description: "Who is billed (overrides the account's details)" }),
    currency: z.enum(["usd", "eur", "gbp"]),
    lines: z
      .array(
        z.object({
          description: z.string().trim().min(1).max(300),
          quantity: z.number().int().min(1).max(10_000),
          unitPrice: z.number().int().min(0).max(100_000_000).openapi({ description: "Before tax, in cents" }),
          taxRate: z
            .number()
            .min(0)
            .max(100)
            .optional()
            .openapi({ description: "Percent; the configured default when left out" }),
        }),
      )
      .min(1)
      .max(100),
  })
  .refine((input) => input.userId !== undefined || input.buyer !== undefined, {
    message: "Send userId or buyer",
    path: ["buyer"],
  })
  .openapi("NewInvoice");

export const VoidInvoice = z.object({ reason: z.string().trim().min(1).max(500) }).openapi("VoidInvoice");

export const NewCreditNote = z
  .object({
    reason: z.string().trim().min(1).max(200),
    amount: z
      .number()
      .int()
      .min(1)
      .optional()
      .openapi({ description: "Gross to credit, in cents; all that is left when left out" }),
  })
  .openapi("NewCreditNote");

const day = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z)?$/;

export const InvoiceQuery = PageQuery.extend({
  q: z.string().trim().min(1).max(100).optional().openapi({ description: "Part of the number, or of the buyer's name or email" }),
  userId: z.string().min(1).max(64).optional(),
  series: z.enum(invoiceSeries).optional(),
  status: z.enum(invoiceStatuses).optional(),
  from: z
    .string()
    .regex(day, "An ISO date or UTC date-time")
    .optional()
    .openapi({ description: "Issued at or after (ISO date or date-time)" }),
  to: z
    .string()
    .regex(day, "An ISO date or UTC date-time")
    .optional()
    .openapi({ description: "Issued at or before; a date includes that whole day" }),
});
