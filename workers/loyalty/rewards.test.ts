import { describe, expect, it } from "vitest";
import { client, expectJson, expectProblemOf, settle } from "../../test/client";
import { adjust, adminToken, inboxKinds, ledger, loyalty, newMember } from "./loyalty.test-helpers";

type RewardInput = Parameters<ReturnType<typeof client>["rewards"]["$post"]>[0]["json"];

async function createReward(json: Partial<RewardInput> = {}) {
  const input: RewardInput = { name: "Free popcorn", kind: "snack_voucher", cost: 60, ...json };
  return expectJson(await client(await adminToken()).rewards.$post({ json: input }), 201);
}

const redeem = async (token: string, rewardId: string, key: string = crypto.randomUUID()) =>
  settle(await client(token).rewards[":id"].redeem.$post({ param: { id: rewardId }, header: { "idempotency-key": key } }));

describe("rewards CRUD", () => {
  it("lets an admin add, change, archive and restore a reward; the public list shows active ones", async () => {
    const admin = client(await adminToken());
    const reward = await createReward({ name: "Ten off", kind: "discount_code", cost: 200, discountPercent: 10, stock: 5 });
    expect(reward).toMatchObject({ kind: "discount_code", cost: 200, discountPercent: 10, stock: 5, status: "active" });
    const changed = await expectJson(
      await admin.rewards[":id"].$patch({ param: { id: reward.id }, json: { cost: 250, stock: null } }),
      200,
    );
    expect(changed).toMatchObject({ cost: 250, stock: null });
    const listed = async () => (await expectJson(await client().rewards.$get({ query: {} }), 200)).items.map((r) => r.id);
    expect(await listed()).toContain(reward.id);
    expect((await admin.rewards[":id"].$delete({ param: { id: reward.id } })).status).toBe(204);
    expect(await listed()).not.toContain(reward.id);
    const all = await expectJson(await admin.rewards.$get({ query: { include: "archived" } }), 200);
    expect(all.items.find((r) => r.id === reward.id)).toMatchObject({ status: "archived" });
    await expectJson(await admin.rewards[":id"].$patch({ param: { id: reward.id }, json: { status: "active" } }), 200);
    expect(await listed()).toContain(reward.id);
  });

  it("refuses bad input (400), non-admins (401/403) and unknown rewards (404)", async () => {
    const admin = client(await adminToken());
    await expectProblemOf(await admin.rewards.$post({ json: { name: "x", kind: "discount_code", cost: 10 } }), 400);
    await expectProblemOf(await admin.rewards.$post({ json: { name: "x", kind: "free_ticket", cost: 0 } }), 400);
    await expectProblemOf(
      await admin.rewards.$post({ json: { name: "x", kind: "free_ticket", cost: 10, discountPercent: 5 } }),
      400,
    );
    const member = await newMember();
    await expectProblemOf(
      await client(member.accessToken).rewards.$post({ json: { name: "x", kind: "free_ticket", cost: 10 } }),
      403,
    );
    await expectProblemOf(await client().rewards.$post({ json: { name: "x", kind: "free_ticket", cost: 10 } }), 401);
    await expectProblemOf(await client(member.accessToken).rewards.$get({ query: { include: "archived" } }), 403);
    await expectProblemOf(await admin.rewards[":id"].$patch({ param: { id: "nope" }, json: { cost: 5 } }), 404);
    await expectProblemOf(await admin.rewards[":id"].$delete({ param: { id: "nope" } }), 404);
    const snack = await createReward();
    await expectProblemOf(await admin.rewards[":id"].$patch({ param: { id: snack.id }, json: { discountPercent: 20 } }), 400);
  });
});

describe("POST /rewards/{id}/redeem", () => {
  it("deducts the points and issues one voucher per Idempotency-Key", async () => {
    const member = await newMember();
    await adjust(member.id, 100);
    const reward = await createReward({ cost: 60 });
    const key = crypto.randomUUID();
    const [first, again] = await Promise.all([
      redeem(member.accessToken, reward.id, key),
      redeem(member.accessToken, reward.id, key),
    ]);
    expect(first.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(first.body).toMatchObject({
      points: 60,
      status: "issued",
      usedAt: null,
      voucherCode: expect.stringMatching(/^MQ-/),
      reward: { id: reward.id },
    });
    expect(await loyalty(member.accessToken)).toMatchObject({ balance: 40 });
    expect((await ledger(member.accessToken))[0]).toMatchObject({ kind: "redeem", points: -60 });
    const mine = await expectJson(await client(member.accessToken).me.rewards.$get({ query: {} }), 200);
    expect(mine.items).toHaveLength(1);
    expect((await inboxKinds(member.accessToken)).filter((n) => n.kind === "reward_redeemed")).toHaveLength(1);
  });

  it("lets exactly one of two redemptions through when together they exceed the balance", async () => {
    const member = await newMember();
    await adjust(member.id, 100);
    const reward = await createReward({ cost: 60 });
    const answers = await Promise.all([redeem(member.accessToken, reward.id), redeem(member.accessToken, reward.id)]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    const refused = answers.find((a) => a.status === 409);
    expect(refused?.body).toMatchObject({ reason: "insufficient_points" });
    expect(await loyalty(member.accessToken)).toMatchObject({ balance: 40 });
  });

  it("lets exactly one of two members have the last item in stock", async () => {
    const [a, b] = await Promise.all([newMember(), newMember()]);
    await adjust(a.id, 500);
    await adjust(b.id, 500);
    const reward = await createReward({ cost: 100, stock: 1 });
    const answers = await Promise.all([redeem(a.accessToken, reward.id), redeem(b.accessToken, reward.id)]);
    expect(answers.map((x) => x.status).sort()).toEqual([201, 409]);
    expect(answers.find((x) => x.status === 409)?.body).toMatchObject({ reason: "out_of_stock" });
    const after = (await expectJson(await client().rewards.$get({ query: {} }), 200)).items.find((r) => r.id === reward.id);
    expect(after?.stock).toBe(0);
    const balances = [(await loyalty(a.accessToken)).balance, (await loyalty(b.accessToken)).balance].sort();
    expect(balances).toEqual([400, 500]);
  });

  it("answers 404 for an unknown or archived reward, 401 without a sign-in, 400 without a key", async () => {
    const member = await newMember();
    await adjust(member.id, 500);
    expect((await redeem(member.accessToken, "nope")).status).toBe(404);
    const reward = await createReward({ cost: 10 });
    await client(await adminToken()).rewards[":id"].$delete({ param: { id: reward.id } });
    expect((await redeem(member.accessToken, reward.id)).status).toBe(404);
    await expectProblemOf(
      await client().rewards[":id"].redeem.$post({
        param: { id: reward.id },
        header: { "idempotency-key": crypto.randomUUID() },
      }),
      401,
    );
    const noKey = await client(member.accessToken).rewards[":id"].redeem.$post({
      param: { id: reward.id },
      header: {} as { "idempotency-key": string },
    });
    await expectProblemOf(noKey, 400);
  });
});
