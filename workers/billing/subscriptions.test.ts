import { env } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { registerUser, signInAdmin, type TestUser, unique } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";

type NewPlan = Parameters<ReturnType<typeof client>["plans"]["$post"]>[0]["json"];
const CARD = "4242 4242 4242 4242";
const FAILS_WHEN_CHARGED = "4000 0000 0000 0341";
const card = (number = CARD) => ({ number, expMonth: 12, expYear: 2099, cvc: "123" });
const key = () => ({ "idempotency-key": crypto.randomUUID() });
const DAY = 86_400_000;
const at = (iso: string, days = 0) => new Date(new Date(iso).getTime() + days * DAY).toISOString();

let admin: TestUser;
async function adminToken() {
  admin ??= await signInAdmin();
  return admin.accessToken;
}

async function createPlan(overrides: Partial<NewPlan> = {}) {
  const json: NewPlan = { name: unique("Plan "), price: 1000, currency: "usd", interval: "month", ...overrides };
  return expectJson(await client(await adminToken()).plans.$post({ json }), 201);
}

const me = (user: TestUser) => client(user.accessToken).me.subscription;

async function subscribe(user: TestUser, planId: string, number = CARD) {
  return expectJson(await me(user).$post({ json: { planId, card: card(number) }, header: key() }), 201);
}

async function mine(user: TestUser) {
  const { subscription } = await expectJson(await me(user).$get(), 200);
  if (!subscription) throw new Error("expected a subscription");
  return subscription;
}

async function run(now: string) {
  return expectJson(await client(await adminToken()).billing.run.$post({ json: { now } }), 200);
}

async function payments(user: TestUser) {
  return (await expectJson(await client(user.accessToken).me.payments.$get({ query: { limit: "100" } }), 200)).items;
}

async function notificationKinds(userId: string) {
  const rows = await env.DB.prepare("SELECT kind FROM notifications WHERE user_id = ? ORDER BY created_at").bind(userId).all();
  return rows.results.map((r) => r.kind);
}

describe("subscriptions", { timeout: 120_000 }, () => {
  it("charges the first period, saves the typed card and shows the subscription", async () => {
    const plan = await createPlan({ price: 1299, features: ["hd"] });
    const user = await registerUser();
    const sub = await subscribe(user, plan.id);
    expect(sub).toMatchObject({
      status: "active",
      plan: { id: plan.id },
      pendingPlan: null,
      trialEnd: null,
      cancelAtPeriodEnd: false,
      nextCharge: { at: sub.currentPeriodEnd, amount: 1299, currency: "usd" },
      paymentMethod: { brand: "visa", last4: "4242" },
      failedAttempts: 0,
    });
    const start = new Date(sub.currentPeriodStart);
    const end = new Date(sub.currentPeriodEnd);
    expect(end.getUTCMonth()).toBe((start.getUTCMonth() + 1) % 12);
    expect(await mine(user)).toEqual(sub);
    expect(await payments(user)).toMatchObject([{ status: "succeeded", amount: 1299 }]);
    const cards = await expectJson(await client(user.accessToken).me["payment-methods"].$get({ query: {} }), 200);
    expect(cards.items.map((c) => c.id)).toEqual([sub.paymentMethod?.id]);
    expect(await notificationKinds(user.id)).toContain("subscription_started");
  });

  it("answers 402 on a decline and leaves nothing live", async () => {
    const plan = await createPlan();
    const user = await registerUser();
    const problem = await expectProblemOf(
      await me(user).$post({ json: { planId: plan.id, card: card("4000 0000 0000 0002") }, header: key() }),
      402,
    );
    expect(problem.reason).toBe("card_declined");
    expect(await expectJson(await me(user).$get(), 200)).toEqual({ subscription: null });
    const cards = await expectJson(await client(user.accessToken).me["payment-methods"].$get({ query: {} }), 200);
    expect(cards.items).toEqual([]);
    expect((await subscribe(user, plan.id)).status).toBe("active");
  });

  it("keeps one live subscription per account and replays an Idempotency-Key", async () => {
    const plan = await createPlan();
    const user = await registerUser();
    const header = key();
    const json = { planId: plan.id, card: card() };
    const [a, b] = await Promise.all([me(user).$post({ json, header }), me(user).$post({ json, header })]);
    const first = await expectJson(a, 201);
    expect(await expectJson(b, 201)).toEqual(first);
    const conflict = await expectProblemOf(await me(user).$post({ json, header: key() }), 409);
    expect(conflict.detail).toMatch(/already have a subscription/);
    expect(await payments(user)).toHaveLength(1);
  });

  it("validates input and guards routes", async () => {
    const plan = await createPlan();
    const user = await registerUser();
    await expectProblemOf(await me(user).$post({ json: { planId: plan.id }, header: key() }), 400);
    await expectProblemOf(
      await me(user).$post({ json: { planId: plan.id, card: card(), paymentMethodId: "x" }, header: key() }),
      400,
    );
    await expectProblemOf(await me(user).$post({ json: { planId: "nope", card: card() }, header: key() }), 404);
    await expectProblemOf(await me(user).$post({ json: { planId: plan.id, paymentMethodId: "nope" }, header: key() }), 404);
    // @ts-expect-error the idempotency key is missing on purpose
    await expectProblemOf(await me(user).$post({ json: { planId: plan.id, card: card() } }), 400);
    await expectProblemOf(await client().me.subscription.$get(), 401);
    await expectProblemOf(await client(user.accessToken).subscriptions.$get({ query: {} }), 403);
    await expectProblemOf(await client(user.accessToken).billing.run.$post({ json: {} }), 403);
    await expectProblemOf(await me(user).cancel.$post(), 404);
    const archived = await createPlan();
    await client(await adminToken()).plans[":id"].$patch({ param: { id: archived.id }, json: { status: "archived" } });
    await expectProblemOf(await me(user).$post({ json: { planId: archived.id, card: card() }, header: key() }), 409);
    await expectProblemOf(await client(await adminToken()).billing.run.$post({ json: { now: "yesterday" } }), 400);
  });

  it("starts a trial without charging, then charges when it ends", async () => {
    const plan = await createPlan({ price: 800, trialDays: 7 });
    const user = await registerUser();
    const sub = await subscribe(user, plan.id);
    expect(sub).toMatchObject({ status: "trialing", nextCharge: { amount: 800 }, paymentMethod: { last4: "4242" } });
    expect(sub.trialEnd).toBe(sub.currentPeriodEnd);
    expect(new Date(sub.currentPeriodEnd).getTime() - new Date(sub.currentPeriodStart).getTime()).toBe(7 * DAY);
    expect(await payments(user)).toEqual([]);

    await run(at(sub.currentPeriodEnd, -1));
    expect((await mine(user)).status).toBe("trialing");
    await run(at(sub.currentPeriodEnd, 0.01));
    const renewed = await mine(user);
    expect(renewed).toMatchObject({ status: "active", currentPeriodStart: sub.currentPeriodEnd });
    expect(await payments(user)).toMatchObject([{ status: "succeeded", amount: 800 }]);
  });

  it("renews once when run twice and when two runs overlap", async () => {
    const plan = await createPlan({ price: 1500 });
    const user = await registerUser();
    const sub = await subscribe(user, plan.id);
    const now = at(sub.currentPeriodEnd, 0.1);
    await Promise.all([run(now), run(now), run(now)]);
    await run(now);
    const renewed = await mine(user);
    expect(renewed).toMatchObject({ status: "active", currentPeriodStart: sub.currentPeriodEnd });
    const paid = await payments(user);
    expect(paid.map((p) => p.status)).toEqual(["succeeded", "succeeded"]);
    // A renewal run hands its notifications to the notifications queue: they arrive shortly after.
    await vi.waitFor(async () => expect(await notificationKinds(user.id)).toContain("subscription_renewed"), {
      timeout: 90_000,
      interval: 500,
    });
  });

  it("dunning: past_due on a decline, retries on day 1, 3 and 5, then unpaid", async () => {
    const plan = await createPlan({ price: 999 });
    const user = await registerUser();
    const sub = await subscribe(user, plan.id, FAILS_WHEN_CHARGED).catch(() => null);
    // 0341 attaches but fails when charged: the first period is declined...
    expect(sub).toBeNull();
    // ...so subscribe on a trial, and let renewals meet the card.
    const trialPlan = await createPlan({ price: 999, trialDays: 3 });
    const trial = await subscribe(user, trialPlan.id, FAILS_WHEN_CHARGED);
    const due = trial.currentPeriodEnd;

    await run(at(due, 0.01));
    let s = await mine(user);
    expect(s).toMatchObject({ status: "past_due", failedAttempts: 1, nextAttemptAt: at(due, 1), currentPeriodStart: due });
    await run(at(due, 0.5));
    expect((await mine(user)).failedAttempts).toBe(1);
    await run(at(due, 1.01));
    s = await mine(user);
    expect(s).toMatchObject({ status: "past_due", failedAttempts: 2, nextAttemptAt: at(due, 3) });
    await run(at(due, 3.01));
    expect(await mine(user)).toMatchObject({ status: "past_due", failedAttempts: 3, nextAttemptAt: at(due, 5) });
    await run(at(due, 5.01));
    s = await mine(user);
    expect(s).toMatchObject({ status: "unpaid", failedAttempts: 4, nextAttemptAt: null, nextCharge: null });
    await run(at(due, 9));
    expect((await mine(user)).status).toBe("unpaid");
    const failed = (await payments(user)).filter((p) => p.status === "failed");
    expect(failed).toHaveLength(5); // the refused first subscription, then 4 renewal attempts
    const kinds = await notificationKinds(user.id);
    expect(kinds.filter((k) => k === "subscription_payment_failed")).toHaveLength(3);
    expect(kinds.filter((k) => k === "subscription_unpaid")).toHaveLength(1);
  });

  it("a card update during dunning retries the charge at once", async () => {
    const plan = await createPlan({ price: 700, trialDays: 1 });
    const user = await registerUser();
    const trial = await subscribe(user, plan.id, FAILS_WHEN_CHARGED);
    await run(at(trial.currentPeriodEnd, 0.01));
    expect((await mine(user)).status).toBe("past_due");

    const methods = client(user.accessToken).me["payment-methods"];
    const bad = trial.paymentMethod?.id ?? "";
    await expectProblemOf(await methods[":id"].$delete({ param: { id: bad } }), 409);
    const good = await expectJson(await methods.$post({ json: { card: card(), holderName: "Ada L" } }), 201);
    expect(good.holderName).toBe("Ada L");
    const put = client(user.accessToken).me.subscription["payment-method"];
    const fixed = await expectJson(await put.$put({ json: { paymentMethodId: good.id } }), 200);
    expect(fixed).toMatchObject({ status: "active", failedAttempts: 0, nextAttemptAt: null, paymentMethod: { id: good.id } });
    expect(fixed.currentPeriodStart).toBe(trial.currentPeriodEnd);
    expect((await payments(user)).filter((p) => p.status === "succeeded")).toMatchObject([{ amount: 700 }]);
    expect((await methods[":id"].$delete({ param: { id: bad } })).status).toBe(204);
  });

  it("a declined card update during dunning answers 402 and keeps dunning", async () => {
    const plan = await createPlan({ price: 700, trialDays: 1 });
    const user = await registerUser();
    const trial = await subscribe(user, plan.id, FAILS_WHEN_CHARGED);
    await run(at(trial.currentPeriodEnd, 0.01));
    const methods = client(user.accessToken).me["payment-methods"];
    const other = await expectJson(await methods.$post({ json: { card: card("4000 0000 0000 9995") } }), 201);
    const put = client(user.accessToken).me.subscription["payment-method"];
    const problem = await expectProblemOf(await put.$put({ json: { paymentMethodId: other.id } }), 402);
    expect(problem.reason).toBe("insufficient_funds");
    expect(await mine(user)).toMatchObject({ status: "past_due", failedAttempts: 1, paymentMethod: { id: other.id } });
  });

  it("cancels at the period's end, resumes, and ends when canceled", async () => {
    const plan = await createPlan();
    const user = await registerUser();
    const sub = await subscribe(user, plan.id);
    const canceled = await expectJson(await me(user).cancel.$post(), 200);
    expect(canceled).toMatchObject({ status: "active", cancelAtPeriodEnd: true, nextCharge: null });
    await expectProblemOf(await me(user).cancel.$post(), 409);
    expect(await expectJson(await me(user).resume.$post(), 200)).toMatchObject({ cancelAtPeriodEnd: false, canceledAt: null });
    await expectProblemOf(await me(user).resume.$post(), 409);
    await expectJson(await me(user).cancel.$post(), 200);
    await run(at(sub.currentPeriodEnd, 0.01));
    expect(await mine(user)).toMatchObject({ status: "canceled", endedAt: sub.currentPeriodEnd });
    expect(await payments(user)).toHaveLength(1);
    await expectProblemOf(await me(user).resume.$post(), 409);
    expect((await subscribe(user, plan.id)).status).toBe("active");
  });

  it("a downgrade waits for the renewal; an upgrade charges the prorated difference now", async () => {
    const cheap = await createPlan({ price: 500 });
    const dear = await createPlan({ price: 2000 });
    const user = await registerUser();
    const sub = await subscribe(user, dear.id);
    const preview = await expectJson(await me(user).preview.$get({ query: { planId: cheap.id } }), 200);
    expect(preview).toEqual({
      planId: cheap.id,
      effective: "period_end",
      amountDue: 0,
      currency: "usd",
      periodEnd: expect.any(String),
    });
    const down = await expectJson(await me(user).change.$post({ json: { planId: cheap.id }, header: key() }), 200);
    expect(down).toMatchObject({ plan: { id: dear.id }, pendingPlan: { id: cheap.id }, nextCharge: { amount: 500 } });
    const summary = await run(at(sub.currentPeriodEnd, 0.01));
    expect(summary.downgraded).toBeGreaterThanOrEqual(1);
    const renewed = await mine(user);
    expect(renewed).toMatchObject({ plan: { id: cheap.id }, pendingPlan: null, currentPeriodStart: sub.currentPeriodEnd });
    expect((await payments(user)).map((p) => p.amount)).toEqual([500, 2000]);

    // The renewed period lies ahead of the clock: an upgrade now has all of it left.
    const upPreview = await expectJson(await me(user).preview.$get({ query: { planId: dear.id } }), 200);
    expect(upPreview).toMatchObject({ effective: "now", amountDue: 1500, periodEnd: renewed.currentPeriodEnd });
    const up = await expectJson(await me(user).change.$post({ json: { planId: dear.id }, header: key() }), 200);
    expect(up).toMatchObject({ plan: { id: dear.id }, currentPeriodEnd: renewed.currentPeriodEnd });
    expect((await payments(user))[0]).toMatchObject({ amount: 1500, status: "succeeded" });
    await expectProblemOf(await me(user).change.$post({ json: { planId: dear.id }, header: key() }), 409);
  });

  it("an upgrade that is declined changes nothing; a trial just switches", async () => {
    const cheap = await createPlan({ price: 500, trialDays: 5 });
    const dear = await createPlan({ price: 2000 });
    const user = await registerUser();
    const trial = await subscribe(user, cheap.id, FAILS_WHEN_CHARGED);
    const switched = await expectJson(await me(user).change.$post({ json: { planId: dear.id }, header: key() }), 200);
    expect(switched).toMatchObject({ status: "trialing", plan: { id: dear.id }, currentPeriodEnd: trial.currentPeriodEnd });

    const other = await registerUser();
    const monthly = await createPlan({ price: 500 });
    await subscribe(other, monthly.id);
    const methods = client(other.accessToken).me["payment-methods"];
    const failing = await expectJson(await methods.$post({ json: { card: card(FAILS_WHEN_CHARGED) } }), 201);
    await expectJson(
      await client(other.accessToken).me.subscription["payment-method"].$put({ json: { paymentMethodId: failing.id } }),
      200,
    );
    const problem = await expectProblemOf(await me(other).change.$post({ json: { planId: dear.id }, header: key() }), 402);
    expect(problem.reason).toBe("card_declined");
    expect((await mine(other)).plan.id).toBe(monthly.id);
  });

  it("admin cancel-now refunds the unused part of the paid period", async () => {
    const plan = await createPlan({ price: 3000 });
    const user = await registerUser();
    const sub = await subscribe(user, plan.id);
    // Renewed ahead of the clock, the period is wholly unused: its full price comes back.
    await run(at(sub.currentPeriodEnd, 0.01));
    const token = await adminToken();
    const listed = await expectJson(await client(token).subscriptions.$get({ query: { userId: user.id } }), 200);
    expect(listed.items).toMatchObject([{ id: sub.id, user: { id: user.id, email: user.email } }]);
    const ended = await expectJson(await client(token).subscriptions[":id"]["cancel-now"].$post({ param: { id: sub.id } }), 200);
    expect(ended).toMatchObject({ status: "canceled", nextCharge: null });
    const paid = await payments(user);
    expect(paid[0]).toMatchObject({ amount: 3000, status: "refunded" });
    expect(paid[1]).toMatchObject({ amount: 3000, status: "succeeded" });
    await expectProblemOf(await client(token).subscriptions[":id"]["cancel-now"].$post({ param: { id: sub.id } }), 409);
    await expectProblemOf(await client(token).subscriptions[":id"]["cancel-now"].$post({ param: { id: "nope" } }), 404);
  });

  it("admin cancel-now of a period in progress refunds its unused share", async () => {
    const plan = await createPlan({ price: 3000 });
    const user = await registerUser();
    const sub = await subscribe(user, plan.id);
    const token = await adminToken();
    await expectJson(await client(token).subscriptions[":id"]["cancel-now"].$post({ param: { id: sub.id } }), 200);
    const [payment] = await payments(user);
    const row = await env.DB.prepare("SELECT refunded_cents FROM payments WHERE id = ?")
      .bind(payment.id)
      .first<{ refunded_cents: number }>();
    // A few milliseconds of a month used: 3000 × (1 − ε) rounds to 3000.
    expect(row?.refunded_cents).toBe(3000);
  });
});
