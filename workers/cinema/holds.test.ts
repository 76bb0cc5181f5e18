import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser } from "../../test/api";
import { client, expectJson, expectProblem, expectProblemOf } from "../../test/client";
import { database } from "../lib/db";
import { MAX_SEATS_PER_HOLD } from "./rules";
import { requireShowtimeConfig, showtimeSeats } from "./seats";
import { adminToken, createShowtime, hold, holdOk, seatStates } from "./test-helpers";

const holdOf = async (token: string, id: string) => expectJson(await client(token).holds[":id"].$get({ param: { id } }), 200);

// Many requests per test on a shared, busy machine: allow more than the default 5 s.
describe("holds", { timeout: 60_000 }, () => {
  it("holds seats and shows them held on the map", async () => {
    const showtime = await createShowtime();
    const user = await registerUser();
    const held = await holdOk(user.accessToken, showtime.id, { seats: ["E7", "e8"] });
    expect(held).toMatchObject({ showtimeId: showtime.id, seats: ["E7", "E8"], status: "active", extended: false });
    const ttl = Date.parse(held.expiresAt) - Date.parse(held.createdAt);
    expect(ttl).toBe(480_000);
    const states = await seatStates(showtime.id);
    expect(states.E7).toBe("held");
    expect(states.E8).toBe("held");
    expect(states.E9).toBe("available");
    expect(await expectJson(await client(user.accessToken).holds[":id"].$get({ param: { id: held.id } }), 200)).toEqual(held);
  });

  it("refuses the whole hold, naming the conflicting seats, when any seat is taken", async () => {
    const showtime = await createShowtime();
    const [a, b] = [await registerUser(), await registerUser()];
    await holdOk(a.accessToken, showtime.id, { seats: ["C3", "C4"] });
    const res = expectProblem(await hold(b.accessToken, showtime.id, { seats: ["C2", "C3", "C4", "C5"] }), 409);
    expect(res.seats).toEqual(["C3", "C4"]);
    const states = await seatStates(showtime.id);
    expect([states.C2, states.C5]).toEqual(["available", "available"]);
  });

  it("lets exactly one of many concurrent buyers hold the same seat", async () => {
    const showtime = await createShowtime();
    const users = await Promise.all(Array.from({ length: 8 }, () => registerUser()));
    const results = await Promise.all(users.map((u) => hold(u.accessToken, showtime.id, { seats: ["F5"] })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(7);
  });

  it("never puts a seat in two holds when overlapping multi-seat holds race", async () => {
    const showtime = await createShowtime();
    const users = await Promise.all(Array.from({ length: 6 }, () => registerUser()));
    const wanted = [
      ["A1", "A2"],
      ["A2", "A3"],
      ["A3", "A4"],
      ["A4", "A5"],
      ["A1", "A5"],
      ["A2", "A4"],
    ];
    const results = await Promise.all(users.map((u, i) => hold(u.accessToken, showtime.id, { seats: wanted[i] })));
    const winners = results.flatMap((r) => (r.status === 201 ? [r.body.seats] : []));
    expect(winners.length).toBeGreaterThan(0);
    const claimed = winners.flat();
    expect(new Set(claimed).size).toBe(claimed.length);
    const states = await seatStates(showtime.id);
    for (const label of ["A1", "A2", "A3", "A4", "A5"])
      expect(states[label]).toBe(claimed.includes(label) ? "held" : "available");
    for (const r of results.filter((r) => r.status !== 201)) expect(r.status).toBe(409);
  });

  it("keeps one hold per user and showtime: a new hold replaces the old one", async () => {
    const showtime = await createShowtime();
    const [user, other] = [await registerUser(), await registerUser()];
    const first = await holdOk(user.accessToken, showtime.id, { seats: ["B1", "B2"] });
    const second = await holdOk(user.accessToken, showtime.id, { seats: ["B2", "B3"] });
    expect((await seatStates(showtime.id)).B1).toBe("available");
    expect((await holdOf(user.accessToken, first.id)).status).toBe("replaced");
    // A replacement that fails leaves the current hold as it was.
    await holdOk(other.accessToken, showtime.id, { seats: ["B5"] });
    expectProblem(await hold(user.accessToken, showtime.id, { seats: ["B4", "B5"] }), 409);
    const states = await seatStates(showtime.id);
    expect([states.B2, states.B3, states.B4]).toEqual(["held", "held", "available"]);
    expect((await holdOf(user.accessToken, second.id)).status).toBe("active");
  });

  it("holds the best available seats for a count", async () => {
    const showtime = await createShowtime();
    const user = await registerUser();
    expect((await holdOk(user.accessToken, showtime.id, { count: 4 })).seats).toEqual(["G4", "G5", "G6", "G7"]);
    const next = await holdOk((await registerUser()).accessToken, showtime.id, { count: 2 });
    expect(next.seats).toHaveLength(2);
    expect(next.seats.some((s) => ["G4", "G5", "G6", "G7"].includes(s))).toBe(false);
  });

  it("answers 409 when no row has enough adjacent seats", async () => {
    const showtime = await createShowtime({ theater: { rows: 1, seatsPerRow: 5 } });
    await holdOk((await registerUser()).accessToken, showtime.id, { seats: ["A3"] });
    expectProblem(await hold((await registerUser()).accessToken, showtime.id, { count: 3 }), 409);
  });

  it("validates the request", async () => {
    const showtime = await createShowtime();
    const { accessToken } = await registerUser();
    expectProblem(await hold(accessToken, showtime.id, {}), 400);
    expectProblem(await hold(accessToken, showtime.id, { seats: ["A1"], count: 1 }), 400);
    const tooMany = { errors: [expect.objectContaining({ message: "A hold takes at most 10 seats" })] };
    expect(expectProblem(await hold(accessToken, showtime.id, { count: 11 }), 400)).toMatchObject(tooMany);
    const elevenSeats = Array.from({ length: 11 }, (_, i) => `A${i + 1}`);
    expect(expectProblem(await hold(accessToken, showtime.id, { seats: elevenSeats }), 400)).toMatchObject(tooMany);
    expectProblem(await hold(accessToken, showtime.id, { seats: ["not a seat"] }), 400);
    const unknown = expectProblem(await hold(accessToken, showtime.id, { seats: ["Z1", "A1"] }), 422);
    expect(unknown.seats).toEqual(["Z1"]);
    expectProblem(await hold(accessToken, "no-such-showtime", { seats: ["A1"] }), 404);
  });

  it("keeps the hold limit in the seats object itself, for callers that skip the API's validation", async () => {
    const showtime = await createShowtime();
    const config = await requireShowtimeConfig(database(env.DB), showtime.id);
    const seats = showtimeSeats(env, showtime.id);
    const actor = { userId: "direct-caller", role: "user" as const };
    const tooMany = { ok: false, error: "too_many", max: MAX_SEATS_PER_HOLD };
    expect(await seats.hold(config, actor, { count: MAX_SEATS_PER_HOLD + 1 })).toEqual(tooMany);
    const labels = Array.from({ length: MAX_SEATS_PER_HOLD + 1 }, (_, i) => `A${i + 1}`);
    expect(await seats.hold(config, actor, { seats: labels })).toEqual(tooMany);
    expect((await seatStates(showtime.id)).A1).toBe("available");
    // Duplicates count once: the limit is on seats, not on labels sent.
    expect(await seats.hold(config, actor, { seats: [...labels.slice(0, MAX_SEATS_PER_HOLD), "a1"] })).toMatchObject({
      ok: true,
    });
  });

  it("extends once, to at most twice the TTL", async () => {
    const showtime = await createShowtime();
    const { accessToken } = await registerUser();
    const held = await holdOk(accessToken, showtime.id, { seats: ["D1"] });
    const api = client(accessToken).holds[":id"];
    const param = { id: held.id };
    const extended = await expectJson(await api.$patch({ param }), 200);
    expect(extended.extended).toBe(true);
    expect(Date.parse(extended.expiresAt)).toBeGreaterThan(Date.parse(held.expiresAt));
    expect(Date.parse(extended.expiresAt) - Date.parse(extended.createdAt)).toBeLessThanOrEqual(960_000);
    await expectProblemOf(await api.$patch({ param }), 409);
  });

  it("releases a hold and its seats", async () => {
    const showtime = await createShowtime();
    const { accessToken } = await registerUser();
    const held = await holdOk(accessToken, showtime.id, { seats: ["D4", "D5"] });
    const api = client(accessToken).holds[":id"];
    const param = { id: held.id };
    expect((await api.$delete({ param })).status).toBe(204);
    expect((await seatStates(showtime.id)).D4).toBe("available");
    expect((await holdOf(accessToken, held.id)).status).toBe("released");
    await expectProblemOf(await api.$delete({ param }), 409);
    await expectProblemOf(await api.$patch({ param }), 409);
  });

  it("expires a hold by the Durable Object's alarm", async () => {
    const showtime = await createShowtime({ body: { holdTtlSeconds: 10 } });
    const { accessToken } = await registerUser();
    const held = await holdOk(accessToken, showtime.id, { seats: ["H1", "H2"] });
    const stub = showtimeSeats(env, showtime.id);
    // Time cannot pass in a test: move the hold's expiry into the past, then run the alarm.
    const scheduled = await runInDurableObject(stub, (_instance, state) => {
      state.storage.sql.exec("UPDATE holds SET expires_at = ? WHERE id = ?", Date.now() - 1, held.id);
      return state.storage.getAlarm();
    });
    expect(scheduled).toBe(Date.parse(held.expiresAt));
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const states = await seatStates(showtime.id);
    expect([states.H1, states.H2]).toEqual(["available", "available"]);
    expect((await holdOf(accessToken, held.id)).status).toBe("expired");
    const api = client(accessToken).holds[":id"];
    await expectProblemOf(await api.$patch({ param: { id: held.id } }), 410);
    await expectProblemOf(await api.$delete({ param: { id: held.id } }), 410);
    // Someone else can now hold them.
    await holdOk((await registerUser()).accessToken, showtime.id, { seats: ["H1", "H2"] });
  });

  it("tells the holder a minute before the hold expires", async () => {
    const showtime = await createShowtime();
    const user = await registerUser();
    const held = await holdOk(user.accessToken, showtime.id, { seats: ["I1"] });
    const stub = showtimeSeats(env, showtime.id);
    const scheduled = await runInDurableObject(stub, async (_instance, state) => {
      const alarm = await state.storage.getAlarm();
      state.storage.sql.exec("UPDATE holds SET expires_at = ? WHERE id = ?", Date.now() + 30_000, held.id);
      return alarm;
    });
    expect(scheduled).toBe(Date.parse(held.expiresAt) - 60_000);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const inbox = await expectJson(await client(user.accessToken).notifications.$get({ query: {} }), 200);
    expect(inbox.items.find((n) => n.kind === "hold_expiring")?.payload).toMatchObject({
      holdId: held.id,
      seats: ["I1"],
    });
    expect((await holdOf(user.accessToken, held.id)).status).toBe("active");
  });

  it("moves the alarm only earlier; an alarm that comes early re-arms for the next deadline", async () => {
    const showtime = await createShowtime();
    const [first, second] = [await registerUser(), await registerUser()];
    const stub = showtimeSeats(env, showtime.id);
    const alarm = () => runInDurableObject(stub, (_i, state) => state.storage.getAlarm());
    // The default TTL (8 min) warns a minute before expiry, so each hold's first deadline is its warning.
    const warningOf = (held: { expiresAt: string }) => Date.parse(held.expiresAt) - 60_000;

    const early = await holdOk(first.accessToken, showtime.id, { seats: ["F1"] });
    expect(await alarm()).toBe(warningOf(early));
    await new Promise((resolve) => setTimeout(resolve, 5)); // so the second hold is made in a later millisecond
    const later = await holdOk(second.accessToken, showtime.id, { seats: ["F2"] });
    expect(warningOf(later)).toBeGreaterThan(warningOf(early));
    expect(await alarm()).toBe(warningOf(early));

    // Releasing the earliest hold leaves the alarm where it was rather than writing a later one.
    expect((await client(first.accessToken).holds[":id"].$delete({ param: { id: early.id } })).status).toBe(204);
    expect(await alarm()).toBe(warningOf(early));

    // It fires with nothing due: the other hold is untouched and unwarned, and the alarm re-arms.
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await seatStates(showtime.id)).F2).toBe("held");
    const inbox = await expectJson(await client(second.accessToken).notifications.$get({ query: {} }), 200);
    expect(inbox.items.some((n) => n.kind === "hold_expiring")).toBe(false);
    expect(await alarm()).toBe(warningOf(later));
  });

  it("hides someone else's hold (404) but not from an admin", async () => {
    const showtime = await createShowtime();
    const [owner, stranger] = [await registerUser(), await registerUser()];
    const held = await holdOk(owner.accessToken, showtime.id, { seats: ["J1"] });
    const theirs = client(stranger.accessToken).holds[":id"];
    const param = { id: held.id };
    await expectProblemOf(await theirs.$get({ param }), 404);
    await expectProblemOf(await theirs.$patch({ param }), 404);
    await expectProblemOf(await theirs.$delete({ param }), 404);
    const mine = client(owner.accessToken).holds[":id"];
    await expectProblemOf(await mine.$get({ param: { id: "nonsense" } }), 404);
    await expectProblemOf(await mine.$get({ param: { id: `${showtime.id}.NOPE` } }), 404);
    const asAdmin = await client(await adminToken()).holds[":id"].$get({ param });
    expect(asAdmin.status).toBe(200);
    expect((await seatStates(showtime.id)).J1).toBe("held");
  });

  it("needs a signed-in caller", async () => {
    const showtime = await createShowtime();
    const anonymous = client();
    const param = { id: "x" };
    await expectProblemOf(await anonymous.showtimes[":id"].holds.$post({ param: { id: showtime.id }, json: { count: 1 } }), 401);
    await expectProblemOf(await anonymous.holds[":id"].$get({ param }), 401);
    await expectProblemOf(await anonymous.holds[":id"].$patch({ param }), 401);
    await expectProblemOf(await anonymous.holds[":id"].$delete({ param }), 401);
  });
});
