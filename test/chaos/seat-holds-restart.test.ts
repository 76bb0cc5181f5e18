// Fault scenario (issue 20): the showtime's Durable Object is evicted while holds exist (here the
// whole stack is killed and restarted on the same state). Every hold must keep its expiry, and
// each must end on its own at that time, by the object's alarm, with nobody asking: no seat stays
// held forever. A viewer on the live seat map, connected after the restart, is the witness: it
// must receive the release of each hold's seats by its expiry, without any other request.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { ChaosStack, newShowtime, ok, registerUser, seatStates, signInAdmin } from "./chaos-stack";

type Frame = { type: string; seq: number; changes?: { label: string; state: string }[] };
type Hold = { id: string; seats: string[]; status: string; expiresAt: string };

let chaos: ChaosStack;
let firstStartMs = 0;

beforeAll(async () => {
  chaos = await ChaosStack.create();
  const started = Date.now();
  await chaos.start();
  firstStartMs = Date.now() - started;
});

afterAll(async () => {
  await chaos?.dispose();
});

describe("a showtime's Durable Object evicted while holds exist", () => {
  it("keeps every hold's expiry and releases each seat at its time, by the alarm alone", async () => {
    const base = chaos.baseUrl;
    const admin = await signInAdmin(base);
    // Holds long enough to kill and restart the stack inside them: a restart (no migrations) takes
    // less than the first start did, however busy the machine is.
    const ttlSeconds = Math.min(1800, Math.max(60, Math.ceil(firstStartMs / 1000) + 30));
    const showtime = await newShowtime(base, admin, ttlSeconds);
    const [first, second] = [await registerUser(base), await registerUser(base)];
    const hold = (user: { token: string }, seats: string[]) =>
      ok<Hold>(201, base, "POST", `/api/showtimes/${showtime.id}/holds`, { token: user.token, json: { seats } });
    const holds = [await hold(first, ["A1", "A2"])];
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    holds.push(await hold(second, ["C3"]));
    expect(await seatStates(base, showtime.id)).toMatchObject({ A1: "held", A2: "held", C3: "held" });

    const restartStarted = Date.now();
    await chaos.kill();
    await chaos.start({}, false);
    const restartMs = Date.now() - restartStarted;
    const latest = Math.max(...holds.map((h) => Date.parse(h.expiresAt)));
    expect(latest, `the restart took ${restartMs} ms, longer than the holds last`).toBeGreaterThan(Date.now() + 2_000);

    // The witness connects, then nothing else touches the object until the last expiry has passed.
    const ws = new WebSocket(`${base.replace("http", "ws")}/api/showtimes/${showtime.id}/live`);
    const frames: Frame[] = [];
    const released = new Map<string, number>();
    ws.on("message", (data) => {
      const frame = JSON.parse(String(data)) as Frame;
      frames.push(frame);
      for (const change of frame.changes ?? []) if (change.state === "available") released.set(change.label, Date.now());
    });
    await new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, latest - Date.now()) + 5_000));
    ws.close();

    const snapshot = frames.find((f) => f.type === "snapshot") as Frame & { seats: { label: string; state: string }[] };
    const stateAtConnect = Object.fromEntries(snapshot.seats.map((s) => [s.label, s.state]));
    expect(stateAtConnect).toMatchObject({ A1: "held", A2: "held", C3: "held" });
    for (const h of holds) {
      for (const seat of h.seats) {
        const at = released.get(seat);
        expect(at, `seat ${seat} was never released by the alarm`).toBeDefined();
        // Not before its expiry, and promptly after it (the alarm, not a later request).
        expect(at as number).toBeGreaterThanOrEqual(Date.parse(h.expiresAt) - 50);
        expect(at as number).toBeLessThan(Date.parse(h.expiresAt) + 4_000);
      }
    }
    // The holds kept their expiry through the restart, and ended as expired.
    for (const [user, h] of [
      [first, holds[0]],
      [second, holds[1]],
    ] as const) {
      const after = await ok<Hold>(200, base, "GET", `/api/holds/${h.id}`, { token: user.token });
      expect(after).toMatchObject({ status: "expired", expiresAt: h.expiresAt });
    }
    expect(await seatStates(base, showtime.id)).toMatchObject({ A1: "available", A2: "available", C3: "available" });
    // And the seats sell again.
    const again = await hold(first, ["A1", "C3"]);
    expect(again.status).toBe("active");
  });
});
