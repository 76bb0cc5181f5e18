import { describe, expect, it } from "vitest";
import { api, expectProblem, registerUser } from "../../test/api";
import { adminToken, buy, createShowtime, holdOk, moveShowtime, seatStates } from "./test-helpers";

// Many requests per test on a shared, busy machine: allow more than the default 5 s.
describe("refunds", { timeout: 60_000 }, () => {
  it("refunds a paid order in full and puts its seats back on sale", async () => {
    const showtime = await createShowtime();
    const user = await registerUser();
    const bought = await buy(user.accessToken, showtime.id, ["E1", "E2"]);
    const res = await api("POST", `/api/orders/${bought.id}/refund`, { token: user.accessToken });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ id: bought.id, status: "refunded", refundedAt: expect.any(String) });
    const states = await seatStates(showtime.id);
    expect([states.E1, states.E2]).toEqual(["available", "available"]);
    const payments = (await api("GET", "/api/me/payments", { token: user.accessToken })).body.items;
    expect(payments).toMatchObject([{ status: "refunded", amount: 2400 }]);
    const ticket = await api("GET", `/api/tickets/${bought.tickets[0].code}`, { token: user.accessToken });
    expect(ticket.body.status).toBe("refunded");
    const inbox = await api("GET", "/api/notifications", { token: user.accessToken });
    expect(inbox.body.items.map((n: { kind: string }) => n.kind)).toContain("order_refunded");
    // Refunding again changes nothing and charges nothing back twice.
    const again = await api("POST", `/api/orders/${bought.id}/refund`, { token: user.accessToken });
    expect(again.status).toBe(200);
    expect(again.body.status).toBe("refunded");
    // The seats can be sold again.
    const resold = await buy((await registerUser()).accessToken, showtime.id, ["E1"]);
    expect(resold.status).toBe("paid");
  });

  it("lets an admin refund anyone's order", async () => {
    const showtime = await createShowtime();
    const user = await registerUser();
    const bought = await buy(user.accessToken, showtime.id, ["F1"]);
    const res = await api("POST", `/api/orders/${bought.id}/refund`, { token: await adminToken() });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("refunded");
  });

  it("refuses once the showtime has started", async () => {
    const showtime = await createShowtime();
    const user = await registerUser();
    const bought = await buy(user.accessToken, showtime.id, ["G1"]);
    await moveShowtime(showtime.id, new Date(Date.now() - 60_000), new Date(Date.now() + 3_600_000));
    expectProblem(await api("POST", `/api/orders/${bought.id}/refund`, { token: user.accessToken }), 409);
    expect((await seatStates(showtime.id)).G1).toBe("sold");
  });

  it("refuses an order that was never paid", async () => {
    const showtime = await createShowtime();
    const user = await registerUser();
    const held = await holdOk(user.accessToken, showtime.id, { seats: ["H1"] });
    const declined = await api("POST", "/api/orders", {
      token: user.accessToken,
      headers: { "idempotency-key": crypto.randomUUID() },
      body: { holdId: held.id, card: { number: "4000000000000002", expMonth: 12, expYear: 2099, cvc: "123" } },
    });
    expect(declined.status).toBe(402);
    const failed = (await api("GET", "/api/me/orders", { token: user.accessToken })).body.items;
    expect(failed).toEqual([]);
    expectProblem(await api("POST", "/api/orders/no-such-order/refund", { token: user.accessToken }), 404);
    expectProblem(await api("POST", "/api/orders/x/refund"), 401);
  });
});
