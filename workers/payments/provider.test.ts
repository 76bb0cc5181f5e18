import { describe, expect, it } from "vitest";
import { ApiError } from "../lib/errors";
import { cardBrand, cardDigits, luhnValid } from "./cards";
import { type CardDetails, paymentProvider, paymentProviderStatus, simulatedProvider as provider, testCards } from "./provider";

const card = (number: string): CardDetails => ({ number, expMonth: 12, expYear: 2099, cvc: "123" });
const charge = (source: { token: string } | { card: CardDetails }) =>
  provider.charge({ amountCents: 1250, currency: "usd", source, idempotencyKey: crypto.randomUUID() });

const cases = [
  { number: "4242 4242 4242 4242", result: { ok: true, chargeId: expect.stringMatching(/^ch_sim_/) } },
  { number: "4000 0000 0000 0002", result: { ok: false, reason: "card_declined" } },
  { number: "4000 0000 0000 9995", result: { ok: false, reason: "insufficient_funds" } },
  { number: "5555 5555 5555 4444", result: { ok: true, chargeId: expect.stringMatching(/^ch_sim_/) } },
];

describe("simulated payment provider", () => {
  it("charges each listed test card as its list entry says", async () => {
    const reasons = { succeeds: undefined, declined: "card_declined", insufficient_funds: "insufficient_funds" };
    for (const listed of testCards) {
      const digits = cardDigits(listed.number);
      expect(luhnValid(digits), listed.number).toBe(true);
      expect(cardBrand(digits), listed.number).toBe(listed.brand);
      const result = await charge({ card: card(listed.number) });
      expect(result.ok ? undefined : result.reason, listed.number).toBe(reasons[listed.outcome]);
    }
  });

  it("tokenizes without keeping the number", async () => {
    const tokenized = await provider.tokenize(card("4242-4242-4242-4242"));
    expect(tokenized).toEqual({
      token: expect.stringMatching(/^pm_sim_ok_/),
      brand: "visa",
      last4: "4242",
      expMonth: 12,
      expYear: 2099,
    });
    expect(tokenized.token).not.toContain("4242");
    expect((await provider.tokenize(card("4000000000000002"))).token).toMatch(/^pm_sim_card_declined_/);
  });

  it.each(cases)("charges $number by raw card", async ({ number, result }) => {
    expect(await charge({ card: card(number) })).toEqual(result);
  });

  it.each(cases)("charges $number by token", async ({ number, result }) => {
    const { token } = await provider.tokenize(card(number));
    expect(await charge({ token })).toEqual(result);
  });

  it("gives every charge its own id", async () => {
    const first = await charge({ card: card("4242424242424242") });
    const second = await charge({ card: card("4242424242424242") });
    expect(first.ok && second.ok && first.chargeId !== second.chargeId).toBe(true);
  });

  it("refuses a token it did not issue and a non-positive amount", async () => {
    await expect(charge({ token: "tok_someone_else" })).rejects.toThrow();
    await expect(
      provider.charge({ amountCents: 0, currency: "usd", source: { card: card("4242424242424242") }, idempotencyKey: "k" }),
    ).rejects.toThrow();
  });

  it("refunds a charge", async () => {
    const charged = await charge({ card: card("4242424242424242") });
    if (!charged.ok) throw new Error("expected a successful charge");
    expect(await provider.refund({ chargeId: charged.chargeId, amountCents: 500 })).toEqual({
      ok: true,
      refundId: expect.stringMatching(/^re_sim_/),
    });
    await expect(provider.refund({ chargeId: "ch_other", amountCents: 500 })).rejects.toThrow();
  });
});

describe("production guard", () => {
  const envOf = (ENVIRONMENT: string, PAYMENTS_PROVIDER: string) => ({ ENVIRONMENT, PAYMENTS_PROVIDER }) as unknown as Env;

  it("simulates in development and test, and in production only when asked to explicitly", () => {
    expect(paymentProviderStatus(envOf("development", ""))).toEqual({ provider: "simulated", ready: true });
    expect(paymentProviderStatus(envOf("test", ""))).toEqual({ provider: "simulated", ready: true });
    expect(paymentProviderStatus(envOf("production", "simulated"))).toEqual({ provider: "simulated", ready: true });
    expect(paymentProviderStatus(envOf("production", ""))).toEqual({ provider: "none", ready: false });
    expect(paymentProviderStatus(envOf("production", "stripe"))).toEqual({ provider: "none", ready: false });
    expect(paymentProvider(envOf("production", "simulated"))).toBe(provider);
  });

  it("refuses every call with a 503 problem in production without a provider", async () => {
    const refused = paymentProvider(envOf("production", ""));
    const request = { amountCents: 100, currency: "usd", source: { card: card("4242424242424242") }, idempotencyKey: "k" };
    for (const call of [
      refused.charge(request),
      refused.tokenize(card("4242424242424242")),
      refused.refund({ chargeId: "ch_sim_x", amountCents: 1 }),
    ]) {
      const err = await call.then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ApiError);
      expect(err).toMatchObject({ status: 503, detail: "Payments are not configured" });
    }
  });

  it("lists 4000 0000 0000 0341: it attaches, then every charge is declined", async () => {
    expect(testCards).toContainEqual(expect.objectContaining({ number: "4000 0000 0000 0341", outcome: "declined" }));
    const { token, last4 } = await provider.tokenize(card("4000000000000341"));
    expect(last4).toBe("0341");
    expect(await charge({ token })).toEqual({ ok: false, reason: "card_declined" });
  });
});
