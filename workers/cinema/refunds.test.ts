import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser, type TestUser } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";
import { adminToken, buy, createShowtime, holdOk, moveShowtime, seatStates } from "./test-helpers";

async function moderatorToken(): Promise<string> {
  const user: TestUser = await registerUser();
  const promote = { param: { id: user.id }, json: { role: "moderator" as const } };
  await expectJson(await client(await adminToken()).users[":id"].role.$patch(promote), 200);
  const json = { email: user.email, password: user.password };
  return (await expectJson(await client().auth.login.$post({ json }), 200)).accessToken;
}

const scan = async (code: string) =>
  expectJson(await client(await moderatorToken()).tickets[":code"]["check-in"].$post({ param: { code }, json: {} }), 200);

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

  it("refuses the buyer's and staff's refund of an order whose ticket was checked in at the door", async () => {
    const showtime = await createShowtime();
    const user = await registerUser();
    const bought = await buy(user.accessToken, showtime.id, ["A1"]);
    await scan(bought.tickets[0].code);
    const param = { id: bought.id };
    for (const token of [user.accessToken, await adminToken()]) {
      const problem = await expectProblemOf(await client(token).orders[":id"].refund.$post({ param }), 409);
      expect(problem.detail).toBe(
        "This order cannot be refunded: its ticket for seat A1 was already checked in (scanned by the door staff), so the seat was used",
      );
      expect(problem).toMatchObject({ reason: "checked_in", checkedIn: [{ code: bought.tickets[0].code, seat: "A1" }] });
    }
    // Nothing moved: still paid, the seat sold, the payment kept, the ticket valid.
    const api = client(user.accessToken);
    expect((await expectJson(await api.orders[":id"].$get({ param }), 200)).status).toBe("paid");
    expect((await seatStates(showtime.id)).A1).toBe("sold");
    expect((await expectJson(await api.me.payments.$get({ query: {} }), 200)).items).toMatchObject([{ status: "succeeded" }]);
    const ticket = await expectJson(await api.tickets[":code"].$get({ param: { code: bought.tickets[0].code } }), 200);
    expect(ticket.status).toBe("valid");
  });

  it("refuses the whole order when one of its tickets was checked in (no partial refunds: the order is refunded whole or not at all)", async () => {
    const showtime = await createShowtime();
    const user = await registerUser();
    const bought = await buy(user.accessToken, showtime.id, ["B1", "B2", "B3"]);
    const first = bought.tickets.find((t) => t.seat === "B2")?.code ?? "";
    await scan(first);
    const param = { id: bought.id };
    const problem = await expectProblemOf(await client(user.accessToken).orders[":id"].refund.$post({ param }), 409);
    expect(problem.detail).toContain("seat B2 was already checked in");
    const states = await seatStates(showtime.id);
    expect([states.B1, states.B2, states.B3]).toEqual(["sold", "sold", "sold"]);
    // The unused tickets still get in at the door.
    for (const t of bought.tickets.filter((t) => t.code !== first))
      expect((await scan(t.code)).checkedInAt).toEqual(expect.any(String));
  });

  it("still refunds checked-in orders when the cinema cancels the showtime", async () => {
    const showtime = await createShowtime();
    const user = await registerUser();
    const bought = await buy(user.accessToken, showtime.id, ["C1"]);
    await scan(bought.tickets[0].code);
    const admin = client(await adminToken());
    await expectJson(await admin.showtimes[":id"].cancel.$post({ param: { id: showtime.id } }), 200);
    const order = await expectJson(await client(user.accessToken).orders[":id"].$get({ param: { id: bought.id } }), 200);
    expect(order.status).toBe("refunded");
  });

  it("refuses a check-in once the order's refund has started (an interrupted refund, tickets not yet void)", async () => {
    const showtime = await createShowtime();
    const user = await registerUser();
    const bought = await buy(user.accessToken, showtime.id, ["D1"]);
    await env.DB.prepare("UPDATE orders SET status = 'refunding' WHERE id = ?").bind(bought.id).run();
    const res = await client(await moderatorToken()).tickets[":code"]["check-in"].$post({
      param: { code: bought.tickets[0].code },
      json: {},
    });
    expect((await expectProblemOf(res, 409)).reason).toBe("refunded");
    // Finishing the refund voids the ticket for good.
    await expectJson(await client(user.accessToken).orders[":id"].refund.$post({ param: { id: bought.id } }), 200);
    const ticket = await expectJson(
      await client(user.accessToken).tickets[":code"].$get({ param: { code: bought.tickets[0].code } }),
      200,
    );
    expect(ticket).toMatchObject({ status: "refunded", checkedInAt: null });
  });
});
