import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { ApiError } from "../api/problem";
import { Field, fieldError } from "../components/Field";
import { Problem, Skeleton } from "../components/Problem";
import { money } from "../lib/format";
import { cardDigits, cardNumberProblem, cvcProblem, expiryProblem, parseExpiry, savedCardName } from "./card";
import { fetchPaymentMethods, keys, type NewOrder } from "./queries";
import { TestCards } from "./TestCards";

const NEW_CARD = "new";

interface NewCard {
  number: string;
  expiry: string;
  cvc: string;
  name: string;
}

const blank: NewCard = { number: "", expiry: "", cvc: "", name: "" };

/** What is wrong with each field of a new card (all checked when paying; the number also while typing). */
function problemsOf(card: NewCard) {
  return {
    number: cardNumberProblem(card.number, true),
    expiry: expiryProblem(card.expiry),
    cvc: cvcProblem(card.cvc),
    name: card.name.trim() === "" ? "Enter the name as it is on the card" : undefined,
  };
}

/**
 * "Pay with": a saved card (the default one chosen) or a new card, and the Pay button with the
 * total. Only the payment source leaves here; the checkout sends it with the hold.
 */
export function PaymentForm({
  holdId,
  total,
  paying,
  error,
  onPay,
}: {
  holdId: string;
  total: number;
  paying: boolean;
  error: unknown;
  onPay: (order: NewOrder) => void;
}) {
  const methods = useQuery({ queryKey: keys.paymentMethods, queryFn: fetchPaymentMethods });
  const [choice, setChoice] = useState<string | null>(null);
  const [card, setCard] = useState<NewCard>(blank);
  const [checked, setChecked] = useState(false);
  /** Bumped by each Pay with mistakes in the card: the first field to fix then gets the focus. */
  const [attempt, setAttempt] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  const saved = methods.data?.items ?? [];

  // The default card is preselected once the saved cards are known; with none, a new card.
  useEffect(() => {
    if (choice !== null || !methods.data) return;
    setChoice((methods.data.items.find((m) => m.isDefault) ?? methods.data.items[0])?.id ?? NEW_CARD);
  }, [choice, methods.data]);

  useEffect(() => {
    if (attempt > 0) form.current?.querySelector<HTMLInputElement>('input[aria-invalid="true"]')?.focus();
  }, [attempt]);

  const chosen = choice ?? NEW_CARD;
  const problems = problemsOf(card);
  // While typing, only the number is judged (it can be wrong before it is complete); the rest once Pay is pressed.
  const shown = {
    number: checked ? problems.number : cardNumberProblem(card.number),
    expiry: checked ? problems.expiry : undefined,
    cvc: checked ? problems.cvc : undefined,
    name: checked ? problems.name : undefined,
  };
  const apiField = (path: string) => (error instanceof ApiError && error.status === 400 ? fieldError(error, path) : undefined);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (paying) return;
    if (chosen !== NEW_CARD) {
      onPay({ holdId, paymentMethodId: chosen });
      return;
    }
    setChecked(true);
    if (Object.values(problems).some(Boolean)) {
      setAttempt((n) => n + 1);
      return;
    }
    const expiry = parseExpiry(card.expiry) as { expMonth: number; expYear: number };
    onPay({ holdId, card: { number: cardDigits(card.number), ...expiry, cvc: card.cvc.trim() } });
  };

  const set = (field: keyof NewCard) => (event: React.ChangeEvent<HTMLInputElement>) =>
    setCard((now) => ({ ...now, [field]: event.target.value }));

  return (
    <form ref={form} className="payment-form" onSubmit={submit} noValidate aria-busy={paying}>
      {methods.isPending && <Skeleton rows={2} label="Loading your saved cards" />}
      {methods.isError && <Problem error={methods.error} onRetry={() => void methods.refetch()} />}
      <fieldset className="pay-with">
        <legend>Pay with</legend>
        {saved.map((method) => (
          <label key={method.id} className="choice">
            <input
              type="radio"
              name="pay-with"
              value={method.id}
              checked={chosen === method.id}
              onChange={() => setChoice(method.id)}
            />
            {savedCardName(method)}
            {method.isDefault && <span className="tag">default</span>}
          </label>
        ))}
        <label className="choice">
          <input
            type="radio"
            name="pay-with"
            value={NEW_CARD}
            checked={chosen === NEW_CARD}
            onChange={() => setChoice(NEW_CARD)}
          />
          A new card
        </label>
      </fieldset>
      {chosen === NEW_CARD && (
        <div className="new-card">
          <Field
            label="Card number"
            value={card.number}
            onChange={set("number")}
            inputMode="numeric"
            autoComplete="cc-number"
            spellCheck={false}
            error={shown.number ?? apiField("card.number")}
          />
          <div className="card-row">
            <Field
              label="Expiry (MM/YY)"
              value={card.expiry}
              onChange={set("expiry")}
              inputMode="numeric"
              autoComplete="cc-exp"
              error={shown.expiry ?? apiField("card.expMonth") ?? apiField("card.expYear")}
            />
            <Field
              label="CVC"
              value={card.cvc}
              onChange={set("cvc")}
              inputMode="numeric"
              autoComplete="cc-csc"
              maxLength={4}
              error={shown.cvc ?? apiField("card.cvc")}
            />
          </div>
          <Field label="Name on card" value={card.name} onChange={set("name")} autoComplete="cc-name" error={shown.name} />
          <TestCards
            onUse={(number) => {
              const nextYear = (new Date().getUTCFullYear() + 3) % 100;
              setCard((now) => ({
                number,
                expiry: `12/${nextYear}`,
                cvc: "123",
                name: now.name || "Test Buyer",
              }));
              form.current?.querySelector<HTMLInputElement>('input[autocomplete="cc-number"]')?.focus();
            }}
          />
        </div>
      )}
      <div className="actions">
        <button type="submit" className="primary pay-button" disabled={paying}>
          Pay {money(total)}
        </button>
      </div>
      <p role="status">{paying ? "Paying… Keep this page open." : ""}</p>
    </form>
  );
}
