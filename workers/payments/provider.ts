import { randomToken } from "../lib/ids";
import { type CardBrand, cardBrand, cardDigits } from "./cards";

export interface CardDetails {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

export interface TokenizedCard {
  token: string;
  brand: CardBrand;
  last4: string;
  expMonth: number;
  expYear: number;
}

export type DeclineReason = "card_declined" | "insufficient_funds";

export interface ChargeRequest {
  amountCents: number;
  currency: string;
  source: { token: string } | { card: CardDetails };
  idempotencyKey: string;
}

export type ChargeResult = { ok: true; chargeId: string } | { ok: false; reason: DeclineReason };

/** What the app needs from a card processor; declines surface when charging, never when tokenizing. */
export interface PaymentProvider {
  tokenize(card: CardDetails): Promise<TokenizedCard>;
  charge(request: ChargeRequest): Promise<ChargeResult>;
  refund(request: { chargeId: string; amountCents: number }): Promise<{ ok: true; refundId: string }>;
}

type Outcome = "ok" | DeclineReason;

// The well-known test cards; every other valid card succeeds.
const testCards: Record<string, Outcome> = {
  "4000000000000002": "card_declined",
  "4000000000009995": "insufficient_funds",
};

const outcomeOf = (card: CardDetails): Outcome => testCards[cardDigits(card.number)] ?? "ok";

// A simulated token is `pm_sim_<outcome>_<random>`: it carries the outcome a later charge
// will have, so nothing (least of all the card number) needs to be remembered between calls.
const TOKEN = /^pm_sim_(ok|card_declined|insufficient_funds)_[\w-]+$/;

function outcomeOfToken(token: string): Outcome {
  const match = TOKEN.exec(token);
  if (!match) throw new Error("Not a simulated payment token");
  return match[1] as Outcome;
}

/** A stateless stand-in for a card processor, for development, tests and demos. */
export const simulatedProvider: PaymentProvider = {
  async tokenize(card) {
    const digits = cardDigits(card.number);
    return {
      token: `pm_sim_${outcomeOf(card)}_${randomToken(12)}`,
      brand: cardBrand(digits),
      last4: digits.slice(-4),
      expMonth: card.expMonth,
      expYear: card.expYear,
    };
  },

  async charge({ amountCents, source }) {
    if (!Number.isInteger(amountCents) || amountCents <= 0) throw new Error("amountCents must be a positive integer");
    const outcome = "token" in source ? outcomeOfToken(source.token) : outcomeOf(source.card);
    return outcome === "ok" ? { ok: true, chargeId: `ch_sim_${randomToken(12)}` } : { ok: false, reason: outcome };
  },

  async refund({ chargeId }) {
    if (!chargeId.startsWith("ch_sim_")) throw new Error("Not a simulated charge");
    return { ok: true, refundId: `re_sim_${randomToken(12)}` };
  },
};

/** The provider this deployment charges through; only the simulated one exists so far. */
export function paymentProvider(_env: Env): PaymentProvider {
  return simulatedProvider;
}
