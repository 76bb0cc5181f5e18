import { createExecutionContext, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser, signInAdmin } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";
import { app } from "../app";
import { testCards } from "./provider";

type NewPayment = Parameters<ReturnType<typeof client>["payments"]["$post"]>[0]["json"];
const card = (number = "4242 4242 4242 4242") => ({ number, expMonth: 12, expYear: 2099, cvc: "123" });
const pay = (token: string | undefined, json: NewPayment, key: string = crypto.randomUUID()) =>
  client(token).payments.$post({ json, header: { "idempotency-key": key } });
const myPayments = async (token: string) => expectJson(await client(token).me.payments.$get({ query: {} }), 200);
const payment = (token: string | undefined, id: string) => client(token).payments[":id"].$get({ param: { id } });

// Many requests per test on a shared, busy machine: allow more than the default 5 s.
describe("payments", { timeout: 60_000 }, () => {
  it("lists the provider's test cards in development and test, and nowhere else", async () => {
    const res = await expectJson(await client().payments["test-cards"].$get(), 200);
    expect(res.items).toEqual(testCards);
    expect(res.items).toContainEqual(expect.objectContaining({ number: "4242 4242 4242 4242", outcome: "succeeds" }));
    expect(res.items).toContainEqual(expect.objectContaining({ number: "4000 0000 0000 0002", outcome: "declined" }));
    const declined = res.items.find((c) => c.outcome === "declined")?.number ?? "";
    const user = await registerUser();
    await expectProblemOf(await pay(user.accessToken, { amount: 500, description: "Listed", card: card(declined) }), 402);
    const as = (environment: string) =>
      app.fetch(
        new Request("https://marquee.test/api/payments/test-cards"),
        { ...env, ENVIRONMENT: environment },
        createExecutionContext(),
      );
    expect((await as("development")).status).toBe(200);
    await expectProblemOf(await as("production"), 404);
    await expectProblemOf(await as("staging"), 404);
  });

  it("charges a card and shows the payment to its owner", async () => {
    const user = await registerUser();
    const res = await expectJson(await pay(user.accessToken, { amount: 1999, description: "Popcorn", card: card() }), 201);
    expect(res).toEqual({
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
    expect(await expectJson(await payment(user.accessToken, res.id), 200)).toEqual(res);
    expect(await myPayments(user.accessToken)).toEqual({
      items: [res],
      nextCursor: null,
    });
  });

  it.each([
    ["4000 0000 0000 0002", "card_declined"],
    ["4000 0000 0000 9995", "insufficient_funds"],
  ])("answers 402 for %s and records the failed attempt", async (number, reason) => {
    const user = await registerUser();
    const problem = await expectProblemOf(
      await pay(user.accessToken, { amount: 500, description: "Soda", card: card(number) }),
      402,
    );
    expect(problem.reason).toBe(reason);
    const mine = (await myPayments(user.accessToken)).items;
    expect(mine).toMatchObject([{ status: "failed", failureReason: reason, id: problem.paymentId }]);
  });

  it("charges once per Idempotency-Key, even when requests race", async () => {
    const user = await registerUser();
    const key = crypto.randomUUID();
    const body = { amount: 700, description: "Nachos", card: card() };
    const results = await Promise.all([1, 2, 3].map(() => pay(user.accessToken, body, key)));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    const paid = await Promise.all(results.map((r) => expectJson(r, 201)));
    expect(new Set(paid.map((p) => p.id)).size).toBe(1);
    expect((await myPayments(user.accessToken)).items).toHaveLength(1);
    await expectProblemOf(await pay(user.accessToken, { ...body, amount: 800 }, key), 422);
  });

  it("charges a saved card", async () => {
    const user = await registerUser();
    const methods = client(user.accessToken).me["payment-methods"];
    const saved = await expectJson(await methods.$post({ json: { card: card("5555 5555 5555 4444") } }), 201);
    const res = await pay(user.accessToken, { amount: 900, description: "Candy", paymentMethodId: saved.id });
    expect((await expectJson(res, 201)).card).toEqual({ brand: "mastercard", last4: "4444" });
  });

  it("validates input", async () => {
    const user = await registerUser();
    await expectProblemOf(await pay(user.accessToken, { amount: 10, description: "x", card: card() }), 400);
    await expectProblemOf(await pay(user.accessToken, { amount: 900, description: "x" }), 400);
    await expectProblemOf(
      await pay(user.accessToken, { amount: 900, description: "x", card: card(), paymentMethodId: "p" }),
      400,
    );
    const json = { amount: 900, description: "x", card: card() };
    // @ts-expect-error the idempotency key is missing on purpose
    await expectProblemOf(await client(user.accessToken).payments.$post({ json }), 400);
    await expectProblemOf(await pay(user.accessToken, { amount: 900, description: "x", paymentMethodId: "nope" }), 404);
    await expectProblemOf(await client(user.accessToken).me.payments.$get({ query: { limit: "0" } }), 400);
  });

  it("hides other people's payments, except from admins", async () => {
    const owner = await registerUser();
    const res = await expectJson(await pay(owner.accessToken, { amount: 1000, description: "Gift", card: card() }), 201);
    const stranger = await registerUser();
    await expectProblemOf(await payment(stranger.accessToken, res.id), 404);
    expect((await myPayments(stranger.accessToken)).items).toEqual([]);
    const admin = await signInAdmin();
    expect((await payment(admin.accessToken, res.id)).status).toBe(200);
    await expectProblemOf(await payment(owner.accessToken, "nope"), 404);
  });

  it("needs a signed-in caller", async () => {
    await expectProblemOf(await pay(undefined, { amount: 900, description: "x", card: card() }), 401);
    await expectProblemOf(await payment(undefined, "x"), 401);
    await expectProblemOf(await client().me.payments.$get({ query: {} }), 401);
  });
});
