import { describe, expect, it } from "vitest";
import { registerUser, signInAdmin, unique } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";

type NewPlan = Parameters<ReturnType<typeof client>["plans"]["$post"]>[0]["json"];

async function createPlan(adminToken: string, overrides: Partial<NewPlan> = {}) {
  const json: NewPlan = { name: unique("Plan "), price: 1000, currency: "usd", interval: "month", ...overrides };
  return expectJson(await client(adminToken).plans.$post({ json }), 201);
}

describe("plans", { timeout: 60_000 }, () => {
  it("creates, lists cheapest first, reads, changes and archives a plan", async () => {
    const admin = await signInAdmin();
    const plan = await createPlan(admin.accessToken, {
      price: 77_777,
      description: "All of it",
      features: ["hd", "premium_titles", "hd"],
      maxStreams: 4,
      trialDays: 7,
    });
    expect(plan).toMatchObject({
      price: 77_777,
      currency: "usd",
      interval: "month",
      trialDays: 7,
      features: ["hd", "premium_titles"],
      maxStreams: 4,
      status: "active",
    });
    const cheap = await createPlan(admin.accessToken, { price: 50 });
    const listed = await expectJson(await client().plans.$get({ query: {} }), 200);
    const prices = listed.items.map((p) => p.price);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    expect(listed.items.map((p) => p.id)).toEqual(expect.arrayContaining([plan.id, cheap.id]));
    expect(await expectJson(await client().plans[":id"].$get({ param: { id: plan.id } }), 200)).toEqual(plan);

    const plans = client(admin.accessToken).plans[":id"];
    const changed = await expectJson(await plans.$patch({ param: { id: plan.id }, json: { price: 88_888, name: "Max" } }), 200);
    expect(changed).toMatchObject({ price: 88_888, name: "Max", features: ["hd", "premium_titles"] });
    const archived = await expectJson(await plans.$patch({ param: { id: plan.id }, json: { status: "archived" } }), 200);
    expect(archived.status).toBe("archived");
    const publicList = await expectJson(await client().plans.$get({ query: {} }), 200);
    expect(publicList.items.map((p) => p.id)).not.toContain(plan.id);
    const adminList = await expectJson(await client(admin.accessToken).plans.$get({ query: { include: "archived" } }), 200);
    expect(adminList.items.map((p) => p.id)).toContain(plan.id);
    await expectJson(await plans.$patch({ param: { id: plan.id }, json: { status: "active" } }), 200);
  });

  it("deletes an unused plan and refuses one a subscription used", async () => {
    const admin = await signInAdmin();
    const unused = await createPlan(admin.accessToken);
    const del = (id: string) => client(admin.accessToken).plans[":id"].$delete({ param: { id } });
    expect((await del(unused.id)).status).toBe(204);
    await expectProblemOf(await del(unused.id), 404);

    const used = await createPlan(admin.accessToken);
    const user = await registerUser();
    const card = { number: "4242 4242 4242 4242", expMonth: 12, expYear: 2099, cvc: "123" };
    await expectJson(
      await client(user.accessToken).me.subscription.$post({
        json: { planId: used.id, card },
        header: { "idempotency-key": crypto.randomUUID() },
      }),
      201,
    );
    const problem = await expectProblemOf(await del(used.id), 409);
    expect(problem.detail).toMatch(/archive/);
  });

  it("guards writes and validates input", async () => {
    const admin = await signInAdmin();
    const user = await registerUser();
    const json: NewPlan = { name: "x", price: 1000, currency: "usd", interval: "month" };
    await expectProblemOf(await client().plans.$post({ json }), 401);
    await expectProblemOf(await client(user.accessToken).plans.$post({ json }), 403);
    await expectProblemOf(await client(user.accessToken).plans.$get({ query: { include: "archived" } }), 403);
    await expectProblemOf(await client(admin.accessToken).plans.$post({ json: { ...json, price: 10 } }), 400);
    await expectProblemOf(await client(admin.accessToken).plans.$post({ json: { ...json, features: ["Bad Feature"] } }), 400);
    // @ts-expect-error an unknown interval on purpose
    await expectProblemOf(await client(admin.accessToken).plans.$post({ json: { ...json, interval: "week" } }), 400);
    const plan = await createPlan(admin.accessToken);
    const plans = client(admin.accessToken).plans[":id"];
    await expectProblemOf(await plans.$patch({ param: { id: plan.id }, json: {} }), 400);
    await expectProblemOf(await plans.$patch({ param: { id: "nope" }, json: { name: "y" } }), 404);
    await expectProblemOf(await client().plans[":id"].$get({ param: { id: "nope" } }), 404);
  });
});
