import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { Skeleton } from "../../components/Problem";
import { money, when } from "../../lib/format";
import { DataTable } from "../DataTable";
import { LoadMore } from "../LoadMore";
import {
  billingKeys,
  type InvoiceFilters,
  type InvoiceSeries,
  type InvoiceStatus,
  searchInvoices,
  seriesLabels,
  statusLabels,
} from "./queries";

const DEBOUNCE_MS = 300;

/** The search lives in the address, so it survives opening an invoice and coming back. */
function useFilters(): [InvoiceFilters, (change: Partial<InvoiceFilters>) => void] {
  const [params, setParams] = useSearchParams();
  const status = params.get("status") ?? "";
  const series = params.get("series") ?? "";
  const filters: InvoiceFilters = {
    q: params.get("q") ?? "",
    status: status in statusLabels ? (status as InvoiceStatus) : "",
    series: series in seriesLabels ? (series as InvoiceSeries) : "",
  };
  const change = (next: Partial<InvoiceFilters>) => {
    const merged = { ...filters, ...next };
    setParams(Object.fromEntries(Object.entries(merged).filter(([, value]) => value)), { replace: true });
  };
  return [filters, change];
}

/** `/staff/billing/invoices`: invoices and credit notes of every account, by number, name or email. */
export function Invoices() {
  const [filters, change] = useFilters();
  const [text, setText] = useState(filters.q);
  const id = useId();
  const results = useInfiniteQuery({
    queryKey: billingKeys.invoiceSearch(filters),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => searchInvoices(filters, pageParam),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });

  // Typing searches once the person pauses; Enter searches at once.
  useEffect(() => {
    const trimmed = text.trim();
    if (trimmed === filters.q) return;
    const timer = setTimeout(() => change({ q: trimmed }), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  });

  const invoices = results.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <div className="billing-heading">
        <h2>Invoices</h2>
        <Link className="button primary" to="/staff/billing/invoices/new">
          New invoice
        </Link>
      </div>
      <search>
        <form
          className="billing-search"
          onSubmit={(event) => {
            event.preventDefault();
            change({ q: text.trim() });
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-q`}>Search invoices</label>
            <input
              id={`${id}-q`}
              type="search"
              value={text}
              onChange={(event) => setText(event.target.value)}
              aria-describedby={`${id}-q-hint`}
              autoComplete="off"
              spellCheck={false}
            />
            <small id={`${id}-q-hint`} className="hint">
              A number (INV-2026-000001), or the buyer's name or email.
            </small>
          </div>
          <div className="field">
            <label htmlFor={`${id}-status`}>Status</label>
            <select
              id={`${id}-status`}
              value={filters.status}
              onChange={(event) => change({ status: event.target.value as InvoiceStatus | "" })}
            >
              <option value="">Any status</option>
              {Object.entries(statusLabels).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-series`}>Series</label>
            <select
              id={`${id}-series`}
              value={filters.series}
              onChange={(event) => change({ series: event.target.value as InvoiceSeries | "" })}
            >
              <option value="">Invoices and credit notes</option>
              {Object.entries(seriesLabels).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">Search</button>
        </form>
      </search>

      <h3 id={`${id}-results`} className="visually-hidden">
        Matching invoices
      </h3>
      <p role="status" className="hint">
        {results.isSuccess && !results.isPlaceholderData
          ? invoices.length === 0
            ? "No invoice matches."
            : `${invoices.length}${results.hasNextPage ? "+" : ""} ${invoices.length === 1 ? "invoice" : "invoices"} shown.`
          : ""}
      </p>
      {results.isPending ? (
        <Skeleton rows={5} label="Loading invoices" />
      ) : invoices.length > 0 ? (
        <DataTable
          labelledBy={`${id}-results`}
          busy={results.isFetching && !results.isFetchingNextPage}
          className="invoice-table"
          columns={["Number", "Buyer", "Status", "Issued", "Total"]}
        >
          {invoices.map((invoice) => (
            <tr key={invoice.id}>
              <th scope="row">
                <Link to={`/staff/billing/invoices/${invoice.id}`}>{invoice.number}</Link>
                {invoice.kind === "credit_note" && <span className="tag">credit note</span>}
              </th>
              <td className="billing-buyer">
                {invoice.buyer.name}
                {invoice.buyer.email && <span className="hint"> {invoice.buyer.email}</span>}
              </td>
              <td>
                <span className={`invoice-status ${invoice.status}`}>{statusLabels[invoice.status]}</span>
              </td>
              <td>
                <time dateTime={invoice.issuedAt}>{when(invoice.issuedAt)}</time>
              </td>
              <td className="num">{money(invoice.gross, invoice.currency)}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      <LoadMore list={results} label="Show more invoices" className="billing-more" />
    </>
  );
}
