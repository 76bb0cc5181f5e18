import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { expectProblem, registerUser } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";
import { database } from "../lib/db";
import { chargeOrder } from "./orders.flow";
import { adminToken, buy, card, createShowtime, hold, holdOk, seatStates } from "./test-helpers";

const cancel = async (id: string) => client(await adminToken()).showtimes[":id"].cancel.$post({ param: { id } });
const orderStatus = async (token: string, id: string) =>
  (await expectJson(await client(token).orders[":id"].$get({ param: { id } }), 200)).status;
const myPayments = async (token: string) => (await expectJson(await client(token).me.payments.$get({ query: {} }), 200)).items;

// Many requests per test on a shared, busy machine: allow more than the default 5 s.
describe("cancelling a showtime", { timeout: 60_000 }, () => {
  it("refunds every order, ends every hold and stops new ones", async () => {
    const showtime = await createShowtime();
    const [a, b, c] = [await registerUser(), await registerUser(), await registerUser()];
    const first = await buy(a.accessToken, showtime.id, ["E1", "E2"]);
    const second = await buy(b.accessToken, showtime.id, ["F1"]);
    const held = await holdOk(c.accessToken, showtime.id, { seats: ["G1"] });

    const res = await expectJson(await cancel(showtime.id), 200);
    expect(res).toMatchObject({ id: showtime.id, status: "cancelled", refundedOrders: 2 });

    for (const [user, bought] of [
      [a, first],
      [b, second],
    ] as const) {
      expect(await orderStatus(user.accessToken, bought.id)).toBe("refunded");
      expect(await myPayments(user.accessToken)).toMatchObject([{ status: "refunded" }]);
    }
    const inbox = await expectJson(await client(a.accessToken).notifications.$get({ query: {} }), 200);
    expect(inbox.items.map((n) => n.kind)).toContain("showtime_cancelled");
    const heldNow = await expectJson(await client(c.accessToken).holds[":id"].$get({ param: { id: held.id } }), 200);
    expect(heldNow.status).toBe("cancelled");
    const states = Object.values(await seatStates(showtime.id));
    expect(new Set(states)).toEqual(new Set(["blocked"]));
    expectProblem(await hold(c.accessToken, showtime.id, { seats: ["H1"] }), 409);
    const listed = await expectJson(await client().showtimes.$get({ query: { theater: showtime.theaterId } }), 200);
    expect(listed.items).toEqual([]);

    // Repeating it is harmless.
    const again = await expectJson(await cancel(showtime.id), 200);
    expect(again.refundedOrders).toBe(0);
  });

  it("frees the theater for another showtime", async () => {
    const showtime = await createShowtime();
    expect((await cancel(showtime.id)).status).toBe(200);
    const { movieId } = await expectJson(await client().showtimes[":id"].$get({ param: { id: showtime.id } }), 200);
    const json = { movieId, theaterId: showtime.theaterId, startsAt: showtime.startsAt, price: 1000 };
    await expectJson(await client(await adminToken()).showtimes.$post({ json }), 201);
  });

  it("refunds a checkout caught mid-payment", async () => {
    const showtime = await createShowtime();
    const user = await registerUser();
    const held = await holdOk(user.accessToken, showtime.id, { seats: ["J1"] });
    const db = database(env.DB);
    const { order } = await chargeOrder(env, db, { userId: user.id, role: "user" }, crypto.randomUUID(), {
      holdId: held.id,
      card: card(),
    });
    expect((await cancel(showtime.id)).status).toBe(200);
    expect(await myPayments(user.accessToken)).toMatchObject([{ status: "refunded" }]);
    expect(await orderStatus(user.accessToken, order.id)).toBe("failed");
  });

  it("is for admins only", async () => {
    const showtime = await createShowtime();
    const param = { id: showtime.id };
    await expectProblemOf(await client().showtimes[":id"].cancel.$post({ param }), 401);
    const user = await registerUser();
    await expectProblemOf(await client(user.accessToken).showtimes[":id"].cancel.$post({ param }), 403);
    await expectProblemOf(await cancel("no-such-showtime"), 404);
  });
});
