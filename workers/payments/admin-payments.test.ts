import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser, signInAdmin, type TestUser } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";
import { buy, card, createShowtime } from "../cinema/test-helpers";
import { userWithRole } from "../engagement/test-fixtures";

/** A direct charge (POST /payments): a payment of no order. */
async function charge(user: TestUser, amount: number, description = "Gift card", number?: string) {
  const res = await client(user.accessToken).payments.$post({
    json: { amount, currency: "usd", description, card: card(number) },
    header: { "idempotency-key": crypto.randomUUID() },
  });
  return res;
}

async function charged(user: TestUser, amount: number, description = "Gift card") {
  return expectJson(await charge(user, amount, description), 201);
}

const refund = (token: string | undefined, id: string, reason = "Never used") =>
  client(token).admin.payments[":id"].refund.$post({ param: { id }, json: { reason } });

describe("admin payment reads", { timeout: 60_000 }, () => {
  it("lists every payment with its payer, filtered by user and status, a page at a time", async () => {
    const [a, b] = await Promise.all([registerUser(), registerUser()]);
    const one = await charged(a, 1000, "First");
    const two = await charged(a, 2000, "Second");
    await charged(b, 3000, "Other");
    await expectProblemOf(await charge(a, 4000, "Declined", "4000 0000 0000 0002"), 402);
    const admin = await signInAdmin();
    const list = (query: Record<string, string>) => client(admin.accessToken).admin.payments.$get({ query });

    const ofA = await expectJson(await list({ userId: a.id }), 200);
    expect(ofA.items.map((p) => p.description)).toEqual(["Declined", "Second", "First"]);
    expect(ofA.items[1]).toMatchObject({
      id: two.id,
      amount: 2000,
      status: "succeeded",
      orderId: null,
      subscriptionId: null,
      refundedCents: 0,
      user: { id: a.id, email: a.email },
    });
    const failed = await expectJson(await list({ userId: a.id, status: "failed" }), 200);
    expect(failed.items.map((p) => p.description)).toEqual(["Declined"]);

    const first = await expectJson(await list({ userId: a.id, limit: "2" }), 200);
    expect(first.items.map((p) => p.description)).toEqual(["Declined", "Second"]);
    const next = await expectJson(await list({ userId: a.id, limit: "2", cursor: String(first.nextCursor) }), 200);
    expect(next).toMatchObject({ items: [{ id: one.id }], nextCursor: null });

    const succeeded = await expectJson(await list({ status: "succeeded", limit: "100" }), 200);
    expect(succeeded.items.every((p) => p.status === "succeeded")).toBe(true);
    expect(succeeded.items.some((p) => p.user.id === b.id)).toBe(true);
    await expectProblemOf(await list({ status: "lost" }), 400);
    await expectProblemOf(await list({ limit: "500" }), 400);
  });

  it("lists one user's payments; 404 for an unknown user; 401 and 403 for others", async () => {
    const user = await registerUser();
    await charged(user, 1500);
    const admin = await signInAdmin();
    const paymentsOf = (token: string | undefined, id: string) =>
      client(token).admin.users[":id"].payments.$get({ param: { id }, query: {} });
    const list = await expectJson(await paymentsOf(admin.accessToken, user.id), 200);
    expect(list.items.map((p) => p.amount)).toEqual([1500]);
    await expectProblemOf(await paymentsOf(admin.accessToken, "missing"), 404);
    await expectProblemOf(await paymentsOf(undefined, user.id), 401);
    await expectProblemOf(await paymentsOf(user.accessToken, user.id), 403);
    const moderator = await userWithRole("moderator");
    await expectProblemOf(await paymentsOf(moderator.accessToken, user.id), 403);
    await expectProblemOf(await client(moderator.accessToken).admin.payments.$get({ query: {} }), 403);
  });
});

describe("admin refund of a standalone payment", { timeout: 60_000 }, () => {
  it("refunds once: the card, a credit note, the points clawed back, an audit entry; a second refund is a 409", async () => {
    const user = await registerUser();
    const payment = await charged(user, 2500);
    const admin = await signInAdmin();

    const refunded = await expectJson(await refund(admin.accessToken, payment.id, "Gift card never used"), 200);
    expect(refunded).toMatchObject({ id: payment.id, status: "refunded", refundedCents: 2500, user: { id: user.id } });

    const creditNotes = await env.DB.prepare(
      "SELECT gross_cents FROM invoices WHERE payment_id = ? AND credits_invoice_id IS NOT NULL",
    )
      .bind(payment.id)
      .all<{ gross_cents: number }>();
    expect(creditNotes.results).toHaveLength(1);
    expect(Math.abs(creditNotes.results[0].gross_cents)).toBe(2500);
    const ledger = await env.DB.prepare("SELECT kind, points FROM loyalty_ledger WHERE payment_id = ? ORDER BY created_at")
      .bind(payment.id)
      .all<{ kind: string; points: number }>();
    const earned = ledger.results.find((e) => e.kind === "earn")?.points ?? 0;
    const clawed = ledger.results.find((e) => e.kind === "clawback")?.points ?? 0;
    expect(earned).toBeGreaterThan(0);
    expect(clawed).toBe(-earned);
    const entry = await env.DB.prepare(
      "SELECT actor_id, detail FROM audit_log WHERE action = 'payment.refunded' AND target_id = ?",
    )
      .bind(payment.id)
      .first<{ actor_id: string; detail: string }>();
    expect(entry?.actor_id).toBe(admin.id);
    expect(JSON.parse(String(entry?.detail))).toMatchObject({
      userId: user.id,
      amountCents: 2500,
      reason: "Gift card never used",
    });

    const again = await expectProblemOf(await refund(admin.accessToken, payment.id), 409);
    expect(again.detail).toMatch(/already refunded/);
    const after = await env.DB.prepare("SELECT refunded_cents AS cents FROM payments WHERE id = ?")
      .bind(payment.id)
      .first<{ cents: number }>();
    expect(after?.cents).toBe(2500);
    const notes = await env.DB.prepare(
      "SELECT count(*) AS n FROM invoices WHERE payment_id = ? AND credits_invoice_id IS NOT NULL",
    )
      .bind(payment.id)
      .first<{ n: number }>();
    expect(notes?.n).toBe(1);
  });

  it("two refunds at once: one succeeds, the other is a 409, and the card is refunded once", async () => {
    const user = await registerUser();
    const payment = await charged(user, 1800);
    const admin = await signInAdmin();
    const answers = await Promise.all([refund(admin.accessToken, payment.id), refund(admin.accessToken, payment.id)]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const row = await env.DB.prepare("SELECT refunded_cents AS cents, status FROM payments WHERE id = ?")
      .bind(payment.id)
      .first<{ cents: number; status: string }>();
    expect(row).toEqual({ cents: 1800, status: "refunded" });
  });

  it("refuses an order's payment (409, refund the order), a failed payment (409), and unknown ids (404)", async () => {
    const buyer = await registerUser();
    const showtime = await createShowtime();
    const order = await buy(buyer.accessToken, showtime.id, ["A1"]);
    const admin = await signInAdmin();
    const ofBuyer = await expectJson(await client(admin.accessToken).admin.payments.$get({ query: { userId: buyer.id } }), 200);
    const orderPayment = ofBuyer.items.find((p) => p.orderId === order.id);
    expect(orderPayment).toBeDefined();
    const refused = await expectProblemOf(await refund(admin.accessToken, String(orderPayment?.id)), 409);
    expect(refused.detail).toContain(`/orders/${order.id}/refund`);
    const unchanged = await env.DB.prepare("SELECT status FROM payments WHERE id = ?")
      .bind(orderPayment?.id)
      .first<{ status: string }>();
    expect(unchanged?.status).toBe("succeeded");

    await expectProblemOf(await charge(buyer, 900, "Declined", "4000 0000 0000 0002"), 402);
    const failed = (
      await expectJson(
        await client(admin.accessToken).admin.payments.$get({ query: { userId: buyer.id, status: "failed" } }),
        200,
      )
    ).items[0];
    await expectProblemOf(await refund(admin.accessToken, failed.id), 409);
    await expectProblemOf(await refund(admin.accessToken, "missing"), 404);
  });

  it("needs a reason and an admin", async () => {
    const user = await registerUser();
    const payment = await charged(user, 1000);
    const admin = await signInAdmin();
    await expectProblemOf(await refund(admin.accessToken, payment.id, "   "), 400);
    await expectProblemOf(await refund(undefined, payment.id), 401);
    await expectProblemOf(await refund(user.accessToken, payment.id), 403);
    const moderator = await userWithRole("moderator");
    await expectProblemOf(await refund(moderator.accessToken, payment.id), 403);
    const row = await env.DB.prepare("SELECT status FROM payments WHERE id = ?").bind(payment.id).first<{ status: string }>();
    expect(row?.status).toBe("succeeded");
  });
});
