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

/** What charging a test card does, as a person reads it on the checkout page. */
export type TestCardOutcome = "succeeds" | "declined" | "insufficient_funds";

export interface TestCard {
  number: string;
  brand: CardBrand;
  outcome: TestCardOutcome;
  description: string;
}

/**
 * The well-known test cards, the one list the simulated provider charges by and
 * `GET /payments/test-cards` shows. Any other valid card number succeeds too.
 */
export const testCards: readonly TestCard[] = [
  { number: "4242 4242 4242 4242", brand: "visa", outcome: "succeeds", description: "Visa: every charge succeeds" },
  {
    number: "5555 5555 5555 4444",
    brand: "mastercard",
    outcome: "succeeds",
    description: "Mastercard: every charge succeeds",
  },
  {
    number: "3782 822463 10005",
    brand: "amex",
    outcome: "succeeds",
    description: "American Express: every charge succeeds",
  },
  {
    number: "4000 0000 0000 0002",
    brand: "visa",
    outcome: "declined",
    description: "Declined by the bank (card_declined)",
  },
  {
    number: "4000 0000 0000 9995",
    brand: "visa",
    outcome: "insufficient_funds",
    description: "Declined for insufficient funds (insufficient_funds)",
  },
];

const outcomes: Record<TestCardOutcome, Outcome> = {
  succeeds: "ok",
  declined: "card_declined",
  insufficient_funds: "insufficient_funds",
};
const testCardOutcomes = new Map(testCards.map((card) => [cardDigits(card.number), outcomes[card.outcome]]));

const outcomeOf = (card: CardDetails): Outcome => testCardOutcomes.get(cardDigits(card.number)) ?? "ok";

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
