import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, expectProblem, registerUser, type TestUser } from "../../test/api";
import { adminToken, buy, createShowtime, moveShowtime } from "./test-helpers";

async function moderator(): Promise<string> {
  const user: TestUser = await registerUser();
  const promoted = await api("PATCH", `/api/users/${user.id}/role`, { token: await adminToken(), body: { role: "moderator" } });
  expect(promoted.status).toBe(200);
  const login = await api("POST", "/api/auth/login", { body: { email: user.email, password: user.password } });
  return login.body.accessToken;
}

// Many requests per test on a shared, busy machine: allow more than the default 5 s.
describe("tickets", { timeout: 60_000 }, () => {
  it("lists your tickets with their showtime", async () => {
    const showtime = await createShowtime();
    const user = await registerUser();
    const bought = await buy(user.accessToken, showtime.id, ["A1", "A2"]);
    const res = await api("GET", "/api/me/tickets", { token: user.accessToken });
    expect(res.status).toBe(200);
    expect(res.body.items.map((t: { seat: string }) => t.seat).sort()).toEqual(["A1", "A2"]);
    expect(res.body.items[0]).toMatchObject({
      status: "valid",
      checkedInAt: null,
      orderId: bought.id,
      price: 1200,
      showtime: { id: showtime.id, startsAt: showtime.startsAt, movieTitle: expect.any(String), theaterName: expect.any(String) },
    });
    const page = await api("GET", "/api/me/tickets?limit=1", { token: user.accessToken });
    expect(page.body.items).toHaveLength(1);
    const rest = await api("GET", `/api/me/tickets?limit=1&cursor=${page.body.nextCursor}`, { token: user.accessToken });
    expect(rest.body.items[0].code).not.toBe(page.body.items[0].code);
    expect((await api("GET", "/api/me/tickets", { token: (await registerUser()).accessToken })).body.items).toEqual([]);
  });

  it("serves a QR code to the holder and staff only", async () => {
    const showtime = await createShowtime();
    const user = await registerUser();
    const { tickets } = await buy(user.accessToken, showtime.id, ["B1"]);
    const path = `/api/tickets/${tickets[0].code}/qr.svg`;
    const res = await api("GET", path, { token: user.accessToken });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("image/svg+xml");
    expect(res.body).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect((await api("GET", path, { token: await adminToken() })).status).toBe(200);
    expectProblem(await api("GET", path, { token: (await registerUser()).accessToken }), 404);
    expectProblem(await api("GET", path), 401);
    expectProblem(await api("GET", "/api/tickets/no-such-code/qr.svg", { token: user.accessToken }), 404);
  });

  it("checks a ticket in once (staff), then answers 409", async () => {
    const showtime = await createShowtime();
    const user = await registerUser();
    const { tickets } = await buy(user.accessToken, showtime.id, ["C1"]);
    const staff = await moderator();
    const path = `/api/tickets/${tickets[0].code}/check-in`;
    const first = await api("POST", path, { token: staff });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.checkedInAt).toEqual(expect.any(String));
    expectProblem(await api("POST", path, { token: staff }), 409);
    expectProblem(await api("POST", path, { token: await adminToken() }), 409);
    const seen = await api("GET", `/api/tickets/${tickets[0].code}`, { token: user.accessToken });
    expect(seen.body.checkedInAt).toBe(first.body.checkedInAt);
  });

  it("lets exactly one of two racing check-ins through", async () => {
    const showtime = await createShowtime();
    const { tickets } = await buy((await registerUser()).accessToken, showtime.id, ["C2"]);
    const token = await adminToken();
    const results = await Promise.all([1, 2, 3].map(() => api("POST", `/api/tickets/${tickets[0].code}/check-in`, { token })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
  });

  it("answers 410 after the showtime ended and 409 for a refunded ticket", async () => {
    const token = await adminToken();
    const ended = await createShowtime();
    const user = await registerUser();
    const old = await buy(user.accessToken, ended.id, ["D1"]);
    await moveShowtime(ended.id, new Date(Date.now() - 3 * 3_600_000), new Date(Date.now() - 60_000));
    expectProblem(await api("POST", `/api/tickets/${old.tickets[0].code}/check-in`, { token }), 410);

    const later = await createShowtime();
    const refunded = await buy(user.accessToken, later.id, ["D2"]);
    expect((await api("POST", `/api/orders/${refunded.id}/refund`, { token: user.accessToken })).status).toBe(200);
    expectProblem(await api("POST", `/api/tickets/${refunded.tickets[0].code}/check-in`, { token }), 409);
  });

  it("keeps check-in to staff and tickets to their holders", async () => {
    const showtime = await createShowtime();
    const user = await registerUser();
    const { tickets } = await buy(user.accessToken, showtime.id, ["E1"]);
    expectProblem(await api("POST", `/api/tickets/${tickets[0].code}/check-in`, { token: user.accessToken }), 403);
    expectProblem(await api("POST", `/api/tickets/${tickets[0].code}/check-in`), 401);
    expectProblem(await api("POST", "/api/tickets/nope/check-in", { token: await adminToken() }), 404);
    expectProblem(await api("GET", `/api/tickets/${tickets[0].code}`, { token: (await registerUser()).accessToken }), 404);
    expectProblem(await api("GET", "/api/me/tickets"), 401);
    const row = await env.DB.prepare("SELECT checked_in_at FROM tickets WHERE code = ?").bind(tickets[0].code).first();
    expect(row).toEqual({ checked_in_at: null });
  });
});
