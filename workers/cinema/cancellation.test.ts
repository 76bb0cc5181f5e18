import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, expectProblem, registerUser } from "../../test/api";
import { database } from "../lib/db";
import { chargeOrder } from "./orders.flow";
import { adminToken, buy, card, createShowtime, hold, holdOk, seatStates } from "./test-helpers";

const cancel = async (id: string) => api("POST", `/api/showtimes/${id}/cancel`, { token: await adminToken() });

// Many requests per test on a shared, busy machine: allow more than the default 5 s.
describe("cancelling a showtime", { timeout: 60_000 }, () => {
  it("refunds every order, ends every hold and stops new ones", async () => {
    const showtime = await createShowtime();
    const [a, b, c] = [await registerUser(), await registerUser(), await registerUser()];
    const first = await buy(a.accessToken, showtime.id, ["E1", "E2"]);
    const second = await buy(b.accessToken, showtime.id, ["F1"]);
    const held = await holdOk(c.accessToken, showtime.id, { seats: ["G1"] });

    const res = await cancel(showtime.id);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ id: showtime.id, status: "cancelled", refundedOrders: 2 });

    for (const [user, bought] of [
      [a, first],
      [b, second],
    ] as const) {
      expect((await api("GET", `/api/orders/${bought.id}`, { token: user.accessToken })).body.status).toBe("refunded");
      expect((await api("GET", "/api/me/payments", { token: user.accessToken })).body.items).toMatchObject([
        { status: "refunded" },
      ]);
    }
    const inbox = await api("GET", "/api/notifications", { token: a.accessToken });
    expect(inbox.body.items.map((n: { kind: string }) => n.kind)).toContain("showtime_cancelled");
    expect((await api("GET", `/api/holds/${held.id}`, { token: c.accessToken })).body.status).toBe("cancelled");
    const states = Object.values(await seatStates(showtime.id));
    expect(new Set(states)).toEqual(new Set(["blocked"]));
    expectProblem(await hold(c.accessToken, showtime.id, { seats: ["H1"] }), 409);
    const listed = await api("GET", `/api/showtimes?theater=${showtime.theaterId}`);
    expect(listed.body.items).toEqual([]);

    // Repeating it is harmless.
    const again = await cancel(showtime.id);
    expect(again.status).toBe(200);
    expect(again.body.refundedOrders).toBe(0);
  });

  it("frees the theater for another showtime", async () => {
    const showtime = await createShowtime();
    expect((await cancel(showtime.id)).status).toBe(200);
    const replacement = await api("POST", "/api/showtimes", {
      token: await adminToken(),
      body: {
        movieId: (await api("GET", `/api/showtimes/${showtime.id}`)).body.movieId,
        theaterId: showtime.theaterId,
        startsAt: showtime.startsAt,
        price: 1000,
      },
    });
    expect(replacement.status).toBe(201);
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
    expect((await api("GET", "/api/me/payments", { token: user.accessToken })).body.items).toMatchObject([
      { status: "refunded" },
    ]);
    expect((await api("GET", `/api/orders/${order.id}`, { token: user.accessToken })).body.status).toBe("failed");
  });

  it("is for admins only", async () => {
    const showtime = await createShowtime();
    expectProblem(await api("POST", `/api/showtimes/${showtime.id}/cancel`), 401);
    expectProblem(await api("POST", `/api/showtimes/${showtime.id}/cancel`, { token: (await registerUser()).accessToken }), 403);
    expectProblem(await cancel("no-such-showtime"), 404);
  });
});
