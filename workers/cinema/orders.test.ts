import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser } from "../../test/api";
import { client, expectJson, expectProblem, expectProblemOf } from "../../test/client";
import { database } from "../lib/db";
import { idempotent } from "../lib/idempotency";
import { chargeOrder } from "./orders.flow";
import { showtimeSeats } from "./seats";
import { buy, card, createShowtime, hold, holdOk, order, orderOk, seatStates } from "./test-helpers";

const myPayments = async (token: string) => (await expectJson(await client(token).me.payments.$get({ query: {} }), 200)).items;
const holdOf = async (token: string, id: string) => expectJson(await client(token).holds[":id"].$get({ param: { id } }), 200);

// Many requests per test on a shared, busy machine: allow more than the default 5 s.
describe("orders", { timeout: 60_000 }, () => {
  it("buys the seats of a hold: tickets issued, seats sold, card charged", async () => {
    const showtime = await createShowtime();
    const user = await registerUser();
    const held = await holdOk(user.accessToken, showtime.id, { seats: ["E7", "E8"] });
    const paid = await orderOk(user.accessToken, { holdId: held.id, card: card() });
    expect(paid).toMatchObject({
      status: "paid",
      showtimeId: showtime.id,
      total: 2400,
      currency: "usd",
      seats: [
        { label: "E7", kind: "standard", price: 1200 },
        { label: "E8", kind: "standard", price: 1200 },
      ],
    });
    expect(paid.tickets.map((t) => t.seat)).toEqual(["E7", "E8"]);
    for (const t of paid.tickets) expect(t.code).toMatch(/^[\w-]{20,}$/);
    const states = await seatStates(showtime.id);
    expect([states.E7, states.E8]).toEqual(["sold", "sold"]);
    expect((await holdOf(user.accessToken, held.id)).status).toBe("sold");
    const api = client(user.accessToken);
    expect(await expectJson(await api.orders[":id"].$get({ param: { id: paid.id } }), 200)).toEqual(paid);
    expect((await myPayments(user.accessToken)).map((p) => [p.status, p.amount])).toEqual([["succeeded", 2400]]);
    const inbox = await expectJson(await api.notifications.$get({ query: {} }), 200);
    expect(inbox.items.find((n) => n.kind === "order_confirmed")?.payload).toMatchObject({
      orderId: paid.id,
      seats: ["E7", "E8"],
    });
    const mine = await expectJson(await api.me.orders.$get({ query: {} }), 200);
    expect(mine.items.map((o) => o.id)).toEqual([paid.id]);
    // A sold seat cannot be held again.
    expectProblem(await hold((await registerUser()).accessToken, showtime.id, { seats: ["E7"] }), 409);
  });

  it("prices each seat by its kind", async () => {
    const showtime = await createShowtime({
      theater: { layout: { rows: ["sp"] } },
      body: { price: 1000, prices: { premium: 1800 } },
    });
    const user = await registerUser();
    const bought = await buy(user.accessToken, showtime.id, ["A1", "A2"]);
    expect(bought.total).toBe(2800);
  });

  it("returns the same order for a repeated Idempotency-Key and charges once", async () => {
    const showtime = await createShowtime();
    const user = await registerUser();
    const held = await holdOk(user.accessToken, showtime.id, { seats: ["C1"] });
    const key = crypto.randomUUID();
    const first = await order(user.accessToken, { holdId: held.id, card: card() }, key);
    const again = await order(user.accessToken, { holdId: held.id, card: card() }, key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
    expect(await myPayments(user.accessToken)).toHaveLength(1);
  });

  it("charges once when requests with the same key race", async () => {
    const showtime = await createShowtime();
    const user = await registerUser();
    const held = await holdOk(user.accessToken, showtime.id, { seats: ["C2", "C3"] });
    const key = crypto.randomUUID();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => order(user.accessToken, { holdId: held.id, card: card() }, key)),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(results.map((r) => (r.status === 201 ? r.body.id : undefined))).size).toBe(1);
    expect(await myPayments(user.accessToken)).toHaveLength(1);
  });

  it("refuses a key reused for a different request", async () => {
    const showtime = await createShowtime();
    const user = await registerUser();
    const held = await holdOk(user.accessToken, showtime.id, { seats: ["C4"] });
    const key = crypto.randomUUID();
    expect((await order(user.accessToken, { holdId: held.id, card: card() }, key)).status).toBe(201);
    expectProblem(await order(user.accessToken, { holdId: held.id, card: card("5555 5555 5555 4444") }, key), 422);
  });

  it("answers 402 for a declined card and keeps the seats held for another try", async () => {
    const showtime = await createShowtime();
    const user = await registerUser();
    const held = await holdOk(user.accessToken, showtime.id, { seats: ["D1", "D2"] });
    const declined = expectProblem(await order(user.accessToken, { holdId: held.id, card: card("4000 0000 0000 0002") }), 402);
    expect(declined.reason).toBe("card_declined");
    expect((await seatStates(showtime.id)).D1).toBe("held");
    expect((await holdOf(user.accessToken, held.id)).status).toBe("active");
    const broke = expectProblem(await order(user.accessToken, { holdId: held.id, card: card("4000 0000 0000 9995") }), 402);
    expect(broke.reason).toBe("insufficient_funds");
    const ok = await order(user.accessToken, { holdId: held.id, card: card() });
    expect(ok.status).toBe(201);
    expect((await myPayments(user.accessToken)).map((p) => p.status).sort()).toEqual(["failed", "failed", "succeeded"]);
  });

  it("pays with a saved card, and only with your own", async () => {
    const showtime = await createShowtime();
    const [user, other] = [await registerUser(), await registerUser()];
    const save = async (token: string, number: string) =>
      (await expectJson(await client(token).me["payment-methods"].$post({ json: { card: card(number) } }), 201)).id;
    const good = await save(user.accessToken, "4242424242424242");
    const bad = await save(user.accessToken, "4000000000000002");
    const theirs = await save(other.accessToken, "4242424242424242");
    const held = await holdOk(user.accessToken, showtime.id, { seats: ["F1"] });
    expectProblem(await order(user.accessToken, { holdId: held.id, paymentMethodId: theirs }), 404);
    expectProblem(await order(user.accessToken, { holdId: held.id, paymentMethodId: "nope" }), 404);
    expectProblem(await order(user.accessToken, { holdId: held.id, paymentMethodId: bad }), 402);
    const ok = await order(user.accessToken, { holdId: held.id, paymentMethodId: good });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  });

  it("answers 410 for an expired hold, without charging", async () => {
    const showtime = await createShowtime();
    const user = await registerUser();
    const held = await holdOk(user.accessToken, showtime.id, { seats: ["G1"] });
    await runInDurableObject(showtimeSeats(env, showtime.id), (_i, state) => {
      state.storage.sql.exec("UPDATE holds SET expires_at = ? WHERE id = ?", Date.now() - 1, held.id);
    });
    expectProblem(await order(user.accessToken, { holdId: held.id, card: card() }), 410);
    expect(await myPayments(user.accessToken)).toHaveLength(0);
  });

  it("hides someone else's hold and order (404)", async () => {
    const showtime = await createShowtime();
    const [owner, stranger] = [await registerUser(), await registerUser()];
    const held = await holdOk(owner.accessToken, showtime.id, { seats: ["H1"] });
    expectProblem(await order(stranger.accessToken, { holdId: held.id, card: card() }), 404);
    expectProblem(await order(stranger.accessToken, { holdId: "no-such-hold", card: card() }), 404);
    const bought = await orderOk(owner.accessToken, { holdId: held.id, card: card() });
    const theirs = client(stranger.accessToken);
    const param = { id: bought.id };
    await expectProblemOf(await theirs.orders[":id"].$get({ param }), 404);
    await expectProblemOf(await theirs.orders[":id"].refund.$post({ param }), 404);
    expect((await expectJson(await theirs.me.orders.$get({ query: {} }), 200)).items).toEqual([]);
  });

  it("validates the request and needs a signed-in caller", async () => {
    const user = await registerUser();
    // @ts-expect-error the Idempotency-Key header is missing on purpose
    const noKey = await client(user.accessToken).orders.$post({ json: { holdId: "x", card: card() } });
    await expectProblemOf(noKey, 400);
    expectProblem(await order(user.accessToken, { holdId: "x" }), 400);
    expectProblem(await order(user.accessToken, { holdId: "x", card: card(), paymentMethodId: "y" }), 400);
    expectProblem(await order(user.accessToken, { holdId: "x", card: card("4242 4242 4242 4241") }), 400);
    const anonymous = client();
    const header = { "idempotency-key": crypto.randomUUID() };
    await expectProblemOf(await anonymous.orders.$post({ header, json: { holdId: "x", card: card() } }), 401);
    await expectProblemOf(await anonymous.orders[":id"].$get({ param: { id: "x" } }), 401);
    await expectProblemOf(await anonymous.me.orders.$get({ query: {} }), 401);
  });

  it("finishes the job when retried after the Worker died between payment and tickets", async () => {
    const showtime = await createShowtime();
    const user = await registerUser();
    const held = await holdOk(user.accessToken, showtime.id, { seats: ["J1", "J2"] });
    const key = crypto.randomUUID();
    // Exactly what the route would have validated, so the retry matches the first request.
    const input = { holdId: held.id, card: { number: "4242424242424242", expMonth: 12, expYear: 2099, cvc: "123" } };
    const db = database(env.DB);
    const actor = { userId: user.id, role: "user" as const };
    await expect(
      idempotent(db, { userId: user.id, key: `order:${key}`, request: input }, async () => {
        await chargeOrder(env, db, actor, key, input);
        throw new Error("the Worker died here");
      }),
    ).rejects.toThrow("the Worker died here");
    expect(await myPayments(user.accessToken)).toMatchObject([{ status: "succeeded" }]);
    expect((await seatStates(showtime.id)).J1).toBe("held");

    const retry = await orderOk(user.accessToken, { holdId: held.id, card: card() }, key);
    expect(retry.tickets).toHaveLength(2);
    expect(await myPayments(user.accessToken)).toHaveLength(1);
    expect((await seatStates(showtime.id)).J1).toBe("sold");
  });

  it("sells the seats from the alarm when a paid checkout was abandoned", async () => {
    const showtime = await createShowtime();
    const user = await registerUser();
    const held = await holdOk(user.accessToken, showtime.id, { seats: ["I9"] });
    const db = database(env.DB);
    const { order: pending } = await chargeOrder(env, db, { userId: user.id, role: "user" }, crypto.randomUUID(), {
      holdId: held.id,
      card: card(),
    });
    const stub = showtimeSeats(env, showtime.id);
    await runInDurableObject(stub, (_i, state) => {
      state.storage.sql.exec("UPDATE holds SET paying_until = ? WHERE id = ?", Date.now() - 1, held.id);
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await seatStates(showtime.id)).I9).toBe("sold");
    const recovered = await expectJson(await client(user.accessToken).orders[":id"].$get({ param: { id: pending.id } }), 200);
    expect(recovered).toMatchObject({ status: "paid", tickets: [{ seat: "I9" }] });
    // The receipt the dead request never issued: one invoice for the order's payment.
    const invoices = await expectJson(await client(user.accessToken).me.invoices.$get({ query: {} }), 200);
    expect(invoices.items).toHaveLength(1);
    expect(invoices.items[0]).toMatchObject({ series: "INV", status: "paid", gross: recovered.total });
  });

  it("refunds instead of double-selling when D1's UNIQUE backstop refuses a seat", async () => {
    const showtime = await createShowtime();
    const [first, second] = [await registerUser(), await registerUser()];
    const bought = await buy(first.accessToken, showtime.id, ["I10"]);
    // Simulate the Durable Object losing track of the sale (it never does in normal operation).
    await runInDurableObject(showtimeSeats(env, showtime.id), (_i, state) => {
      state.storage.sql.exec("UPDATE seats SET state = 'available', order_id = NULL WHERE label = 'I10'");
    });
    const held = await holdOk(second.accessToken, showtime.id, { seats: ["I10"] });
    expectProblem(await order(second.accessToken, { holdId: held.id, card: card() }), 409);
    expect(await myPayments(second.accessToken)).toMatchObject([{ status: "refunded" }]);
    const tickets = await env.DB.prepare(
      "SELECT order_id FROM tickets WHERE showtime_id = ? AND seat_label = 'I10' AND status = 'valid'",
    )
      .bind(showtime.id)
      .all();
    expect(tickets.results).toEqual([{ order_id: bought.id }]);
  });
});
