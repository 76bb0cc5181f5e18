import { api } from "../../api/client";
import { type OkBody, ok } from "../../api/problem";

const PAGE = "25";

export type AuditFilters = {
  actor: string;
  action: string;
  target: string;
  from: string;
  to: string;
};
export type ErrorSource = NonNullable<Parameters<typeof api.admin.errors.$get>[0]["query"]["source"]>;
export type ErrorFilters = {
  source: ErrorSource | "";
  route: string;
  from: string;
  to: string;
};

/** Only the filters that are set: an empty field is no filter. */
const given = <T extends object>(filters: T) =>
  Object.fromEntries(
    Object.entries(filters).filter(([, value]) => typeof value === "string" && value.trim() !== ""),
  ) as Partial<T>;

const summaryCall = () => api.admin.monitor.summary.$get();
const auditCall = (filters: AuditFilters, cursor?: string) =>
  api.admin.audit.$get({ query: { limit: PAGE, ...given(filters), ...(cursor ? { cursor } : {}) } });
const errorsCall = (filters: ErrorFilters, cursor?: string) =>
  api.admin.errors.$get({
    query: { limit: PAGE, ...given(filters), source: filters.source || undefined, ...(cursor ? { cursor } : {}) },
  });

export type MonitorSummary = OkBody<Awaited<ReturnType<typeof summaryCall>>>;
export type Breaker = MonitorSummary["breakers"][number];
export type AuditEntry = OkBody<Awaited<ReturnType<typeof auditCall>>>["items"][number];
export type ErrorEntry = OkBody<Awaited<ReturnType<typeof errorsCall>>>["items"][number];

export const errorSources: Record<ErrorSource, string> = {
  request: "Request",
  queue: "Queue",
  cron: "Cron",
  email: "Email",
  durable_object: "Durable Object",
};

export const opsKeys = {
  summary: ["ops", "summary"] as const,
  audit: (filters: AuditFilters) => ["ops", "audit", filters] as const,
  errors: (filters: ErrorFilters) => ["ops", "errors", filters] as const,
};

export const fetchSummary = () => ok(summaryCall());
export const fetchAudit = (filters: AuditFilters, cursor?: string) => ok(auditCall(filters, cursor));
export const fetchErrors = (filters: ErrorFilters, cursor?: string) => ok(errorsCall(filters, cursor));
