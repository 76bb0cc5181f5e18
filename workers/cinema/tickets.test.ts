import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser, type TestUser } from "../../test/api";
import { checkedFetch, client, expectJson, expectProblemOf } from "../../test/client";
import { adminToken, buy, createShowtime, moveShowtime } from "./test-helpers";

async function moderator(): Promise<string> {
  const user: TestUser = await registerUser();
  const promote = { param: { id: user.id }, json: { role: "moderator" as const } };
  await expectJson(await client(await adminToken()).users[":id"].role.$patch(promote), 200);
  const json = { email: user.email, password: user.password };
  return (await expectJson(await client().auth.login.$post({ json }), 200)).accessToken;
}

const myTickets = (token?: string, query: { limit?: string; cursor?: string } = {}) => client(token).me.tickets.$get({ query });
const checkIn = (token: string | undefined, code: string, showtimeId?: string) =>
  client(token).tickets[":code"]["check-in"].$post({ param: { code }, json: showtimeId === undefined ? {} : { showtimeId } });

type Refusal = { detail: string; reason: string; checkedInAt?: string; ticket: { code: string; seat: string; status: string } };
/** A refused check-in: the problem with its reason and the ticket. */
const refusedWith = async (res: Response | { status: number; json(): Promise<unknown> }, status: 409 | 410) =>
  (await expectProblemOf(res, status)) as unknown as Refusal;

// Many requests per test on a shared, busy machine: allow more than the default 5 s.
describe("tickets", { timeout: 60_000 }, () => {
  it("lists your tickets with their showtime", async () => {
    const showtime = await createShowtime();
    const user = await registerUser();
    const bought = await buy(user.accessToken, showtime.id, ["A1", "A2"]);
    const res = await expectJson(await myTickets(user.accessToken), 200);
    expect(res.items.map((t) => t.seat).sort()).toEqual(["A1", "A2"]);
    expect(res.items[0]).toMatchObject({
      status: "valid",
      checkedInAt: null,
      orderId: bought.id,
      price: 1200,
      showtime: { id: showtime.id, startsAt: showtime.startsAt, movieTitle: expect.any(String), theaterName: expect.any(String) },
    });
    const page = await expectJson(await myTickets(user.accessToken, { limit: "1" }), 200);
    expect(page.items).toHaveLength(1);
    const cursor = page.nextCursor ?? "";
    const rest = await expectJson(await myTickets(user.accessToken, { limit: "1", cursor }), 200);
    expect(rest.items[0].code).not.toBe(page.items[0].code);
    expect((await expectJson(await myTickets((await registerUser()).accessToken), 200)).items).toEqual([]);
  });

  it("serves a QR code to the holder and staff only", async () => {
    const showtime = await createShowtime();
    const user = await registerUser();
    const { tickets } = await buy(user.accessToken, showtime.id, ["B1"]);
    const qr = (token: string | undefined, code = tickets[0].code) =>
      client(token).tickets[":code"]["qr.svg"].$get({ param: { code } });
    const res = await qr(user.accessToken);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("image/svg+xml");
    expect(await res.text()).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect((await qr(await adminToken())).status).toBe(200);
    await expectProblemOf(await qr((await registerUser()).accessToken), 404);
    await expectProblemOf(await qr(undefined), 401);
    await expectProblemOf(await qr(user.accessToken, "no-such-code"), 404);
  });

  it("checks a ticket in once (staff), then answers 409", async () => {
    const showtime = await createShowtime();
    const user = await registerUser();
    const { tickets } = await buy(user.accessToken, showtime.id, ["C1"]);
    const staff = await moderator();
    const code = tickets[0].code;
    const first = await expectJson(await checkIn(staff, code), 200);
    expect(first.checkedInAt).toEqual(expect.any(String));
    const again = await refusedWith(await checkIn(staff, code), 409);
    expect(again).toMatchObject({ reason: "already_checked_in", checkedInAt: first.checkedInAt, ticket: { code, seat: "C1" } });
    await expectProblemOf(await checkIn(await adminToken(), code), 409);
    const seen = await expectJson(await client(user.accessToken).tickets[":code"].$get({ param: { code } }), 200);
    expect(seen.checkedInAt).toBe(first.checkedInAt);
  });

  it("lets exactly one of two racing check-ins through", async () => {
    const showtime = await createShowtime();
    const { tickets } = await buy((await registerUser()).accessToken, showtime.id, ["C2"]);
    const token = await adminToken();
    const results = await Promise.all([1, 2, 3].map(() => checkIn(token, tickets[0].code)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
  });

  it("answers 410 after the showtime ended and 409 for a refunded ticket", async () => {
    const token = await adminToken();
    const ended = await createShowtime();
    const user = await registerUser();
    const old = await buy(user.accessToken, ended.id, ["D1"]);
    await moveShowtime(ended.id, new Date(Date.now() - 3 * 3_600_000), new Date(Date.now() - 60_000));
    const expired = await refusedWith(await checkIn(token, old.tickets[0].code), 410);
    expect(expired).toMatchObject({ reason: "expired", detail: "This showtime has ended", ticket: { seat: "D1" } });

    const later = await createShowtime();
    const refunded = await buy(user.accessToken, later.id, ["D2"]);
    const refund = await client(user.accessToken).orders[":id"].refund.$post({ param: { id: refunded.id } });
    expect(refund.status).toBe(200);
    const refusal = await refusedWith(await checkIn(token, refunded.tickets[0].code), 409);
    expect(refusal).toMatchObject({ reason: "refunded", ticket: { seat: "D2", status: "refunded" } });
  });

  it("refuses a ticket for another showtime at this door, changing nothing", async () => {
    const token = await adminToken();
    const showtime = await createShowtime();
    const other = await createShowtime();
    const { tickets } = await buy((await registerUser()).accessToken, showtime.id, ["F1"]);
    const code = tickets[0].code;
    const wrong = await refusedWith(await checkIn(token, code, other.id), 409);
    expect(wrong).toMatchObject({ reason: "wrong_showtime", ticket: { code, status: "valid" } });
    expect(wrong.detail).toContain(showtime.movieTitle);
    const row = await env.DB.prepare("SELECT checked_in_at FROM tickets WHERE code = ?").bind(code).first();
    expect(row).toEqual({ checked_in_at: null });
    expect((await expectJson(await checkIn(token, code, showtime.id), 200)).checkedInAt).toEqual(expect.any(String));
    // A used ticket shown at the wrong door is still the wrong showtime: that is what the door must act on.
    expect((await refusedWith(await checkIn(token, code, other.id), 409)).reason).toBe("wrong_showtime");
  });

  it("checks in without a body, and refuses a cancelled showtime's ticket as expired", async () => {
    const token = await adminToken();
    const showtime = await createShowtime();
    const { tickets } = await buy((await registerUser()).accessToken, showtime.id, ["F2", "F3"]);
    const res = await checkedFetch(`https://marquee.test/api/tickets/${tickets[0].code}/check-in`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    // Cancelled in D1 only, as if the cancellation had not reached the refunds yet.
    await env.DB.prepare("UPDATE showtimes SET status = 'cancelled' WHERE id = ?").bind(showtime.id).run();
    const cancelled = await refusedWith(await checkIn(token, tickets[1].code), 410);
    expect(cancelled).toMatchObject({ reason: "expired", detail: "This showtime was cancelled" });
    await expectProblemOf(await checkIn(token, tickets[1].code, ""), 400);
  });

  it("keeps check-in to staff and tickets to their holders", async () => {
    const showtime = await createShowtime();
    const user = await registerUser();
    const { tickets } = await buy(user.accessToken, showtime.id, ["E1"]);
    const code = tickets[0].code;
    await expectProblemOf(await checkIn(user.accessToken, code), 403);
    await expectProblemOf(await checkIn(undefined, code), 401);
    await expectProblemOf(await checkIn(await adminToken(), "nope"), 404);
    const stranger = client((await registerUser()).accessToken);
    await expectProblemOf(await stranger.tickets[":code"].$get({ param: { code } }), 404);
    await expectProblemOf(await myTickets(), 401);
    const row = await env.DB.prepare("SELECT checked_in_at FROM tickets WHERE code = ?").bind(tickets[0].code).first();
    expect(row).toEqual({ checked_in_at: null });
  });
});
