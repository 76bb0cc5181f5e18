import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser } from "../../test/api";
import worker from "../index";
import { enqueueNotifications, type NotifyMessage } from "./notify-queue";

async function deliver(bodies: unknown[]) {
  const batch = createMessageBatch(
    "notifications",
    bodies.map((body, i) => ({ id: `m${i}`, timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, env, ctx);
  return getQueueResult(batch, ctx);
}

const inboxOf = async (userId: string) =>
  (
    await env.DB.prepare("SELECT kind, payload FROM notifications WHERE user_id = ? ORDER BY id")
      .bind(userId)
      .all<{ kind: string; payload: string }>()
  ).results;

describe("the notifications queue", { timeout: 60_000 }, () => {
  it("puts each message in its user's inbox and acknowledges it", async () => {
    const [ada, bob] = await Promise.all([registerUser(), registerUser()]);
    const before = (await inboxOf(ada.id)).length;
    const result = await deliver([
      { notices: [{ userId: ada.id, kind: "points_earned", payload: { points: 99, paymentId: "p1", balance: 99 } }] },
      { notices: [{ userId: bob.id, kind: "subscription_renewed", payload: { planName: "Standard" } }] },
    ]);
    expect(result.explicitAcks.sort()).toEqual(["m0", "m1"]);
    expect(result.retryMessages).toEqual([]);
    const inbox = await inboxOf(ada.id);
    expect(inbox).toHaveLength(before + 1);
    expect(inbox.at(-1)).toMatchObject({ kind: "points_earned" });
    expect(JSON.parse(inbox.at(-1)?.payload ?? "{}")).toEqual({ points: 99, paymentId: "p1", balance: 99 });
    expect((await inboxOf(bob.id)).map((n) => n.kind)).toContain("subscription_renewed");
  });

  it("acknowledges a message it cannot read instead of retrying it forever", async () => {
    const result = await deliver([{ notices: [{ userId: "u1", kind: "not_a_kind", payload: {} }] }, "junk"]);
    expect(result.explicitAcks.sort()).toEqual(["m0", "m1"]);
    expect(result.retryMessages).toEqual([]);
  });

  it("packs notices 50 to a message and 5 messages to a sendBatch call", async () => {
    const calls: number[][] = [];
    const queue = {
      sendBatch: async (messages: { body: { notices: unknown[] } }[]) =>
        void calls.push(messages.map((m) => m.body.notices.length)),
    };
    const messages: NotifyMessage[] = Array.from({ length: 330 }, (_, i) => ({
      userId: `u${i}`,
      kind: "subscription_renewed",
      payload: {},
    }));
    await enqueueNotifications({ ...env, NOTIFY_QUEUE: queue as unknown as Queue }, messages);
    expect(calls).toEqual([
      [50, 50, 50, 50, 50],
      [50, 30],
    ]);
  });
});
