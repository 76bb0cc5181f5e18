import { describe, expect, it } from "vitest";
import { client, expectJson, expectProblem, settle } from "../../test/client";
import { card, createShowtime, holdOk, order, orderOk } from "../cinema/test-helpers";
import { adjust, adminToken, ledger, loyalty, newMember, pay } from "./loyalty.test-helpers";

async function voucherFor(
  token: string,
  userId: string,
  reward: { kind: "free_ticket" | "discount_code" | "snack_voucher"; cost?: number; discountPercent?: number },
) {
  const json = { name: `Reward ${reward.kind}`, cost: reward.cost ?? 100, ...reward };
  const created = await expectJson(await client(await adminToken()).rewards.$post({ json }), 201);
  await adjust(userId, created.cost);
  const res = await client(token).rewards[":id"].redeem.$post({
    param: { id: created.id },
    header: { "idempotency-key": crypto.randomUUID() },
  });
  return (await expectJson(res, 201)).voucherCode;
}

const quote = async (token: string, holdId: string, voucherCode?: string) =>
  settle(await client(token).holds[":id"].quote.$get({ param: { id: holdId }, query: voucherCode ? { voucherCode } : {} }));

describe("checkout benefits", () => {
  it("takes Gold's 10 % off a ticket order and earns points on what was paid", async () => {
    const member = await newMember();
    await expectJson(await pay(member.accessToken, 50_000), 201); // 5,000 points: Gold
    expect(await loyalty(member.accessToken)).toMatchObject({ tier: "gold" });
    const showtime = await createShowtime();
    const held = await holdOk(member.accessToken, showtime.id, { seats: ["A1", "A2"] });
    const quoted = await quote(member.accessToken, held.id);
    expect(quoted.body).toMatchObject({ subtotal: 2400, discount: 240, total: 2160, discounts: [{ amount: 240 }] });
    const paid = await orderOk(member.accessToken, { holdId: held.id, card: card() });
    expect(paid).toMatchObject({ status: "paid", subtotal: 2400, discount: 240, total: 2160, voucherCode: null });
    expect((await ledger(member.accessToken))[0]).toMatchObject({ kind: "earn", points: 216 });
  });

  it("a free-ticket voucher pays for the dearest seat, once", async () => {
    const member = await newMember();
    const code = await voucherFor(member.accessToken, member.id, { kind: "free_ticket" });
    const showtime = await createShowtime();
    const held = await holdOk(member.accessToken, showtime.id, { seats: ["B1", "B2"] });
    expect((await quote(member.accessToken, held.id, code)).body).toMatchObject({ subtotal: 2400, discount: 1200, total: 1200 });
    const paid = await orderOk(member.accessToken, { holdId: held.id, card: card(), voucherCode: code });
    expect(paid).toMatchObject({ subtotal: 2400, discount: 1200, total: 1200, voucherCode: code });
    const vouchers = await expectJson(await client(member.accessToken).me.rewards.$get({ query: {} }), 200);
    expect(vouchers.items[0]).toMatchObject({ voucherCode: code, status: "used", usedAt: expect.any(String) });

    const again = await holdOk(member.accessToken, showtime.id, { seats: ["B3"] });
    expect(expectProblem(await quote(member.accessToken, again.id, code), 409)).toMatchObject({ reason: "voucher_used" });
    expectProblem(await order(member.accessToken, { holdId: again.id, card: card(), voucherCode: code }), 409);
  });

  it("an order the voucher covers takes no payment, and a refund gives the voucher back", async () => {
    const member = await newMember();
    const code = await voucherFor(member.accessToken, member.id, { kind: "free_ticket" });
    const showtime = await createShowtime();
    const held = await holdOk(member.accessToken, showtime.id, { seats: ["C1"] });
    const free = await orderOk(member.accessToken, { holdId: held.id, voucherCode: code });
    expect(free).toMatchObject({ status: "paid", total: 0, discount: 1200, tickets: [expect.objectContaining({ seat: "C1" })] });
    const payments = await expectJson(await client(member.accessToken).me.payments.$get({ query: {} }), 200);
    expect(payments.items.filter((p) => p.orderId === free.id)).toHaveLength(0);
    await expectJson(await client(member.accessToken).orders[":id"].refund.$post({ param: { id: free.id } }), 200);
    const vouchers = await expectJson(await client(member.accessToken).me.rewards.$get({ query: {} }), 200);
    expect(vouchers.items[0]).toMatchObject({ status: "issued", usedAt: null });
  });

  it("a discount code takes its percent; a declined card gives the voucher back", async () => {
    const member = await newMember();
    const code = await voucherFor(member.accessToken, member.id, { kind: "discount_code", discountPercent: 25 });
    const showtime = await createShowtime();
    const held = await holdOk(member.accessToken, showtime.id, { seats: ["D1", "D2"] });
    expectProblem(
      await order(member.accessToken, { holdId: held.id, card: card("4000 0000 0000 0002"), voucherCode: code }),
      402,
    );
    const vouchers = await expectJson(await client(member.accessToken).me.rewards.$get({ query: {} }), 200);
    expect(vouchers.items[0]).toMatchObject({ status: "issued" });
    const paid = await orderOk(member.accessToken, { holdId: held.id, card: card(), voucherCode: code });
    expect(paid).toMatchObject({ subtotal: 2400, discount: 600, total: 1800 });
  });

  it("refuses unknown, someone else's and snack vouchers, and a card-less order the voucher does not cover", async () => {
    const [member, other] = await Promise.all([newMember(), newMember()]);
    const theirs = await voucherFor(other.accessToken, other.id, { kind: "free_ticket" });
    const snack = await voucherFor(member.accessToken, member.id, { kind: "snack_voucher" });
    const showtime = await createShowtime();
    const held = await holdOk(member.accessToken, showtime.id, { seats: ["E1", "E2"] });
    expectProblem(await quote(member.accessToken, held.id, "MQ-NOSUCHCODE"), 404);
    expectProblem(await quote(member.accessToken, held.id, theirs), 404);
    expectProblem(await quote(member.accessToken, held.id, snack), 409);
    expectProblem(await quote(other.accessToken, held.id), 404);
    expectProblem(await order(member.accessToken, { holdId: held.id, card: card(), voucherCode: theirs }), 404);
    const discount = await voucherFor(member.accessToken, member.id, { kind: "discount_code", discountPercent: 10 });
    const again = await holdOk(member.accessToken, showtime.id, { seats: ["E3"] });
    expectProblem(await order(member.accessToken, { holdId: again.id, voucherCode: discount }), 400);
  });

  it("Silver and Gold members hold seats longer than the showtime's default", async () => {
    const [silver, bronze] = await Promise.all([newMember(), newMember()]);
    await expectJson(await pay(silver.accessToken, 10_000), 201); // 1,000 points: Silver
    const showtime = await createShowtime();
    const ttl = (hold: { createdAt: string; expiresAt: string }) =>
      (Date.parse(hold.expiresAt) - Date.parse(hold.createdAt)) / 1000;
    const bronzeHold = await holdOk(bronze.accessToken, showtime.id, { seats: ["F1"] });
    const silverHold = await holdOk(silver.accessToken, showtime.id, { seats: ["F2"] });
    expect(ttl(bronzeHold)).toBe(showtime.holdTtlSeconds);
    expect(ttl(silverHold)).toBe(Math.max(900, showtime.holdTtlSeconds));
  });
});

describe("clawback", () => {
  it("takes back a refunded order's points", async () => {
    const member = await newMember();
    const showtime = await createShowtime();
    const held = await holdOk(member.accessToken, showtime.id, { seats: ["G1", "G2"] });
    const paid = await orderOk(member.accessToken, { holdId: held.id, card: card() });
    expect(await loyalty(member.accessToken)).toMatchObject({ balance: 240 });
    await expectJson(await client(member.accessToken).orders[":id"].refund.$post({ param: { id: paid.id } }), 200);
    expect((await ledger(member.accessToken))[0]).toMatchObject({ kind: "clawback", points: -240 });
    expect(await loyalty(member.accessToken)).toMatchObject({ balance: 0, earnedLast12Months: 0 });
  });
});
