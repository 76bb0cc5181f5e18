import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, expectProblem, registerUser } from "../../test/api";
import { database } from "../lib/db";
import { idempotent } from "../lib/idempotency";
import { chargeOrder } from "./orders.flow";
import { showtimeSeats } from "./seats";
import { buy, card, createShowtime, holdOk, order, seatStates } from "./test-helpers";

const myPayments = async (token: string) =>
  (await api("GET", "/api/me/payments", { token })).body.items as { id: string; status: string; amount: number }[];

// Many requests per test on a shared, busy machine: allow more than the default 5 s.
describe("orders", { timeout: 60_000 }, () => {
  it("buys the seats of a hold: tickets issued, seats sold, card charged", async () => {
    const showtime = await createShowtime();
    const user = await registerUser();
    const held = await holdOk(user.accessToken, showtime.id, { seats: ["E7", "E8"] });
    const res = await order(user.accessToken, { holdId: held.id, card: card() });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      status: "paid",
      showtimeId: showtime.id,
      total: 2400,
      currency: "usd",
      seats: [
        { label: "E7", kind: "standard", price: 1200 },
        { label: "E8", kind: "standard", price: 1200 },
      ],
    });
    expect(res.body.tickets.map((t: { seat: string }) => t.seat)).toEqual(["E7", "E8"]);
    for (const t of res.body.tickets) expect(t.code).toMatch(/^[\w-]{20,}$/);
    const states = await seatStates(showtime.id);
    expect([states.E7, states.E8]).toEqual(["sold", "sold"]);
    expect((await api("GET", `/api/holds/${held.id}`, { token: user.accessToken })).body.status).toBe("sold");
    expect((await api("GET", `/api/orders/${res.body.id}`, { token: user.accessToken })).body).toEqual(res.body);
    expect((await myPayments(user.accessToken)).map((p) => [p.status, p.amount])).toEqual([["succeeded", 2400]]);
    const inbox = await api("GET", "/api/notifications", { token: user.accessToken });
    expect(inbox.body.items.find((n: { kind: string }) => n.kind === "order_confirmed")?.payload).toMatchObject({
      orderId: res.body.id,
      seats: ["E7", "E8"],
    });
    const mine = await api("GET", "/api/me/orders", { token: user.accessToken });
    expect(mine.body.items.map((o: { id: string }) => o.id)).toEqual([res.body.id]);
    // A sold seat cannot be held again.
    expectProblem(
      await api("POST", `/api/showtimes/${showtime.id}/holds`, {
        token: (await registerUser()).accessToken,
        body: { seats: ["E7"] },
      }),
      409,
    );
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
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
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
    expect((await api("GET", `/api/holds/${held.id}`, { token: user.accessToken })).body.status).toBe("active");
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
      (await api("POST", "/api/me/payment-methods", { token, body: { card: card(number) } })).body.id as string;
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
    const bought = await order(owner.accessToken, { holdId: held.id, card: card() });
    expect(bought.status).toBe(201);
    expectProblem(await api("GET", `/api/orders/${bought.body.id}`, { token: stranger.accessToken }), 404);
    expectProblem(await api("POST", `/api/orders/${bought.body.id}/refund`, { token: stranger.accessToken }), 404);
    expect((await api("GET", "/api/me/orders", { token: stranger.accessToken })).body.items).toEqual([]);
  });

  it("validates the request and needs a signed-in caller", async () => {
    const user = await registerUser();
    const noKey = await api("POST", "/api/orders", { token: user.accessToken, body: { holdId: "x", card: card() } });
    expectProblem(noKey, 400);
    expectProblem(await order(user.accessToken, { holdId: "x" }), 400);
    expectProblem(await order(user.accessToken, { holdId: "x", card: card(), paymentMethodId: "y" }), 400);
    expectProblem(await order(user.accessToken, { holdId: "x", card: card("4242 4242 4242 4241") }), 400);
    expectProblem(
      await api("POST", "/api/orders", {
        body: { holdId: "x", card: card() },
        headers: { "idempotency-key": crypto.randomUUID() },
      }),
      401,
    );
    expectProblem(await api("GET", "/api/orders/x"), 401);
    expectProblem(await api("GET", "/api/me/orders"), 401);
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

    const retry = await order(user.accessToken, { holdId: held.id, card: card() }, key);
    expect(retry.status, JSON.stringify(retry.body)).toBe(201);
    expect(retry.body.tickets).toHaveLength(2);
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
    const recovered = await api("GET", `/api/orders/${pending.id}`, { token: user.accessToken });
    expect(recovered.body).toMatchObject({ status: "paid", tickets: [{ seat: "I9" }] });
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
