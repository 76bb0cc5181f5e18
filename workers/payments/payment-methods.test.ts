import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser } from "../../test/api";
import { checkedFetch, client, expectJson, expectProblemOf } from "../../test/client";

const PATH = "/api/me/payment-methods";
const card = (number: string, extra: Record<string, unknown> = {}) => ({
  number,
  expMonth: 12,
  expYear: 2099,
  cvc: "123",
  ...extra,
});

const methods = (token?: string) => client(token).me["payment-methods"];
type NewMethod = Parameters<ReturnType<typeof methods>["$post"]>[0]["json"];

async function add(token: string, json: NewMethod) {
  return expectJson(await methods(token).$post({ json }), 201);
}

async function list(token: string) {
  const page = await expectJson(await methods(token).$get({ query: {} }), 200);
  expect(page.nextCursor).toBeNull();
  return page.items;
}

describe("payment methods", () => {
  it("saves the first card as the default, with only its public details", async () => {
    const { accessToken } = await registerUser();
    const res = await expectJson(await methods(accessToken).$post({ json: { card: card("4242 4242 4242 4242") } }), 201);
    expect(res).toEqual({
      id: expect.any(String),
      brand: "visa",
      last4: "4242",
      expMonth: 12,
      expYear: 2099,
      holderName: null,
      isDefault: true,
      createdAt: expect.any(String),
    });
    expect(JSON.stringify(res)).not.toContain("pm_sim");
    expect(await expectJson(await methods(accessToken)[":id"].$get({ param: { id: res.id } }), 200)).toEqual(res);
  });

  it("keeps exactly one default, lists it first then newest first, and promotes on delete", async () => {
    const { accessToken: token } = await registerUser();
    const first = await add(token, { card: card("4242424242424242") });
    const second = await add(token, { card: card("5555 5555 5555 4444"), isDefault: true });
    expect(second).toMatchObject({ brand: "mastercard", last4: "4444", isDefault: true });
    const third = await add(token, { card: card("3782-822463-10005", { cvc: "1234" }) });
    expect(third).toMatchObject({ brand: "amex", isDefault: false });

    let items = await list(token);
    expect(items.map((m) => [m.id, m.isDefault])).toEqual([
      [second.id, true],
      [third.id, false],
      [first.id, false],
    ]);

    const remove = (id: string) => methods(token)[":id"].$delete({ param: { id } });
    expect((await remove(first.id)).status).toBe(204);
    items = await list(token);
    expect(items.map((m) => [m.id, m.isDefault])).toEqual([
      [second.id, true],
      [third.id, false],
    ]);

    expect((await remove(second.id)).status).toBe(204);
    items = await list(token);
    expect(items.map((m) => [m.id, m.isDefault])).toEqual([[third.id, true]]);
    await expectProblemOf(await methods(token)[":id"].$get({ param: { id: second.id } }), 404);

    expect((await remove(third.id)).status).toBe(204);
    expect(await list(token)).toEqual([]);
    expect(await add(token, { card: card("4242424242424242"), isDefault: false })).toMatchObject({ isDefault: true });
  });

  it("stores a token, never the card number or CVC", async () => {
    const user = await registerUser();
    const saved = await add(user.accessToken, { card: card("4000 0000 0000 0002", { cvc: "987" }) });
    const rows = await env.DB.prepare("SELECT * FROM payment_methods WHERE user_id = ?").bind(user.id).all();
    expect(rows.results).toHaveLength(1);
    const row = rows.results[0];
    expect(Object.keys(row).sort()).toEqual(
      [
        "brand",
        "created_at",
        "exp_month",
        "exp_year",
        "holder_name",
        "id",
        "is_default",
        "last4",
        "provider_token",
        "user_id",
      ].sort(),
    );
    expect(row).toMatchObject({ id: saved.id, last4: "0002", provider_token: expect.stringMatching(/^pm_sim_card_declined_/) });
    for (const value of Object.values(row)) {
      expect(String(value)).not.toContain("4000000000000002");
      expect(value).not.toBe("987");
    }
  });

  it("updates a card's expiry, holder name and default, refusing a past expiry", async () => {
    const { accessToken: token } = await registerUser();
    const first = await add(token, { card: card("4242 4242 4242 4242"), holderName: "  Ada Lovelace " });
    expect(first.holderName).toBe("Ada Lovelace");
    const second = await add(token, { card: card("5555 5555 5555 4444") });
    const patch = (id: string, json: Parameters<ReturnType<typeof methods>[":id"]["$patch"]>[0]["json"]) =>
      methods(token)[":id"].$patch({ param: { id }, json });
    const updated = await expectJson(
      await patch(second.id, { expMonth: 3, expYear: 2031, holderName: "A. L.", isDefault: true }),
      200,
    );
    expect(updated).toMatchObject({ expMonth: 3, expYear: 2031, holderName: "A. L.", isDefault: true });
    expect((await list(token)).map((m) => [m.id, m.isDefault])).toEqual([
      [second.id, true],
      [first.id, false],
    ]);
    expect((await expectJson(await patch(first.id, { holderName: null }), 200)).holderName).toBeNull();
    const expired = await expectProblemOf(await patch(first.id, { expMonth: 1, expYear: 2020 }), 400);
    expect(expired.errors?.map((e) => e.path)).toEqual(["expYear"]);
    await expectProblemOf(await patch(first.id, {}), 400);
    await expectProblemOf(await patch("nope", { holderName: "x" }), 404);
    const stranger = await registerUser();
    await expectProblemOf(
      await methods(stranger.accessToken)[":id"].$patch({ param: { id: first.id }, json: { holderName: "x" } }),
      404,
    );
  });

  it("rejects invalid cards with field-level errors", async () => {
    const { accessToken: token } = await registerUser();
    const errorPaths = async (json: NewMethod) => {
      const problem = await expectProblemOf(await methods(token).$post({ json }), 400);
      return problem.errors?.map((e) => e.path);
    };
    expect((await errorPaths({ card: card("4242 4242 4242 4241") }))?.[0]).toBe("card.number");
    expect(await errorPaths({ card: card("4242424242424242", { expYear: 2020 }) })).toEqual(["card.expYear"]);
    expect(await errorPaths({ card: card("4242424242424242", { expMonth: 13 }) })).toContain("card.expMonth");
    expect(await errorPaths({ card: card("4242424242424242", { cvc: "12" }) })).toEqual(["card.cvc"]);
    // @ts-expect-error the card is missing on purpose
    expect(await errorPaths({ isDefault: true })).toEqual(["card"]);
    // Not JSON at all, which the typed client cannot send.
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    await expectProblemOf(await checkedFetch(`https://marquee.test${PATH}`, { method: "POST", headers, body: "{not json" }), 400);
    expect(await list(token)).toEqual([]);
  });

  it("needs a signed-in caller", async () => {
    await expectProblemOf(await methods().$get({ query: {} }), 401);
    await expectProblemOf(await methods().$post({ json: { card: card("4242424242424242") } }), 401);
    await expectProblemOf(await methods()[":id"].$delete({ param: { id: "anything" } }), 401);
  });

  it("hides other people's cards", async () => {
    const owner = await registerUser();
    const stranger = await registerUser();
    const saved = await add(owner.accessToken, { card: card("4242424242424242") });
    const param = { id: saved.id };
    await expectProblemOf(await methods(stranger.accessToken)[":id"].$get({ param }), 404);
    await expectProblemOf(await methods(stranger.accessToken)[":id"].$delete({ param }), 404);
    expect(await list(stranger.accessToken)).toEqual([]);
    expect((await list(owner.accessToken)).map((m) => m.id)).toEqual([saved.id]);
    const none = { id: "no-such-id" };
    await expectProblemOf(await methods(owner.accessToken)[":id"].$get({ param: none }), 404);
    await expectProblemOf(await methods(owner.accessToken)[":id"].$delete({ param: none }), 404);
  });

  it("is in the served OpenAPI document", async () => {
    // /openapi.json is not a typed route (it is not part of AppType), so it is fetched by path.
    const res = await checkedFetch("https://marquee.test/api/openapi.json");
    const doc: {
      paths: Record<string, Record<string, { tags?: string[] }>>;
      components: { schemas: Record<string, unknown> };
    } = await res.json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([PATH.slice(4), `${PATH.slice(4)}/{id}`]));
    expect(doc.paths[PATH.slice(4)].post.tags).toEqual(["payment methods"]);
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(["PaymentMethod", "CardInput"]));
  });
});
