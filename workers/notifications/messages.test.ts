import { env } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { registerUser, signInAdmin, type TestUser, unique } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";
import { newPlan, subscribe } from "../billing/entitlements.test-helpers";
import { buy, createShowtime } from "../cinema/test-helpers";
import { userWithRole } from "../engagement/test-fixtures";

type Message = Parameters<ReturnType<typeof client>["admin"]["messages"]["email"]["$post"]>[0]["json"];
type Audience = Message["audience"];

let admin: TestUser | undefined;
async function adminToken() {
  admin ??= await signInAdmin();
  return admin.accessToken;
}

const send = async (json: Message, token?: string) => client(token ?? (await adminToken())).admin.messages.email.$post({ json });

/** The outbox rows a message with `subject` wrote, by recipient. */
async function outboxFor(subject: string) {
  const rows = await env.DB.prepare(
    "SELECT user_id, kind, to_address, subject, text, status FROM email_outbox WHERE subject = ? ORDER BY user_id",
  )
    .bind(subject)
    .all<{ user_id: string; kind: string; to_address: string; subject: string; text: string; status: string }>();
  return rows.results;
}

const optOut = (user: TestUser) =>
  client(user.accessToken).me["notification-preferences"].$put({ json: { email: { announcement: false } } });

/** Counts (dry run), then sends for real: the outbox rows must be exactly `expected`, each delivered. */
async function countThenSend(audience: Audience, expected: TestUser[], skipped: number) {
  const subject = unique("News ");
  const body = "Doors open early tonight.\n\nEnjoy the show!";
  const dry = await expectJson(await send({ audience, subject, body, dryRun: true }), 200);
  expect(dry).toEqual({ dryRun: true, recipients: expected.length, skipped, queued: 0 });
  expect(await outboxFor(subject)).toEqual([]);

  const sent = await expectJson(await send({ audience, subject, body }), 202);
  expect(sent).toEqual({ dryRun: false, recipients: expected.length, skipped, queued: expected.length });
  const rows = await outboxFor(subject);
  expect(rows.map((r) => r.user_id)).toEqual(expected.map((u) => u.id).sort());
  expect(rows.map((r) => r.to_address).sort()).toEqual(expected.map((u) => u.email).sort());
  for (const row of rows) {
    expect(row.kind).toBe("announcement");
    expect(row.text).toContain("Enjoy the show!");
  }
  await vi.waitFor(async () => expect((await outboxFor(subject)).every((r) => r.status === "sent")).toBe(true), {
    timeout: 10_000,
  });
  return subject;
}

describe("admin email messages", { timeout: 60_000 }, () => {
  it("one person: counted, sent through the outbox, audited; an opted-out person is skipped; an unknown one is a 404", async () => {
    const user = await registerUser();
    const subject = await countThenSend({ userId: user.id }, [user], 0);
    const entry = await env.DB.prepare("SELECT actor_id, detail FROM audit_log WHERE action = 'message.sent' AND target_id = ?")
      .bind(user.id)
      .first<{ actor_id: string; detail: string }>();
    expect(entry?.actor_id).toBe(admin?.id);
    expect(JSON.parse(String(entry?.detail))).toMatchObject({ subject, recipients: 1, queued: 1, audience: { userId: user.id } });

    expect((await optOut(user)).status).toBe(200);
    await countThenSend({ userId: user.id }, [], 1);
    await expectProblemOf(await send({ audience: { userId: "missing" }, subject: "Hi", body: "Hello" }), 404);

    // A deleted (disabled) account is never written to, but is not an unknown one either.
    const gone = await registerUser();
    const removed = await client(await adminToken()).users[":id"].$delete({ param: { id: gone.id } });
    expect(removed.status).toBeLessThan(300);
    await countThenSend({ userId: gone.id }, [], 0);
  });

  it("a role: every live account with it, less those who opted out", async () => {
    const [a, b, c] = await Promise.all([userWithRole("moderator"), userWithRole("moderator"), userWithRole("moderator")]);
    await optOut(c);
    const others = await env.DB.prepare(
      "SELECT id, email FROM users WHERE role = 'moderator' AND deleted_at IS NULL AND id NOT IN (?, ?, ?) AND NOT EXISTS (SELECT 1 FROM notification_preferences p WHERE p.user_id = users.id AND p.kind = 'announcement' AND p.email = 0)",
    )
      .bind(a.id, b.id, c.id)
      .all<{ id: string; email: string }>();
    const optedOut = await env.DB.prepare(
      "SELECT count(*) AS n FROM users WHERE role = 'moderator' AND deleted_at IS NULL AND EXISTS (SELECT 1 FROM notification_preferences p WHERE p.user_id = users.id AND p.kind = 'announcement' AND p.email = 0)",
    ).first<{ n: number }>();
    const expected = [a, b, ...others.results.map((r) => ({ ...a, id: r.id, email: r.email }))];
    await countThenSend({ role: "moderator" }, expected, optedOut?.n ?? 1);
  });

  it("a plan's subscribers: active and trialing ones only; an unknown plan is a 404", async () => {
    const plan = await newPlan();
    const [active, trialing, canceled, pastDue, quiet] = await Promise.all([
      registerUser(),
      registerUser(),
      registerUser(),
      registerUser(),
      registerUser(),
    ]);
    await subscribe(active.id, plan.id);
    await subscribe(trialing.id, plan.id, { status: "trialing" });
    await subscribe(canceled.id, plan.id, { status: "canceled" });
    await subscribe(pastDue.id, plan.id, { status: "past_due" });
    await subscribe(quiet.id, plan.id);
    await optOut(quiet);
    await countThenSend({ planId: plan.id }, [active, trialing], 1);
    await expectProblemOf(await send({ audience: { planId: "missing" }, subject: "Hi", body: "Hello", dryRun: true }), 404);
  });

  it("a showtime's ticket holders: one email per person however many seats, none for a refunded order", async () => {
    const showtime = await createShowtime();
    const [two, one, refunded] = await Promise.all([registerUser(), registerUser(), registerUser()]);
    await buy(two.accessToken, showtime.id, ["A1", "A2"]);
    await buy(one.accessToken, showtime.id, ["B1"]);
    const order = await buy(refunded.accessToken, showtime.id, ["C1"]);
    await expectJson(await client(refunded.accessToken).orders[":id"].refund.$post({ param: { id: order.id } }), 200);
    await countThenSend({ showtimeId: showtime.id }, [two, one], 0);
    await expectProblemOf(await send({ audience: { showtimeId: "missing" }, subject: "Hi", body: "Hello" }), 404);
  });

  it("validates the audience and bounds the subject and body", async () => {
    const user = await registerUser();
    const ok = { audience: { userId: user.id }, subject: "Hi", body: "Hello", dryRun: true };
    await expectJson(await send(ok), 200);
    await expectProblemOf(await send({ ...ok, subject: "   " }), 400);
    await expectProblemOf(await send({ ...ok, subject: "x".repeat(151) }), 400);
    await expectProblemOf(await send({ ...ok, body: "" }), 400);
    await expectProblemOf(await send({ ...ok, body: "x".repeat(5001) }), 400);
    await expectProblemOf(await send({ ...ok, audience: { role: "owner" } as unknown as Audience }), 400);
    await expectProblemOf(await send({ ...ok, audience: { userId: user.id, role: "user" } as unknown as Audience }), 400);
    await expectProblemOf(await send({ ...ok, audience: {} as unknown as Audience }), 400);
  });

  it("is for admins only, and a refused request queues nothing", async () => {
    const user = await registerUser();
    const subject = unique("Nope ");
    const json = { audience: { role: "user" as const }, subject, body: "Hello" };
    await expectProblemOf(await client().admin.messages.email.$post({ json }), 401);
    await expectProblemOf(await send(json, user.accessToken), 403);
    const moderator = await userWithRole("moderator");
    await expectProblemOf(await send(json, moderator.accessToken), 403);
    expect(await outboxFor(subject)).toEqual([]);
  });
});
