import { describe, expect, it } from "vitest";
import { registerUser } from "../../test/api";
import { checkedFetch, client, expectJson, expectProblemOf } from "../../test/client";
import { adminToken, buy, createShowtime, createTheater, moveShowtime } from "./test-helpers";

type TheaterChange = Parameters<ReturnType<typeof client>["theaters"][":id"]["$patch"]>[0]["json"];
const patch = (token: string | undefined, id: string, json: TheaterChange) =>
  client(token).theaters[":id"].$patch({ param: { id }, json });
const remove = (token: string | undefined, id: string) => client(token).theaters[":id"].$delete({ param: { id } });
const getTheater = (id: string) => client().theaters[":id"].$get({ param: { id } });

// Many requests per test on a shared, busy machine: allow more than the default 5 s.
describe("theaters", { timeout: 60_000 }, () => {
  it("makes a rectangular seat map from rows and seats per row", async () => {
    const theater = await createTheater({ rows: 3, seatsPerRow: 4 });
    expect(theater.seatCount).toBe(12);
    expect(theater.seats.map((s) => s.label)).toEqual(["A1", "A2", "A3", "A4", "B1", "B2", "B3", "B4", "C1", "C2", "C3", "C4"]);
    const fetched = await expectJson(await client().theaters[":id"].$get({ param: { id: theater.id } }), 200);
    expect(fetched).toEqual(theater);
  });

  it("reads a layout with aisles, blocked seats and seat kinds", async () => {
    const theater = await createTheater({ layout: { rows: ["wc_ss", "pp_xp"] } });
    expect(theater.seatCount).toBe(7);
    expect(theater.seats).toEqual([
      { label: "A1", row: "A", number: 1, column: 0, kind: "wheelchair", blocked: false },
      { label: "A2", row: "A", number: 2, column: 1, kind: "companion", blocked: false },
      { label: "A3", row: "A", number: 3, column: 3, kind: "standard", blocked: false },
      { label: "A4", row: "A", number: 4, column: 4, kind: "standard", blocked: false },
      { label: "B1", row: "B", number: 1, column: 0, kind: "premium", blocked: false },
      { label: "B2", row: "B", number: 2, column: 1, kind: "premium", blocked: false },
      { label: "B3", row: "B", number: 3, column: 3, kind: "standard", blocked: true },
      { label: "B4", row: "B", number: 4, column: 4, kind: "premium", blocked: false },
    ]);
  });

  it("lists theaters by name with a cursor", async () => {
    await createTheater();
    await createTheater();
    const first = await expectJson(await client().theaters.$get({ query: { limit: "1" } }), 200);
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toEqual(expect.any(String));
    const cursor = first.nextCursor ?? "";
    const second = await expectJson(await client().theaters.$get({ query: { limit: "1", cursor } }), 200);
    expect(second.items[0].id).not.toBe(first.items[0].id);
  });

  it("refuses bad maps", async () => {
    const token = await adminToken();
    type NewTheater = Parameters<ReturnType<typeof client>["theaters"]["$post"]>[0]["json"];
    const post = (json: NewTheater) => client(token).theaters.$post({ json });
    await expectProblemOf(await post({ name: "X" }), 400);
    await expectProblemOf(await post({ name: "X", rows: 27, seatsPerRow: 5 }), 400);
    await expectProblemOf(await post({ name: "X", rows: 2, seatsPerRow: 0 }), 400);
    await expectProblemOf(await post({ name: "X", rows: 2, seatsPerRow: 3, layout: { rows: ["ss"] } }), 400);
    await expectProblemOf(await post({ name: "X", layout: { rows: ["ss?"] } }), 400);
    await expectProblemOf(await post({ name: "X", layout: { rows: ["___"] } }), 400);
    await expectProblemOf(await client().theaters[":id"].$get({ param: { id: "nope" } }), 404);
  });

  it("renames a theater always, and its showtimes and tickets show the new name", async () => {
    const token = await adminToken();
    const showtime = await createShowtime();
    const user = await registerUser();
    const { tickets } = await buy(user.accessToken, showtime.id, ["A1"]);
    const renamed = await expectJson(await patch(token, showtime.theaterId, { name: "  Grand Hall  " }), 200);
    expect(renamed).toMatchObject({ id: showtime.theaterId, name: "Grand Hall", seatCount: 100 });
    expect(await expectJson(await getTheater(showtime.theaterId), 200)).toEqual(renamed);
    const seen = await expectJson(await client().showtimes[":id"].$get({ param: { id: showtime.id } }), 200);
    expect(seen.theaterName).toBe("Grand Hall");
    const code = tickets[0].code;
    const ticket = await expectJson(await client(user.accessToken).tickets[":code"].$get({ param: { code } }), 200);
    expect(ticket.showtime.theaterName).toBe("Grand Hall");
  });

  it("changes a seat map only while no showtime that has not ended uses it", async () => {
    const token = await adminToken();
    const theater = await createTheater({ layout: { rows: ["ss_ss"] } });
    const changed = await expectJson(await patch(token, theater.id, { layout: { rows: ["pp_xp", "wcss"] } }), 200);
    expect(changed.seatCount).toBe(7);
    expect(changed.seats.map((seat) => `${seat.label}:${seat.kind}${seat.blocked ? ":blocked" : ""}`)).toEqual([
      "A1:premium",
      "A2:premium",
      "A3:standard:blocked",
      "A4:premium",
      "B1:wheelchair",
      "B2:companion",
      "B3:standard",
      "B4:standard",
    ]);

    const showtime = await createShowtime({ theaterId: theater.id });
    const refused = await expectProblemOf(await patch(token, theater.id, { layout: { rows: ["ssss"] } }), 409);
    expect(refused).toMatchObject({ showtimes: 1 });
    expect(refused.detail).toContain("1 scheduled showtime that has not ended uses it");
    expect((await expectJson(await getTheater(theater.id), 200)).layout).toEqual({ rows: ["pp_xp", "wcss"] });
    // The same map again, or with a new name, is no change to the seats.
    const same = await expectJson(await patch(token, theater.id, { name: "Same seats", layout: changed.layout }), 200);
    expect(same).toMatchObject({ name: "Same seats", seatCount: 7 });

    await moveShowtime(showtime.id, new Date(Date.now() - 3 * 3_600_000), new Date(Date.now() - 60_000));
    expect((await expectJson(await patch(token, theater.id, { layout: { rows: ["ssss"] } }), 200)).seatCount).toBe(4);
    const again = await createShowtime({ theaterId: theater.id });
    await expectProblemOf(await patch(token, theater.id, { layout: { rows: ["ss"] } }), 409);
    await expectJson(await client(token).showtimes[":id"].cancel.$post({ param: { id: again.id } }), 200);
    expect((await expectJson(await patch(token, theater.id, { layout: { rows: ["ss"] } }), 200)).seatCount).toBe(2);
  });

  it("deletes a theater no showtime still needs: gone from the API, its past tickets intact", async () => {
    const token = await adminToken();
    const showtime = await createShowtime();
    const user = await registerUser();
    const { tickets } = await buy(user.accessToken, showtime.id, ["B2"]);
    const refused = await expectProblemOf(await remove(token, showtime.theaterId), 409);
    expect(refused).toMatchObject({ showtimes: 1 });
    expect(refused.detail).toContain("cannot be deleted");

    await moveShowtime(showtime.id, new Date(Date.now() - 3 * 3_600_000), new Date(Date.now() - 60_000));
    const res = await remove(token, showtime.theaterId);
    expect(res.status).toBe(204);
    await expectProblemOf(await getTheater(showtime.theaterId), 404);
    await expectProblemOf(await remove(token, showtime.theaterId), 404);
    await expectProblemOf(await patch(token, showtime.theaterId, { name: "Back" }), 404);
    const all = await expectJson(await client().theaters.$get({ query: { limit: "100" } }), 200);
    expect(all.items.map((t) => t.id)).not.toContain(showtime.theaterId);
    const schedule = { theaterId: showtime.theaterId, startsAt: new Date(Date.now() + 86_400_000).toISOString() };
    await expectProblemOf(
      await client(token).showtimes.$post({ json: { movieId: showtime.movieId, price: 1000, ...schedule } }),
      404,
    );
    const code = tickets[0].code;
    const ticket = await expectJson(await client(user.accessToken).tickets[":code"].$get({ param: { code } }), 200);
    expect(ticket.showtime.theaterName).toBe(showtime.theaterName);
  });

  it("validates changes and keeps them to admins", async () => {
    const token = await adminToken();
    const theater = await createTheater({ rows: 2, seatsPerRow: 2 });
    await expectProblemOf(await patch(token, theater.id, {}), 400);
    await expectProblemOf(await patch(token, theater.id, { name: "   " }), 400);
    await expectProblemOf(await patch(token, theater.id, { layout: { rows: ["s?"] } }), 400);
    await expectProblemOf(await patch(token, "no-such-theater", { name: "X" }), 404);
    await expectProblemOf(await remove(token, "no-such-theater"), 404);
    const user = await registerUser();
    await expectProblemOf(await patch(user.accessToken, theater.id, { name: "Mine" }), 403);
    await expectProblemOf(await remove(user.accessToken, theater.id), 403);
    await expectProblemOf(await patch(undefined, theater.id, { name: "Mine" }), 401);
    await expectProblemOf(await remove(undefined, theater.id), 401);
    expect((await expectJson(await getTheater(theater.id), 200)).name).toBe(theater.name);
  });

  it("lets only admins add theaters", async () => {
    const json = { name: "X", rows: 1, seatsPerRow: 1 };
    await expectProblemOf(await client().theaters.$post({ json }), 401);
    const user = await registerUser();
    await expectProblemOf(await client(user.accessToken).theaters.$post({ json }), 403);
  });

  it("puts the box office in the served OpenAPI document", async () => {
    // /openapi.json is not a typed route (it is not part of AppType), so it is fetched by path.
    const res = await checkedFetch("https://marquee.test/api/openapi.json");
    expect(res.status).toBe(200);
    const doc: { paths: Record<string, Record<string, { parameters?: unknown[] }>> } = await res.json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/theaters",
        "/showtimes",
        "/showtimes/{id}/seats",
        "/showtimes/{id}/holds",
        "/showtimes/{id}/live",
        "/holds/{id}",
        "/orders",
        "/orders/{id}/refund",
        "/me/tickets",
        "/tickets/{code}/qr.svg",
        "/tickets/{code}/check-in",
        "/payments",
        "/payments/{id}",
        "/me/payments",
      ]),
    );
    expect(doc.paths["/orders"].post.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: "idempotency-key", in: "header", required: true })]),
    );
  });
});
