import { api } from "../../api/client";
import { type OkBody, ok } from "../../api/problem";

const PAGE = "20";

export type InvoiceStatus = "open" | "paid" | "void";
export type InvoiceSeries = "INV" | "CN";

export interface InvoiceFilters {
  q: string;
  status: InvoiceStatus | "";
  series: InvoiceSeries | "";
}

const searchCall = (filters: InvoiceFilters, cursor?: string) =>
  api.invoices.$get({
    query: {
      limit: PAGE,
      ...(filters.q.trim() ? { q: filters.q.trim() } : {}),
      ...(filters.status ? { status: filters.status } : {}),
      ...(filters.series ? { series: filters.series } : {}),
      ...(cursor ? { cursor } : {}),
    },
  });
export type Invoice = OkBody<Awaited<ReturnType<(typeof api.invoices)[":id"]["$get"]>>>;
export type InvoiceRow = OkBody<Awaited<ReturnType<typeof searchCall>>>["items"][number];
export type NewInvoice = Parameters<typeof api.invoices.$post>[0]["json"];
export type Plan = OkBody<Awaited<ReturnType<(typeof api.plans)[":id"]["$get"]>>>;
export type NewPlan = Parameters<typeof api.plans.$post>[0]["json"];
export type PlanChange = Parameters<(typeof api.plans)[":id"]["$patch"]>[0]["json"];

/** Query keys: one prefix per resource, so one invalidation after a change refreshes lists and pages. */
export const billingKeys = {
  invoices: ["invoices"] as const,
  invoiceSearch: (filters: InvoiceFilters) => ["invoices", "search", filters] as const,
  invoice: (id: string) => ["invoices", id] as const,
  plans: ["plans", "all"] as const,
};

export const statusLabels: Record<InvoiceStatus, string> = { open: "Open", paid: "Paid", void: "Void" };
export const seriesLabels: Record<InvoiceSeries, string> = { INV: "Invoices (INV)", CN: "Credit notes (CN)" };

export const searchInvoices = (filters: InvoiceFilters, cursor?: string) => ok(searchCall(filters, cursor));
export const fetchInvoice = (id: string) => ok(api.invoices[":id"].$get({ param: { id } }));
export const createInvoice = (json: NewInvoice) => ok(api.invoices.$post({ json }));
export const voidInvoice = (id: string, reason: string) =>
  ok(api.invoices[":id"].void.$post({ param: { id }, json: { reason } }));
export const markPaid = (id: string) => ok(api.invoices[":id"].pay.$post({ param: { id } }));

export const fetchPlans = () => ok(api.plans.$get({ query: { include: "archived" } }));
export const createPlan = (json: NewPlan) => ok(api.plans.$post({ json }));
export const updatePlan = (id: string, json: PlanChange) => ok(api.plans[":id"].$patch({ param: { id }, json }));
export const deletePlan = (id: string) => ok(api.plans[":id"].$delete({ param: { id } }));

/** "12.50" or "12,50" → 1250 cents; undefined when it is not an amount of money. */
export function parseAmount(text: string): number | undefined {
  const normalised = text.trim().replace(",", ".");
  if (!/^\d+(\.\d{1,2})?$/.test(normalised)) return undefined;
  return Math.round(Number(normalised) * 100);
}
