import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Link, useNavigate } from "react-router";
import { ApiError } from "../../api/problem";
import { Field, fieldError } from "../../components/Field";
import { Problem } from "../../components/Problem";
import { money } from "../../lib/format";
import { type NewInvoice as Body, billingKeys, createInvoice, parseAmount } from "./queries";

interface Line {
  key: string;
  description: string;
  quantity: string;
  unitPrice: string;
  taxRate: string;
}

const blankLine = (): Line => ({ key: crypto.randomUUID(), description: "", quantity: "1", unitPrice: "", taxRate: "" });
const CURRENCIES = ["usd", "eur", "gbp"] as const;

/** What is wrong with a line as typed; an empty object when it can be sent. */
function lineProblems(line: Line) {
  const quantity = Number(line.quantity);
  const rate = line.taxRate.trim() === "" ? 0 : Number(line.taxRate.replace(",", "."));
  return {
    description: line.description.trim() ? undefined : "Describe what is billed",
    quantity: Number.isInteger(quantity) && quantity >= 1 ? undefined : "A whole number, 1 or more",
    unitPrice: parseAmount(line.unitPrice) === undefined ? "An amount such as 12.50" : undefined,
    taxRate: Number.isFinite(rate) && rate >= 0 && rate <= 100 ? undefined : "A percent from 0 to 100",
  };
}

/** `/staff/billing/invoices/new`: a manual invoice (bank transfer, a corporate booking), issued open. */
export function NewInvoice() {
  const id = useId();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [buyer, setBuyer] = useState({ userId: "", name: "", email: "", address: "", taxId: "" });
  const [currency, setCurrency] = useState<(typeof CURRENCIES)[number]>("usd");
  const [lines, setLines] = useState<Line[]>([blankLine()]);
  const [checked, setChecked] = useState(false);
  const create = useMutation({
    mutationFn: createInvoice,
    onSuccess: (invoice) => {
      queryClient.setQueryData(billingKeys.invoice(invoice.id), invoice);
      void queryClient.invalidateQueries({ queryKey: billingKeys.invoices });
      navigate(`/staff/billing/invoices/${invoice.id}`);
    },
  });
  const apiError = (path: string) =>
    create.error instanceof ApiError && create.error.status === 400 ? fieldError(create.error, path) : undefined;
  const buyerMissing = !buyer.userId.trim() && !buyer.name.trim() ? "Give the buyer's name, or an account id" : undefined;
  const problems = lines.map(lineProblems);
  const netTotal = lines.reduce((sum, line) => sum + (parseAmount(line.unitPrice) ?? 0) * (Number(line.quantity) || 0), 0);

  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setChecked(true);
    if (buyerMissing || problems.some((p) => Object.values(p).some(Boolean))) {
      // The first field to fix takes the focus once the errors are drawn.
      const form = event.currentTarget;
      requestAnimationFrame(() => form.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    const party = {
      name: buyer.name.trim(),
      ...(buyer.email.trim() ? { email: buyer.email.trim() } : {}),
      ...(buyer.address.trim() ? { address: buyer.address.trim() } : {}),
      ...(buyer.taxId.trim() ? { taxId: buyer.taxId.trim() } : {}),
    };
    const body: Body = {
      currency,
      ...(buyer.userId.trim() ? { userId: buyer.userId.trim() } : {}),
      ...(party.name ? { buyer: party } : {}),
      lines: lines.map((line) => ({
        description: line.description.trim(),
        quantity: Number(line.quantity),
        unitPrice: parseAmount(line.unitPrice) ?? 0,
        ...(line.taxRate.trim() ? { taxRate: Number(line.taxRate.replace(",", ".")) } : {}),
      })),
    };
    create.mutate(body);
  };
  const setLine = (key: string, field: keyof Line) => (event: React.ChangeEvent<HTMLInputElement>) =>
    setLines((now) => now.map((line) => (line.key === key ? { ...line, [field]: event.target.value } : line)));
  const setParty = (field: keyof typeof buyer) => (event: React.ChangeEvent<HTMLInputElement>) =>
    setBuyer((now) => ({ ...now, [field]: event.target.value }));

  return (
    <>
      <p>
        <Link to="/staff/billing/invoices">← All invoices</Link>
      </p>
      <h2>New invoice</h2>
      <p className="hint">Issued open with the next INV number; mark it paid when the money arrives, or void it.</p>
      <form className="invoice-form" onSubmit={submit} noValidate aria-busy={create.isPending}>
        <fieldset>
          <legend>Buyer</legend>
          <Field
            label="Buyer name"
            value={buyer.name}
            onChange={setParty("name")}
            error={(checked ? buyerMissing : undefined) ?? apiError("buyer.name") ?? apiError("buyer")}
          />
          <Field
            label="Buyer email (optional)"
            type="email"
            value={buyer.email}
            onChange={setParty("email")}
            error={apiError("buyer.email")}
          />
          <Field label="Address (optional)" value={buyer.address} onChange={setParty("address")} />
          <Field label="Tax id (optional)" value={buyer.taxId} onChange={setParty("taxId")} />
          <Field
            label="Account id (optional)"
            value={buyer.userId}
            onChange={setParty("userId")}
            hint="Bills a Marquee account: its name and email are used where the fields above are empty."
            error={apiError("userId")}
          />
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-currency`}>Currency</label>
          <select id={`${id}-currency`} value={currency} onChange={(event) => setCurrency(event.target.value as typeof currency)}>
            {CURRENCIES.map((code) => (
              <option key={code} value={code}>
                {code.toUpperCase()}
              </option>
            ))}
          </select>
        </div>
        {lines.map((line, index) => (
          <fieldset key={line.key} className="invoice-line">
            <legend>Line {index + 1}</legend>
            <Field
              label="Description"
              value={line.description}
              onChange={setLine(line.key, "description")}
              error={(checked ? problems[index].description : undefined) ?? apiError(`lines.${index}.description`)}
            />
            <div className="invoice-line-numbers">
              <Field
                label="Quantity"
                inputMode="numeric"
                value={line.quantity}
                onChange={setLine(line.key, "quantity")}
                error={(checked ? problems[index].quantity : undefined) ?? apiError(`lines.${index}.quantity`)}
              />
              <Field
                label="Unit price before tax"
                inputMode="decimal"
                value={line.unitPrice}
                onChange={setLine(line.key, "unitPrice")}
                error={(checked ? problems[index].unitPrice : undefined) ?? apiError(`lines.${index}.unitPrice`)}
              />
              <Field
                label="Tax rate % (optional)"
                inputMode="decimal"
                value={line.taxRate}
                onChange={setLine(line.key, "taxRate")}
                hint="Left empty: the standard rate."
                error={(checked ? problems[index].taxRate : undefined) ?? apiError(`lines.${index}.taxRate`)}
              />
            </div>
            {lines.length > 1 && (
              <button type="button" onClick={() => setLines((now) => now.filter((other) => other.key !== line.key))}>
                Remove line {index + 1}
              </button>
            )}
          </fieldset>
        ))}
        <div className="actions">
          <button type="button" onClick={() => setLines((now) => [...now, blankLine()])}>
            Add a line
          </button>
        </div>
        <p>
          Net before tax: <strong>{money(netTotal, currency)}</strong>
        </p>
        {create.isError && <Problem error={create.error} />}
        <div className="actions">
          <button type="submit" className="primary" disabled={create.isPending}>
            {create.isPending ? "Issuing…" : "Issue invoice"}
          </button>
        </div>
      </form>
    </>
  );
}
