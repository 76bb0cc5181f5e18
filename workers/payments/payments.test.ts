import { describe, expect, it } from "vitest";
import { api, expectProblem, registerUser, signInAdmin } from "../../test/api";

const card = (number = "4242 4242 4242 4242") => ({ number, expMonth: 12, expYear: 2099, cvc: "123" });
const pay = (token: string | undefined, body: unknown, key: string = crypto.randomUUID()) =>
  api("POST", "/api/payments", { token, body, headers: { "idempotency-key": key } });

// Many requests per test on a shared, busy machine: allow more than the default 5 s.
describe("payments", { timeout: 60_000 }, () => {
  it("charges a card and shows the payment to its owner", async () => {
    const user = await registerUser();
    const res = await pay(user.accessToken, { amount: 1999, description: "Popcorn", card: card() });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      status: "succeeded",
      amount: 1999,
      currency: "usd",
      description: "Popcorn",
      orderId: null,
      card: { brand: "visa", last4: "4242" },
      failureReason: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect((await api("GET", `/api/payments/${res.body.id}`, { token: user.accessToken })).body).toEqual(res.body);
    expect((await api("GET", "/api/me/payments", { token: user.accessToken })).body).toEqual({
      items: [res.body],
      nextCursor: null,
    });
  });

  it.each([
    ["4000 0000 0000 0002", "card_declined"],
    ["4000 0000 0000 9995", "insufficient_funds"],
  ])("answers 402 for %s and records the failed attempt", async (number, reason) => {
    const user = await registerUser();
    const problem = expectProblem(await pay(user.accessToken, { amount: 500, description: "Soda", card: card(number) }), 402);
    expect(problem.reason).toBe(reason);
    const mine = (await api("GET", "/api/me/payments", { token: user.accessToken })).body.items;
    expect(mine).toMatchObject([{ status: "failed", failureReason: reason, id: problem.paymentId }]);
  });

  it("charges once per Idempotency-Key, even when requests race", async () => {
    const user = await registerUser();
    const key = crypto.randomUUID();
    const body = { amount: 700, description: "Nachos", card: card() };
    const results = await Promise.all([1, 2, 3].map(() => pay(user.accessToken, body, key)));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect((await api("GET", "/api/me/payments", { token: user.accessToken })).body.items).toHaveLength(1);
    expectProblem(await pay(user.accessToken, { ...body, amount: 800 }, key), 422);
  });

  it("charges a saved card", async () => {
    const user = await registerUser();
    const saved = await api("POST", "/api/me/payment-methods", {
      token: user.accessToken,
      body: { card: card("5555 5555 5555 4444") },
    });
    const res = await pay(user.accessToken, { amount: 900, description: "Candy", paymentMethodId: saved.body.id });
    expect(res.status).toBe(201);
    expect(res.body.card).toEqual({ brand: "mastercard", last4: "4444" });
  });

  it("validates input", async () => {
    const user = await registerUser();
    expectProblem(await pay(user.accessToken, { amount: 10, description: "x", card: card() }), 400);
    expectProblem(await pay(user.accessToken, { amount: 900, description: "x" }), 400);
    expectProblem(await pay(user.accessToken, { amount: 900, description: "x", card: card(), paymentMethodId: "p" }), 400);
    expectProblem(
      await api("POST", "/api/payments", { token: user.accessToken, body: { amount: 900, description: "x", card: card() } }),
      400,
    );
    expectProblem(await pay(user.accessToken, { amount: 900, description: "x", paymentMethodId: "nope" }), 404);
    expectProblem(await api("GET", "/api/me/payments?limit=0", { token: user.accessToken }), 400);
  });

  it("hides other people's payments, except from admins", async () => {
    const owner = await registerUser();
    const res = await pay(owner.accessToken, { amount: 1000, description: "Gift", card: card() });
    const stranger = await registerUser();
    expectProblem(await api("GET", `/api/payments/${res.body.id}`, { token: stranger.accessToken }), 404);
    expect((await api("GET", "/api/me/payments", { token: stranger.accessToken })).body.items).toEqual([]);
    const admin = await signInAdmin();
    expect((await api("GET", `/api/payments/${res.body.id}`, { token: admin.accessToken })).status).toBe(200);
    expectProblem(await api("GET", "/api/payments/nope", { token: owner.accessToken }), 404);
  });

  it("needs a signed-in caller", async () => {
    expectProblem(await pay(undefined, { amount: 900, description: "x", card: card() }), 401);
    expectProblem(await api("GET", "/api/payments/x"), 401);
    expectProblem(await api("GET", "/api/me/payments"), 401);
  });
});
