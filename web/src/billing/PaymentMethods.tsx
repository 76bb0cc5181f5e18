import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { api } from "../api/client";
import { ok } from "../api/problem";
import { Field, fieldError } from "../components/Field";
import { Problem, Skeleton } from "../components/Problem";
import { expiryProblem, parseExpiry, savedCardName } from "../tickets/card";
import { CardSource, useCardSource } from "../tickets/card-source";
import { useFocusOnMount } from "./focus";
import { billingKeys, type CardChanges, fetchPaymentMethods, type SavedCard } from "./queries";

/** Cards change what the subscription renews with, so both are read again after any change. */
function useCardWrite<V>(write: (vars: V) => Promise<unknown>, onDone?: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: billingKeys.paymentMethods });
      void queryClient.invalidateQueries({ queryKey: billingKeys.subscription });
      onDone?.();
    },
  });
}

const twoDigits = (n: number) => String(n).padStart(2, "0");

function EditCard({ card, onClose }: { card: SavedCard; onClose: () => void }) {
  const [expiry, setExpiry] = useState(`${twoDigits(card.expMonth)}/${twoDigits(card.expYear % 100)}`);
  const [holderName, setHolderName] = useState(card.holderName ?? "");
  const [checked, setChecked] = useState(false);
  const save = useCardWrite(
    (changes: CardChanges) => ok(api.me["payment-methods"][":id"].$patch({ param: { id: card.id }, json: changes })),
    onClose,
  );
  const problem = checked ? expiryProblem(expiry) : undefined;
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => form.current?.querySelector("input")?.focus(), []);
  return (
    <form
      ref={form}
      className="edit-card"
      noValidate
      aria-label={`Edit ${savedCardName(card)}`}
      onSubmit={(event) => {
        event.preventDefault();
        setChecked(true);
        const parsed = parseExpiry(expiry);
        if (expiryProblem(expiry) || !parsed || save.isPending) return;
        save.mutate({ ...parsed, holderName: holderName.trim() || null });
      }}
    >
      <Field
        label="Expiry (MM/YY)"
        value={expiry}
        onChange={(e) => setExpiry(e.target.value)}
        inputMode="numeric"
        autoComplete="cc-exp"
        error={problem ?? fieldError(save.error, "expMonth") ?? fieldError(save.error, "expYear")}
      />
      <Field
        label="Name on card (optional)"
        value={holderName}
        onChange={(e) => setHolderName(e.target.value)}
        autoComplete="cc-name"
        error={fieldError(save.error, "holderName")}
      />
      {save.isError && <Problem error={save.error} />}
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          Save card
        </button>
        <button type="button" onClick={onClose} disabled={save.isPending}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function ConfirmRemove({
  name,
  pending,
  error,
  onConfirm,
  onKeep,
}: {
  name: string;
  pending: boolean;
  error: unknown;
  onConfirm: () => void;
  onKeep: () => void;
}) {
  const first = useFocusOnMount<HTMLButtonElement>();
  return (
    <section className="confirm-box" aria-label={`Remove ${name}`}>
      <p>Remove {name}? It can no longer be used to pay.</p>
      {error != null && <Problem error={error} />}
      <div className="actions">
        <button ref={first} type="button" className="danger" disabled={pending} onClick={onConfirm}>
          Remove card
        </button>
        <button type="button" onClick={onKeep}>
          Keep it
        </button>
      </div>
    </section>
  );
}

function CardRow({ card }: { card: SavedCard }) {
  const [mode, setMode] = useState<"view" | "edit" | "remove">("view");
  const name = savedCardName(card);
  const makeDefault = useCardWrite(() =>
    ok(api.me["payment-methods"][":id"].$patch({ param: { id: card.id }, json: { isDefault: true } })),
  );
  const remove = useCardWrite(() => ok(api.me["payment-methods"][":id"].$delete({ param: { id: card.id } })));
  return (
    <li>
      <p className="invoice-line">
        <span>
          {name}
          {card.isDefault && <span className="tag">default</span>}
        </span>
        {card.holderName && <span className="hint">{card.holderName}</span>}
      </p>
      {mode === "edit" && <EditCard card={card} onClose={() => setMode("view")} />}
      {mode === "remove" && (
        <ConfirmRemove
          name={name}
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate(undefined)}
          onKeep={() => setMode("view")}
        />
      )}
      {mode === "view" && (
        <div className="actions">
          <button type="button" aria-label={`Edit ${name}`} onClick={() => setMode("edit")}>
            Edit
          </button>
          {!card.isDefault && (
            <button
              type="button"
              aria-label={`Make default: ${name}`}
              disabled={makeDefault.isPending}
              onClick={() => makeDefault.mutate(undefined)}
            >
              Make default
            </button>
          )}
          <button type="button" aria-label={`Remove ${name}`} onClick={() => setMode("remove")}>
            Remove
          </button>
        </div>
      )}
      {makeDefault.isError && <Problem error={makeDefault.error} />}
    </li>
  );
}

function AddCard({ onClose }: { onClose: () => void }) {
  const source = useCardSource();
  const [isDefault, setIsDefault] = useState(false);
  const add = useCardWrite(
    (json: Parameters<(typeof api.me)["payment-methods"]["$post"]>[0]["json"]) => ok(api.me["payment-methods"].$post({ json })),
    onClose,
  );
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <form
      className="subscribe-form"
      noValidate
      aria-labelledby="add-card-heading"
      aria-busy={add.isPending}
      onSubmit={(event) => {
        event.preventDefault();
        const chosen = add.isPending ? undefined : source.source();
        if (chosen && "card" in chosen) add.mutate({ card: chosen.card, holderName: chosen.holderName, isDefault });
      }}
    >
      <h3 id="add-card-heading" ref={heading} tabIndex={-1}>
        Add a card
      </h3>
      <CardSource state={source} error={add.error} askHolderName />
      <label className="choice">
        <input type="checkbox" checked={isDefault} onChange={(e) => setIsDefault(e.target.checked)} />
        Make it the default card
      </label>
      {add.isError && <Problem error={add.error} />}
      <div className="actions">
        <button type="submit" className="primary" disabled={add.isPending}>
          Save card
        </button>
        <button type="button" onClick={onClose} disabled={add.isPending}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The saved cards: add, edit expiry and name, make default, remove. */
export function PaymentMethods() {
  const methods = useQuery({ queryKey: billingKeys.paymentMethods, queryFn: fetchPaymentMethods });
  const [adding, setAdding] = useState(false);
  return (
    <section className="billing-section" aria-labelledby="cards-heading">
      <h2 id="cards-heading">Payment methods</h2>
      {methods.isPending && <Skeleton rows={2} label="Loading your saved cards" />}
      {methods.isError && <Problem error={methods.error} onRetry={() => void methods.refetch()} />}
      {methods.data?.items.length === 0 && <p>No saved cards.</p>}
      {methods.data && methods.data.items.length > 0 && (
        <ul className="card-list" aria-label="Saved cards">
          {methods.data.items.map((card) => (
            <CardRow key={card.id} card={card} />
          ))}
        </ul>
      )}
      {adding ? (
        <AddCard onClose={() => setAdding(false)} />
      ) : (
        <p className="actions">
          <button type="button" onClick={() => setAdding(true)}>
            Add a card
          </button>
        </p>
      )}
    </section>
  );
}
