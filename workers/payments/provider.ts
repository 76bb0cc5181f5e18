import { ApiError } from "../lib/errors";
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

/**
 * What the app needs from a card processor. To plug in a real one (Stripe, Adyen…), implement
 * these three calls against its API and return it from `paymentProvider(env)` for its
 * `PAYMENTS_PROVIDER` value; nothing else in the app knows which processor is behind it.
 *
 * - `tokenize` (attach a payment method): turns a typed card into the processor's reusable token
 *   and its public details. The number and CVC go no further; only the token is stored. It never
 *   declines: a card that cannot pay fails when charged (like test card 4000 0000 0000 0341).
 * - `charge`: takes `amountCents` in `currency` from a token or a typed card. `idempotencyKey` is
 *   our payment's id: a processor must charge at most once per key, so a charge retried after a
 *   crash or a timeout returns the first outcome. A decline is a result (`ok: false` with the
 *   reason shown to the buyer), not an exception; exceptions mean the processor could not answer.
 * - `refund`: gives back `amountCents` (all or part) of a charge; a charge may be refunded in
 *   several parts up to its amount. Returns the processor's refund id, unique per refund.
 */
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
    number: "4000 0000 0000 0341",
    brand: "visa",
    outcome: "declined",
    description: "Attaches to an account, then every charge is declined (card_declined): renewals fail",
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

const notConfigured = () => new ApiError("service_unavailable", "Payments are not configured");

/** What answers in production when no real provider is configured: every call is a 503, nothing is charged. */
const unconfiguredProvider: PaymentProvider = {
  tokenize: () => Promise.reject(notConfigured()),
  charge: () => Promise.reject(notConfigured()),
  refund: () => Promise.reject(notConfigured()),
};

/**
 * Which provider this deployment charges through. The simulated one charges nothing real, so in
 * production it runs only when `PAYMENTS_PROVIDER=simulated` says so explicitly (a demo);
 * otherwise every payment is refused with 503 rather than "succeeding" for free.
 */
export function paymentProviderStatus(env: Env): { provider: "simulated" | "none"; ready: boolean } {
  if (env.ENVIRONMENT === "production" && env.PAYMENTS_PROVIDER !== "simulated") return { provider: "none", ready: false };
  return { provider: "simulated", ready: true };
}

export function paymentProvider(env: Env): PaymentProvider {
  return paymentProviderStatus(env).ready ? simulatedProvider : unconfiguredProvider;
}
