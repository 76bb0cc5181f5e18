import { describe, expect, it } from "vitest";
import { registerUser } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";
import { adminToken, buy, createShowtime, holdOk, moveShowtime, seatStates } from "./test-helpers";

// Many requests per test on a shared, busy machine: allow more than the default 5 s.
describe("refunds", { timeout: 60_000 }, () => {
  it("refunds a paid order in full and puts its seats back on sale", async () => {
    const showtime = await createShowtime();
    const user = await registerUser();
    const bought = await buy(user.accessToken, showtime.id, ["E1", "E2"]);
    const api = client(user.accessToken);
    const param = { id: bought.id };
    const res = await expectJson(await api.orders[":id"].refund.$post({ param }), 200);
    expect(res).toMatchObject({ id: bought.id, status: "refunded", refundedAt: expect.any(String) });
    const states = await seatStates(showtime.id);
    expect([states.E1, states.E2]).toEqual(["available", "available"]);
    const payments = (await expectJson(await api.me.payments.$get({ query: {} }), 200)).items;
    expect(payments).toMatchObject([{ status: "refunded", amount: 2400 }]);
    const ticket = await expectJson(await api.tickets[":code"].$get({ param: { code: bought.tickets[0].code } }), 200);
    expect(ticket.status).toBe("refunded");
    const inbox = await expectJson(await api.notifications.$get({ query: {} }), 200);
    expect(inbox.items.map((n) => n.kind)).toContain("order_refunded");
    // Refunding again changes nothing and charges nothing back twice.
    const again = await expectJson(await api.orders[":id"].refund.$post({ param }), 200);
    expect(again.status).toBe("refunded");
    // The seats can be sold again.
    const resold = await buy((await registerUser()).accessToken, showtime.id, ["E1"]);
    expect(resold.status).toBe("paid");
  });

  it("lets an admin refund anyone's order", async () => {
    const showtime = await createShowtime();
    const user = await registerUser();
    const bought = await buy(user.accessToken, showtime.id, ["F1"]);
    const res = await client(await adminToken()).orders[":id"].refund.$post({ param: { id: bought.id } });
    expect((await expectJson(res, 200)).status).toBe("refunded");
  });

  it("refuses once the showtime has started", async () => {
    const showtime = await createShowtime();
    const user = await registerUser();
    const bought = await buy(user.accessToken, showtime.id, ["G1"]);
    await moveShowtime(showtime.id, new Date(Date.now() - 60_000), new Date(Date.now() + 3_600_000));
    await expectProblemOf(await client(user.accessToken).orders[":id"].refund.$post({ param: { id: bought.id } }), 409);
    expect((await seatStates(showtime.id)).G1).toBe("sold");
  });

  it("refuses an order that was never paid", async () => {
    const showtime = await createShowtime();
    const user = await registerUser();
    const held = await holdOk(user.accessToken, showtime.id, { seats: ["H1"] });
    const api = client(user.accessToken);
    const declined = await api.orders.$post({
      header: { "idempotency-key": crypto.randomUUID() },
      json: { holdId: held.id, card: { number: "4000000000000002", expMonth: 12, expYear: 2099, cvc: "123" } },
    });
    expect(declined.status).toBe(402);
    const failed = (await expectJson(await api.me.orders.$get({ query: {} }), 200)).items;
    expect(failed).toEqual([]);
    await expectProblemOf(await api.orders[":id"].refund.$post({ param: { id: "no-such-order" } }), 404);
    await expectProblemOf(await client().orders[":id"].refund.$post({ param: { id: "x" } }), 401);
  });
});
