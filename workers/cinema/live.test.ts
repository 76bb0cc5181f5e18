import { env, runDurableObjectAlarm, runInDurableObject, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";
import { showtimeSeats } from "./seats";
import { card, createShowtime, holdOk, orderOk } from "./test-helpers";

type Frame = {
  type: string;
  seq?: number;
  changes?: { label: string; state: string }[];
  seats?: { label: string; state: string }[];
  detail?: string;
};

/** Opens the live seat map and returns a reader that hands out frames in arrival order. */
async function watch(showtimeId: string) {
  const res = await SELF.fetch(`https://marquee.test/api/showtimes/${showtimeId}/live`, { headers: { upgrade: "websocket" } });
  expect(res.status).toBe(101);
  const ws = res.webSocket as WebSocket;
  ws.accept();
  const frames: Frame[] = [];
  const waiting: ((frame: Frame) => void)[] = [];
  ws.addEventListener("message", (event) => {
    const frame = JSON.parse(event.data as string) as Frame;
    const resolve = waiting.shift();
    if (resolve) resolve(frame);
    else frames.push(frame);
  });
  const next = () => {
    const ready = frames.shift();
    return ready ? Promise.resolve(ready) : new Promise<Frame>((resolve) => waiting.push(resolve));
  };
  return { ws, next, send: (data: string) => ws.send(data) };
}

// Many requests per test on a shared, busy machine: allow more than the default 5 s.
describe("live seat map", { timeout: 60_000 }, () => {
  it("sends the full map, then one ordered diff per change", async () => {
    const showtime = await createShowtime();
    const viewer = await watch(showtime.id);
    const snapshot = await viewer.next();
    expect(snapshot.type).toBe("snapshot");
    expect(snapshot.seats).toHaveLength(100);
    expect(snapshot.seats?.every((s) => s.state === "available")).toBe(true);
    const seq0 = snapshot.seq as number;

    const user = await registerUser();
    const held = await holdOk(user.accessToken, showtime.id, { seats: ["E7", "E8"] });
    expect(await viewer.next()).toEqual({
      type: "seats",
      seq: seq0 + 1,
      changes: [
        { label: "E7", state: "held" },
        { label: "E8", state: "held" },
      ],
    });

    // Replacing the hold is one change: E8 goes, E9 comes, E7 stays held.
    const replaced = await holdOk(user.accessToken, showtime.id, { seats: ["E7", "E9"] });
    expect(await viewer.next()).toEqual({
      type: "seats",
      seq: seq0 + 2,
      changes: [
        { label: "E8", state: "available" },
        { label: "E9", state: "held" },
      ],
    });
    expect(replaced.id).not.toBe(held.id);

    const bought = await orderOk(user.accessToken, { holdId: replaced.id, card: card() });
    expect(await viewer.next()).toMatchObject({
      seq: seq0 + 3,
      changes: [
        { label: "E7", state: "sold" },
        { label: "E9", state: "sold" },
      ],
    });

    const refund = await client(user.accessToken).orders[":id"].refund.$post({ param: { id: bought.id } });
    expect(refund.status).toBe(200);
    expect(await viewer.next()).toMatchObject({
      seq: seq0 + 4,
      changes: [
        { label: "E7", state: "available" },
        { label: "E9", state: "available" },
      ],
    });

    const other = await holdOk(user.accessToken, showtime.id, { seats: ["A1"] });
    expect(await viewer.next()).toMatchObject({ seq: seq0 + 5, changes: [{ label: "A1", state: "held" }] });
    expect((await client(user.accessToken).holds[":id"].$delete({ param: { id: other.id } })).status).toBe(204);
    expect(await viewer.next()).toMatchObject({ seq: seq0 + 6, changes: [{ label: "A1", state: "available" }] });
    viewer.ws.close(1000);
  });

  it("pushes an expiry by alarm to every viewer", async () => {
    const showtime = await createShowtime({ body: { holdTtlSeconds: 10 } });
    const [a, b] = [await watch(showtime.id), await watch(showtime.id)];
    await a.next();
    await b.next();
    const user = await registerUser();
    const held = await holdOk(user.accessToken, showtime.id, { seats: ["B2"] });
    await a.next();
    await b.next();
    const stub = showtimeSeats(env, showtime.id);
    await runInDurableObject(stub, (_i, state) => {
      state.storage.sql.exec("UPDATE holds SET expires_at = ? WHERE id = ?", Date.now() - 1, held.id);
    });
    await runDurableObjectAlarm(stub);
    for (const viewer of [a, b])
      expect(await viewer.next()).toMatchObject({ type: "seats", changes: [{ label: "B2", state: "available" }] });
  });

  it("validates what viewers send", async () => {
    const showtime = await createShowtime();
    const viewer = await watch(showtime.id);
    await viewer.next();
    viewer.send("not json");
    expect(await viewer.next()).toMatchObject({ type: "error" });
    viewer.send(JSON.stringify({ type: "hold", seats: ["A1"] }));
    expect(await viewer.next()).toMatchObject({ type: "error" });
    viewer.send(JSON.stringify({ type: "ping" }));
    expect(await viewer.next()).toMatchObject({ type: "pong" });
    viewer.send(JSON.stringify({ type: "resync" }));
    expect(await viewer.next()).toMatchObject({ type: "snapshot" });
    const map = await expectJson(await client().showtimes[":id"].seats.$get({ param: { id: showtime.id } }), 200);
    expect(map.seats.every((s) => s.state === "available")).toBe(true);
  });

  it("needs a WebSocket upgrade and an existing showtime", async () => {
    const showtime = await createShowtime();
    await expectProblemOf(await client().showtimes[":id"].live.$get({ param: { id: showtime.id }, header: {} }), 400);
    const res = await SELF.fetch("https://marquee.test/api/showtimes/nope/live", { headers: { upgrade: "websocket" } });
    expect(res.status).toBe(404);
  });
});
