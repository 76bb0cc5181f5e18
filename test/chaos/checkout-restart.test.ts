// Fault scenario (issue 20): the Worker restarts mid-checkout. The stack runs with the test-only
// CHAOS_HANG_AFTER_CHARGE=1 (workers/cinema/orders.flow.ts), so a checkout stops right after the
// card is charged and before the tickets are written; the test kills the whole stack there
// (SIGKILL, a crash), restarts it on the same state without the hook, and retries with the same
// Idempotency-Key. The order must complete: one charge, one ticket per seat, no seat lost or sold twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Answer, ChaosStack, call, newShowtime, ok, registerUser, seatStates, signInAdmin } from "./chaos-stack";

type Order = { id: string; status: string; tickets: { code: string; seat: string }[]; total: number };
type Page<T> = { items: T[] };

let chaos: ChaosStack;

beforeAll(async () => {
  chaos = await ChaosStack.create();
  await chaos.start({ CHAOS_HANG_AFTER_CHARGE: "1" });
});

afterAll(async () => {
  await chaos?.dispose();
});

describe("the Worker restarts between the charge and the ticket write", () => {
  it("completes the order on a retry with the same Idempotency-Key: one charge, one ticket per seat", async () => {
    const base = chaos.baseUrl;
    const admin = await signInAdmin(base);
    const showtime = await newShowtime(base, admin);
    const buyer = await registerUser(base);
    const held = await ok<{ id: string }>(201, base, "POST", `/api/showtimes/${showtime.id}/holds`, {
      token: buyer.token,
      json: { seats: ["B1", "B2"] },
    });
    const key = crypto.randomUUID();
    const checkout = () =>
      call(base, "POST", "/api/orders", {
        token: buyer.token,
        headers: { "idempotency-key": key },
        json: { holdId: held.id, card: { number: "4242424242424242", expMonth: 12, expYear: 2099, cvc: "123" } },
      });

    // The first attempt is charged, then hangs; the crash cuts it off before it answers.
    const first = checkout().catch((err: unknown) => err);
    await chaos.waitForLog("chaos_hang_after_charge");
    await chaos.kill();
    expect(await first).toBeInstanceOf(Error);

    await chaos.start({}, false);
    const payments = () =>
      ok<Page<{ status: string; amount: number }>>(200, base, "GET", "/api/me/payments", { token: buyer.token });
    // Charged before the crash, and nothing issued yet.
    expect((await payments()).items).toMatchObject([{ status: "succeeded", amount: 2400 }]);
    expect((await ok<Page<unknown>>(200, base, "GET", "/api/me/tickets", { token: buyer.token })).items).toEqual([]);

    // The retry: it takes over the dead request's key (once its lease runs out) and finishes the job.
    const retried: Answer = await checkout();
    expect(retried.status, JSON.stringify(retried.body)).toBe(201);
    const order = retried.body as unknown as Order;
    expect(order.status).toBe("paid");
    expect(order.tickets.map((t) => t.seat).sort()).toEqual(["B1", "B2"]);

    // One charge, one order, one ticket per seat.
    expect((await payments()).items).toMatchObject([{ status: "succeeded", amount: 2400 }]);
    expect((await ok<Page<Order>>(200, base, "GET", "/api/me/orders", { token: buyer.token })).items.map((o) => o.id)).toEqual([
      order.id,
    ]);
    const tickets = await ok<Page<{ seat: string; orderId: string; status: string }>>(200, base, "GET", "/api/me/tickets", {
      token: buyer.token,
    });
    expect(tickets.items.map((t) => [t.seat, t.orderId, t.status]).sort()).toEqual([
      ["B1", order.id, "valid"],
      ["B2", order.id, "valid"],
    ]);

    // Replays answer the same order without charging again.
    const replay = await checkout();
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect((replay.body as unknown as Order).id).toBe(order.id);
    expect((await payments()).items).toHaveLength(1);

    // The seats: those two sold and nobody can take them; every other seat still on sale.
    const states = await seatStates(base, showtime.id);
    expect([states.B1, states.B2]).toEqual(["sold", "sold"]);
    expect(Object.entries(states).filter(([label, state]) => !["B1", "B2"].includes(label) && state !== "available")).toEqual([]);
    const rival = await registerUser(base);
    const taken = await call(base, "POST", `/api/showtimes/${showtime.id}/holds`, {
      token: rival.token,
      json: { seats: ["B1"] },
    });
    expect(taken.status).toBe(409);
    const sales = await ok<{ ticketsSold: number; paidOrders: number }>(200, base, "GET", `/api/showtimes/${showtime.id}/sales`, {
      token: admin,
    });
    expect(sales).toMatchObject({ ticketsSold: 2, paidOrders: 1 });
  });
});
