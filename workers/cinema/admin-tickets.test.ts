import { describe, expect, it } from "vitest";
import { registerUser, signInAdmin } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";
import { userWithRole } from "../engagement/test-fixtures";
import { buy, createShowtime } from "./test-helpers";

describe("admin ticket reads", { timeout: 60_000 }, () => {
  it("lists every ticket with its showtime and holder, filtered by showtime, holder and status, a page at a time", async () => {
    const showtime = await createShowtime();
    const other = await createShowtime();
    const [a, b] = await Promise.all([registerUser(), registerUser()]);
    const first = await buy(a.accessToken, showtime.id, ["A1", "A2"]);
    await buy(b.accessToken, showtime.id, ["B1"]);
    await buy(a.accessToken, other.id, ["C1"]);
    const admin = await signInAdmin();
    const list = (query: Record<string, string>) => client(admin.accessToken).admin.tickets.$get({ query });

    const all = await expectJson(await list({ showtimeId: showtime.id }), 200);
    expect(all.items.map((t) => t.seat).sort()).toEqual(["A1", "A2", "B1"]);
    expect(all.nextCursor).toBeNull();
    const a1 = all.items.find((t) => t.seat === "A1");
    expect(a1).toMatchObject({
      orderId: first.id,
      status: "valid",
      price: 1200,
      holder: { id: a.id, email: a.email },
      showtime: { id: showtime.id, movieId: showtime.movieId },
    });

    const ofA = await expectJson(await list({ showtimeId: showtime.id, userId: a.id }), 200);
    expect(ofA.items.map((t) => t.seat).sort()).toEqual(["A1", "A2"]);
    const everyOfA = await expectJson(await list({ userId: a.id }), 200);
    expect(everyOfA.items.map((t) => t.seat).sort()).toEqual(["A1", "A2", "C1"]);

    // Refund a's order for the first showtime: its tickets turn up under "refunded" only.
    await expectJson(await client(a.accessToken).orders[":id"].refund.$post({ param: { id: first.id } }), 200);
    const refunded = await expectJson(await list({ showtimeId: showtime.id, status: "refunded" }), 200);
    expect(refunded.items.map((t) => t.seat).sort()).toEqual(["A1", "A2"]);
    const valid = await expectJson(await list({ showtimeId: showtime.id, status: "valid" }), 200);
    expect(valid.items.map((t) => t.seat)).toEqual(["B1"]);

    const seen: string[] = [];
    let cursor: string | null | undefined;
    do {
      const next = await expectJson(await list({ showtimeId: showtime.id, limit: "2", ...(cursor ? { cursor } : {}) }), 200);
      expect(next.items.length).toBeLessThanOrEqual(2);
      seen.push(...next.items.map((t) => t.code));
      cursor = next.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(all.items.map((t) => t.code).sort());

    expect((await expectJson(await list({ showtimeId: "no-such-showtime" }), 200)).items).toEqual([]);
    await expectProblemOf(await list({ status: "lost" }), 400);
    await expectProblemOf(await list({ cursor: "not-a-cursor" }), 400);
  });

  it("lists one user's tickets; 404 for an unknown user; 401 without a token, 403 for non-admins", async () => {
    const showtime = await createShowtime();
    const holder = await registerUser();
    await buy(holder.accessToken, showtime.id, ["D4"]);
    const admin = await signInAdmin();
    const ticketsOf = (token: string | undefined, id: string) =>
      client(token).admin.users[":id"].tickets.$get({ param: { id }, query: {} });

    const list = await expectJson(await ticketsOf(admin.accessToken, holder.id), 200);
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ seat: "D4", holder: { id: holder.id }, showtime: { id: showtime.id } });
    const fresh = await registerUser();
    expect((await expectJson(await ticketsOf(admin.accessToken, fresh.id), 200)).items).toEqual([]);
    await expectProblemOf(await ticketsOf(admin.accessToken, "missing"), 404);

    await expectProblemOf(await ticketsOf(undefined, holder.id), 401);
    await expectProblemOf(await ticketsOf(holder.accessToken, holder.id), 403);
    const moderator = await userWithRole("moderator");
    await expectProblemOf(await ticketsOf(moderator.accessToken, holder.id), 403);
    await expectProblemOf(await client(moderator.accessToken).admin.tickets.$get({ query: {} }), 403);
    await expectProblemOf(await client().admin.tickets.$get({ query: {} }), 401);
  });
});
