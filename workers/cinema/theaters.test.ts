import { describe, expect, it } from "vitest";
import { registerUser } from "../../test/api";
import { checkedFetch, client, expectJson, expectProblemOf } from "../../test/client";
import { adminToken, createTheater } from "./test-helpers";

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
