import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { signInAdmin, unique } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";

const card = (number = "4242 4242 4242 4242") => ({ number, expMonth: 12, expYear: 2099, cvc: "123" });

async function createPlan(overrides: { price?: number; trialDays?: number } = {}) {
  const admin = await signInAdmin();
  const json = { name: unique("Plan "), price: 1200, currency: "usd" as const, interval: "month" as const, ...overrides };
  return expectJson(await client(admin.accessToken).plans.$post({ json }), 201);
}

const registration = () => {
  const name = unique("r");
  return { email: `${name}@example.com`, password: "a-long-password", name: "New Viewer" };
};

const usersWithEmail = async (email: string) =>
  (await env.DB.prepare("SELECT count(*) AS n FROM users WHERE email = ?").bind(email).first<{ n: number }>())?.n;

describe("registering with a plan", { timeout: 60_000 }, () => {
  it("creates the account and the paid subscription in one request", async () => {
    const plan = await createPlan({ price: 1200 });
    const json = { ...registration(), planId: plan.id, card: card(), holderName: "New Viewer" };
    const session = await expectJson(await client().auth.register.$post({ json }), 201);
    expect(session.subscription).toMatchObject({
      status: "active",
      plan: { id: plan.id },
      paymentMethod: { brand: "visa", last4: "4242" },
      nextCharge: { amount: 1200 },
    });
    const me = client(session.accessToken).me;
    expect((await expectJson(await me.subscription.$get(), 200)).subscription?.id).toBe(session.subscription?.id);
    expect((await expectJson(await me.payments.$get({ query: {} }), 200)).items).toMatchObject([
      { status: "succeeded", amount: 1200 },
    ]);
    const cards = await expectJson(await me["payment-methods"].$get({ query: {} }), 200);
    expect(cards.items).toMatchObject([{ isDefault: true, holderName: "New Viewer" }]);
  });

  it("starts a trial without charging", async () => {
    const plan = await createPlan({ trialDays: 14 });
    const json = { ...registration(), planId: plan.id, card: card("4000 0000 0000 0341") };
    const session = await expectJson(await client().auth.register.$post({ json }), 201);
    expect(session.subscription).toMatchObject({ status: "trialing", paymentMethod: { last4: "0341" } });
    expect((await expectJson(await client(session.accessToken).me.payments.$get({ query: {} }), 200)).items).toEqual([]);
  });

  it("creates nothing when the card is declined", async () => {
    const plan = await createPlan();
    for (const [number, reason] of [
      ["4000 0000 0000 0002", "card_declined"],
      ["4000 0000 0000 9995", "insufficient_funds"],
    ]) {
      const json = { ...registration(), planId: plan.id, card: card(number) };
      const problem = await expectProblemOf(await client().auth.register.$post({ json }), 402);
      expect(problem.reason).toBe(reason);
      expect(await usersWithEmail(json.email)).toBe(0);
      await expectProblemOf(await client().auth.login.$post({ json: { email: json.email, password: json.password } }), 401);
    }
  });

  it("validates the plan and the card", async () => {
    const plan = await createPlan();
    const base = registration();
    await expectProblemOf(await client().auth.register.$post({ json: { ...base, planId: plan.id } }), 400);
    await expectProblemOf(await client().auth.register.$post({ json: { ...base, card: card() } }), 400);
    await expectProblemOf(await client().auth.register.$post({ json: { ...base, planId: "nope", card: card() } }), 404);
    expect(await usersWithEmail(base.email)).toBe(0);
    await expectJson(await client().auth.register.$post({ json: base }), 201);
    const again = await expectProblemOf(
      await client().auth.register.$post({ json: { ...base, planId: plan.id, card: card() } }),
      409,
    );
    expect(again.detail).toMatch(/already registered/);
  });
});
