import { api } from "../../api/client";
import { saveDownload } from "../../api/download";
import { ApiError, ok } from "../../api/problem";

/** A period of UTC days, both included, as the API's `from`/`to`. */
export type Range = { from: string; to: string };

const reads = api.admin.analytics;
export type Report = "dashboard" | "sales" | "occupancy" | "active-users" | "retention" | "searches" | "funnel";

/** One query key per read and period. */
export const analyticsKeys = {
  all: ["analytics"] as const,
  report: (report: Report, range: Range) => ["analytics", report, range.from, range.to] as const,
};

/** A table-like read answers JSON or CSV; the page asks for JSON, so anything else is a broken promise. */
function json<T>(body: T): Exclude<T, string | Response> {
  if (typeof body === "string" || body instanceof Response) throw new ApiError(0, "The analytics answer was not JSON.");
  return body as Exclude<T, string | Response>;
}

export const fetchDashboard = async (range: Range) => ok(reads.dashboard.$get({ query: range }));
export const fetchSales = async (range: Range) => json(await ok(reads.sales.$get({ query: range })));
export const fetchOccupancy = async (range: Range) => json(await ok(reads.occupancy.$get({ query: range })));
export const fetchActiveUsers = async (range: Range) => json(await ok(reads["active-users"].$get({ query: range })));
export const fetchRetention = async (range: Range) => json(await ok(reads.retention.$get({ query: range })));
export const fetchSearches = async (range: Range) => json(await ok(reads.searches.$get({ query: range })));
export const fetchFunnel = async (range: Range) => json(await ok(reads.funnel.$get({ query: range })));

export type Sales = Awaited<ReturnType<typeof fetchSales>>;
export type Occupancy = Awaited<ReturnType<typeof fetchOccupancy>>;

/** Every CSV the page offers: the read and, for reads with several tables, which one. */
export type CsvExport =
  | { report: "sales"; table: "day" | "movie" | "theater" }
  | { report: "occupancy"; table: "showtime" | "theater" }
  | { report: "searches"; table: "top" | "no_results" }
  | { report: "active-users" | "retention" | "funnel" };

function csvCall(range: Range, csv: CsvExport) {
  const query = { ...range, format: "csv" as const };
  switch (csv.report) {
    case "sales":
      return reads.sales.$get({ query: { ...query, table: csv.table } });
    case "occupancy":
      return reads.occupancy.$get({ query: { ...query, table: csv.table } });
    case "searches":
      return reads.searches.$get({ query: { ...query, table: csv.table } });
    case "active-users":
      return reads["active-users"].$get({ query });
    case "retention":
      return reads.retention.$get({ query });
    case "funnel":
      return reads.funnel.$get({ query });
  }
}

/** Saves one table as CSV under the name the API gives it. */
export const downloadCsv = (range: Range, csv: CsvExport) => saveDownload(() => csvCall(range, csv), `${csv.report}.csv`);
