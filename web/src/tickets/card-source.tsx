import { useEffect, useId, useRef, useState } from "react";
import { ApiError } from "../api/problem";
import { Field, fieldError } from "../components/Field";
import { cardDigits, cardNumberProblem, cvcProblem, expiryProblem, parseExpiry, savedCardName } from "./card";
import type { SavedCard } from "./queries";
import { TestCards } from "./TestCards";
import "./tickets.css";

export const NEW_CARD = "new";

export interface TypedCard {
  number: string;
  expiry: string;
  cvc: string;
  holderName: string;
}

export const blankCard: TypedCard = { number: "", expiry: "", cvc: "", holderName: "" };

/** The card as the API takes it. */
export type CardInput = { number: string; expMonth: number; expYear: number; cvc: string };
/** Where a payment comes from: a saved card or one typed now. */
export type Source = { paymentMethodId: string } | { card: CardInput; holderName?: string };

const problemsOf = (card: TypedCard) => ({
  number: cardNumberProblem(card.number, true),
  expiry: expiryProblem(card.expiry),
  cvc: cvcProblem(card.cvc),
});

/**
 * The state of a "pay with" choice: the default saved card preselected (a new card when there is
 * none, or when `saved` is omitted: new cards only), the typed card, and whether its mistakes show.
 * `source()` answers what to send, or undefined after pointing at the first field to fix.
 */
export function useCardSource(saved?: SavedCard[]) {
  const [choice, setChoice] = useState<string | null>(saved ? null : NEW_CARD);
  const [card, setCard] = useState<TypedCard>(blankCard);
  const [checked, setChecked] = useState(false);
  /** Bumped by each attempt with mistakes in the card: the first field to fix then gets the focus. */
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (choice !== null || !saved) return;
    setChoice((saved.find((m) => m.isDefault) ?? saved[0])?.id ?? NEW_CARD);
  }, [choice, saved]);

  const chosen = choice ?? NEW_CARD;
  const source = (): Source | undefined => {
    if (chosen !== NEW_CARD) return { paymentMethodId: chosen };
    setChecked(true);
    const problems = problemsOf(card);
    if (Object.values(problems).some(Boolean)) {
      setAttempt((n) => n + 1);
      return undefined;
    }
    const expiry = parseExpiry(card.expiry) as { expMonth: number; expYear: number };
    const holderName = card.holderName.trim();
    return { card: { number: cardDigits(card.number), ...expiry, cvc: card.cvc.trim() }, ...(holderName ? { holderName } : {}) };
  };
  const reset = () => {
    setCard(blankCard);
    setChecked(false);
  };
  return { saved, chosen, setChoice, card, setCard, checked, attempt, source, reset };
}

export type CardSourceState = ReturnType<typeof useCardSource>;

/**
 * "Pay with": the saved cards and "A new card" as radios (when there are saved cards to offer),
 * and the new card's fields. The number is judged while typing, the rest once submitted; a 400
 * from the API marks the field it names.
 */
export function CardSource({
  state,
  legend = "Pay with",
  error,
  askHolderName = false,
}: {
  state: CardSourceState;
  legend?: string;
  error?: unknown;
  askHolderName?: boolean;
}) {
  const box = useRef<HTMLDivElement>(null);
  const radios = useId();
  const { saved, chosen, setChoice, card, setCard, checked, attempt } = state;

  useEffect(() => {
    if (attempt > 0) box.current?.querySelector<HTMLInputElement>('input[aria-invalid="true"]')?.focus();
  }, [attempt]);

  const problems = problemsOf(card);
  const shown = {
    number: checked ? problems.number : cardNumberProblem(card.number),
    expiry: checked ? problems.expiry : undefined,
    cvc: checked ? problems.cvc : undefined,
  };
  const apiField = (path: string) =>
    error instanceof ApiError && error.status === 400
      ? (fieldError(error, `card.${path}`) ?? fieldError(error, path))
      : undefined;
  const set = (field: keyof TypedCard) => (event: React.ChangeEvent<HTMLInputElement>) =>
    setCard((now) => ({ ...now, [field]: event.target.value }));

  return (
    <div ref={box} className="payment-form">
      {saved && saved.length > 0 && (
        <fieldset className="pay-with">
          <legend>{legend}</legend>
          {saved.map((method) => (
            <label key={method.id} className="choice">
              <input
                type="radio"
                name={radios}
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
              name={radios}
              value={NEW_CARD}
              checked={chosen === NEW_CARD}
              onChange={() => setChoice(NEW_CARD)}
            />
            A new card
          </label>
        </fieldset>
      )}
      {chosen === NEW_CARD && (
        <div className="new-card">
          <Field
            label="Card number"
            value={card.number}
            onChange={set("number")}
            inputMode="numeric"
            autoComplete="cc-number"
            spellCheck={false}
            error={shown.number ?? apiField("number")}
          />
          <div className="card-row">
            <Field
              label="Expiry (MM/YY)"
              value={card.expiry}
              onChange={set("expiry")}
              inputMode="numeric"
              autoComplete="cc-exp"
              error={shown.expiry ?? apiField("expMonth") ?? apiField("expYear")}
            />
            <Field
              label="CVC"
              value={card.cvc}
              onChange={set("cvc")}
              inputMode="numeric"
              autoComplete="cc-csc"
              maxLength={4}
              error={shown.cvc ?? apiField("cvc")}
            />
          </div>
          {askHolderName && (
            <Field
              label="Name on card (optional)"
              value={card.holderName}
              onChange={set("holderName")}
              autoComplete="cc-name"
              error={apiField("holderName")}
            />
          )}
          <TestCards
            onUse={(number) => {
              const nextYear = (new Date().getUTCFullYear() + 3) % 100;
              setCard((now) => ({ ...now, number, expiry: `12/${nextYear}`, cvc: "123" }));
              box.current?.querySelector<HTMLInputElement>('input[autocomplete="cc-number"]')?.focus();
            }}
          />
        </div>
      )}
    </div>
  );
}
