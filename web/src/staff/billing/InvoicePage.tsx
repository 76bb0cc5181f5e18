import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { Link, useParams } from "react-router";
import { downloadInvoicePdf } from "../../billing/invoice-pdf";
import { Problem, Skeleton } from "../../components/Problem";
import { money, when } from "../../lib/format";
import { DataTable } from "../DataTable";
import { billingKeys, fetchInvoice, type Invoice, markPaid, statusLabels, voidInvoice } from "./queries";

/** "Void invoice" opens a reason field; voiding keeps the number (nothing is deleted). */
function VoidForm({ invoice, onDone }: { invoice: Invoice; onDone: (message: string) => void }) {
  const queryClient = useQueryClient();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [missing, setMissing] = useState(false);
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (open) field.current?.focus();
  }, [open]);
  const cancel = useMutation({
    mutationFn: () => voidInvoice(invoice.id, reason.trim()),
    onSuccess: (voided) => {
      queryClient.setQueryData(billingKeys.invoice(invoice.id), voided);
      setOpen(false);
      onDone(`${voided.number} is void. Its number stays taken.`);
      void queryClient.invalidateQueries({ queryKey: billingKeys.invoices });
    },
  });
  if (!open)
    return (
      <button type="button" className="danger" onClick={() => setOpen(true)}>
        Void invoice
      </button>
    );
  return (
    <form
      className="void-form"
      aria-labelledby={`${id}-h`}
      onSubmit={(event) => {
        event.preventDefault();
        if (!reason.trim()) {
          setMissing(true);
          field.current?.focus();
          return;
        }
        cancel.mutate();
      }}
    >
      <h3 id={`${id}-h`}>Void {invoice.number}</h3>
      <div className="field">
        <label htmlFor={`${id}-reason`}>Reason</label>
        <textarea
          ref={field}
          id={`${id}-reason`}
          value={reason}
          rows={2}
          aria-invalid={missing || undefined}
          aria-describedby={missing ? `${id}-error` : `${id}-hint`}
          onChange={(event) => {
            setMissing(false);
            setReason(event.target.value);
          }}
        />
        <small id={`${id}-hint`} className="hint">
          Kept with the invoice and printed on it.
        </small>
        {missing && (
          <small id={`${id}-error`} className="field-error">
            Say why the invoice is voided
          </small>
        )}
      </div>
      {cancel.isError && <Problem error={cancel.error} />}
      <div className="actions">
        <button type="submit" className="danger" disabled={cancel.isPending}>
          {cancel.isPending ? "Voiding…" : "Void invoice"}
        </button>
        <button type="button" onClick={() => setOpen(false)} disabled={cancel.isPending}>
          Keep it
        </button>
      </div>
    </form>
  );
}

/** `/staff/billing/invoices/:id`: an invoice or credit note as issued, with its PDF, and void / mark paid for open ones. */
export function InvoicePage() {
  const { id = "" } = useParams();
  const queryClient = useQueryClient();
  const [said, setSaid] = useState("");
  const invoice = useQuery({ queryKey: billingKeys.invoice(id), queryFn: () => fetchInvoice(id) });
  const pdf = useMutation({ mutationFn: downloadInvoicePdf });
  const pay = useMutation({
    mutationFn: () => markPaid(id),
    onMutate: () => setSaid(""),
    onSuccess: (paid) => {
      queryClient.setQueryData(billingKeys.invoice(id), paid);
      setSaid(`${paid.number} is marked paid.`);
      void queryClient.invalidateQueries({ queryKey: billingKeys.invoices });
    },
  });
  const back = (
    <p>
      <Link to="/staff/billing/invoices">← All invoices</Link>
    </p>
  );
  if (invoice.isPending)
    return (
      <>
        {back}
        <Skeleton rows={6} label="Loading the invoice" />
      </>
    );
  if (invoice.isError)
    return (
      <>
        {back}
        <h2>Invoice</h2>
        <Problem error={invoice.error} onRetry={() => void invoice.refetch()} />
      </>
    );
  const inv = invoice.data;
  return (
    <div className="invoice-page">
      {back}
      <h2>
        {inv.kind === "credit_note" ? "Credit note" : "Invoice"} {inv.number}{" "}
        <span className={`invoice-status ${inv.status}`}>{statusLabels[inv.status]}</span>
      </h2>
      <dl className="billing-details">
        <dt>Status</dt>
        <dd>
          {statusLabels[inv.status]}
          {inv.paidAt && (
            <>
              {" "}
              · paid <time dateTime={inv.paidAt}>{when(inv.paidAt)}</time>
            </>
          )}
          {inv.voidedAt && (
            <>
              {" "}
              · voided <time dateTime={inv.voidedAt}>{when(inv.voidedAt)}</time>
              {inv.voidReason && `: ${inv.voidReason}`}
            </>
          )}
        </dd>
        <dt>Issued</dt>
        <dd>
          <time dateTime={inv.issuedAt}>{when(inv.issuedAt)}</time>
        </dd>
        <dt>Buyer</dt>
        <dd>
          {[inv.buyer.name, inv.buyer.email, inv.buyer.address, inv.buyer.taxId && `Tax id ${inv.buyer.taxId}`]
            .filter(Boolean)
            .join(" · ")}
          {inv.userId && (
            <>
              {" "}
              <Link to={`/staff/users/${inv.userId}`}>account</Link>
            </>
          )}
        </dd>
        <dt>Seller</dt>
        <dd>
          {[inv.seller.name, inv.seller.address, inv.seller.taxId && `Tax id ${inv.seller.taxId}`].filter(Boolean).join(" · ")}
        </dd>
        <dt>Paid by</dt>
        <dd>{inv.paymentId ? `card payment ${inv.paymentId}` : "no card payment (manual)"}</dd>
        {inv.credits && (
          <>
            <dt>Credits</dt>
            <dd>
              <Link to={`/staff/billing/invoices/${inv.credits.id}`}>{inv.credits.number}</Link>
            </dd>
          </>
        )}
        {inv.creditNotes.length > 0 && (
          <>
            <dt>Credit notes</dt>
            <dd>
              {inv.creditNotes.map((note, index) => (
                <span key={note.id}>
                  {index > 0 && ", "}
                  <Link to={`/staff/billing/invoices/${note.id}`}>{note.number}</Link>
                </span>
              ))}
            </dd>
          </>
        )}
      </dl>
      <DataTable
        label="Lines"
        className="invoice-lines"
        columns={["Description", "Quantity", "Unit price", "Tax", "Net", "Gross"]}
      >
        {inv.lines.map((line, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines are fixed once issued; their place is who they are.
          <tr key={index}>
            <th scope="row">{line.description}</th>
            <td className="num">{line.quantity}</td>
            <td className="num">{money(line.unitPrice, inv.currency)}</td>
            <td className="num">
              {line.taxRate} % · {money(line.tax, inv.currency)}
            </td>
            <td className="num">{money(line.net, inv.currency)}</td>
            <td className="num">{money(line.gross, inv.currency)}</td>
          </tr>
        ))}
      </DataTable>
      <dl className="billing-totals">
        <dt>Net</dt>
        <dd>{money(inv.net, inv.currency)}</dd>
        <dt>Tax</dt>
        <dd>{money(inv.tax, inv.currency)}</dd>
        <dt>Total</dt>
        <dd>
          <strong>{money(inv.gross, inv.currency)}</strong>
        </dd>
      </dl>
      <div className="actions">
        <button type="button" onClick={() => pdf.mutate(inv)} disabled={pdf.isPending}>
          {pdf.isPending ? "Preparing the PDF…" : "Download PDF"}
        </button>
        {inv.status === "open" && !inv.paymentId && (
          <button type="button" className="primary" onClick={() => pay.mutate()} disabled={pay.isPending}>
            {pay.isPending ? "Marking paid…" : "Mark paid"}
          </button>
        )}
      </div>
      {inv.status === "open" && <VoidForm invoice={inv} onDone={setSaid} />}
      {pdf.isError && <Problem error={pdf.error} />}
      {pay.isError && <Problem error={pay.error} />}
      <p role="status">{said}</p>
    </div>
  );
}
