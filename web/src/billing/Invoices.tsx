import { useMutation } from "@tanstack/react-query";
import { Problem, Skeleton } from "../components/Problem";
import { money } from "../lib/format";
import { LoadMore } from "../library/LoadMore";
import { downloadInvoicePdf } from "./invoice-pdf";
import { type Invoice, useInvoicePages } from "./queries";
import { day } from "./words";

const statusNames: Record<Invoice["status"], string> = { open: "Open", paid: "Paid", void: "Void" };

function InvoiceRow({ invoice }: { invoice: Invoice }) {
  const download = useMutation({ mutationFn: () => downloadInvoicePdf(invoice) });
  const credit = invoice.kind === "credit_note";
  return (
    <li>
      <p className="invoice-line">
        <span>
          <span className="invoice-number">{invoice.number}</span>
          {credit && <span className="tag">Credit note</span>}
        </span>
        <span>{day(invoice.issuedAt)}</span>
        <span>{money(credit ? -Math.abs(invoice.gross) : invoice.gross, invoice.currency)}</span>
        <span>{statusNames[invoice.status]}</span>
      </p>
      {credit && invoice.credits && <p className="hint">Credits {invoice.credits.number}</p>}
      <div className="actions">
        <button type="button" disabled={download.isPending} onClick={() => download.mutate()}>
          Download PDF<span className="visually-hidden"> of {invoice.number}</span>
        </button>
      </div>
      {download.isError && <Problem error={download.error} />}
    </li>
  );
}

/** Invoices and credit notes, newest first, a page at a time. */
export function Invoices() {
  const pages = useInvoicePages();
  const invoices = pages.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="billing-section" aria-labelledby="invoices-heading">
      <h2 id="invoices-heading">Invoices</h2>
      {pages.isPending && <Skeleton rows={3} label="Loading your invoices" />}
      {pages.isError && <Problem error={pages.error} onRetry={() => void pages.refetch()} />}
      {pages.data && invoices.length === 0 && <p>No invoices yet. Each payment gets one here.</p>}
      {invoices.length > 0 && (
        <ul className="invoice-list" aria-label="Your invoices">
          {invoices.map((invoice) => (
            <InvoiceRow key={invoice.id} invoice={invoice} />
          ))}
        </ul>
      )}
      <LoadMore hasMore={!!pages.hasNextPage} loading={pages.isFetchingNextPage} onMore={() => void pages.fetchNextPage()} />
    </section>
  );
}
