import { describe, expect, it } from "vitest";
import { registerUser, type TestUser } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";
import { adminToken } from "../cinema/test-helpers";

type Api = ReturnType<typeof client>;
type NewInvoice = Parameters<Api["invoices"]["$post"]>[0]["json"];

const card = { number: "4242 4242 4242 4242", expMonth: 12, expYear: 2099, cvc: "123" };

async function charge(user: TestUser, amount = 1210, description = "Direct charge") {
  const res = await client(user.accessToken).payments.$post({
    json: { amount, description, card },
    header: { "idempotency-key": crypto.randomUUID() },
  });
  await expectJson(res, 201);
  const [invoice] = (await expectJson(await client(user.accessToken).me.invoices.$get({ query: {} }), 200)).items;
  return invoice;
}

const adminApi = async () => client(await adminToken());

async function manual(json: Partial<NewInvoice> = {}) {
  const body: NewInvoice = {
    buyer: { name: "Acme Screenings Ltd", email: "accounts@acme.test", taxId: "GB123" },
    currency: "eur",
    lines: [
      { description: "Private screening", quantity: 2, unitPrice: 10000 },
      { description: "Catering", quantity: 1, unitPrice: 2500, taxRate: 10 },
    ],
    ...json,
  };
  return expectJson(await (await adminApi()).invoices.$post({ json: body }), 201);
}

const voidIt = async (id: string, reason = "Issued by mistake") =>
  (await adminApi()).invoices[":id"].void.$post({ param: { id }, json: { reason } });
const payIt = async (id: string) => (await adminApi()).invoices[":id"].pay.$post({ param: { id } });
const credit = async (id: string, json: { reason: string; amount?: number }, key: string = crypto.randomUUID()) =>
  (await adminApi()).invoices[":id"]["credit-notes"].$post({ param: { id }, json, header: { "idempotency-key": key } });
const search = async (query: Record<string, string>) => expectJson(await (await adminApi()).invoices.$get({ query }), 200);

// Many requests per test on a shared, busy machine: allow more than the default 5 s.
describe("invoices", { timeout: 60_000 }, () => {
  it("shows your invoices, newest first and paginated, and one by id", async () => {
    const user = await registerUser();
    const first = await charge(user, 1000, "First");
    const second = await charge(user, 2000, "Second");
    const third = await charge(user, 3000, "Third");
    const api = client(user.accessToken);
    const page1 = await expectJson(await api.me.invoices.$get({ query: { limit: "2" } }), 200);
    expect(page1.items.map((i) => i.id)).toEqual([third.id, second.id]);
    const page2 = await expectJson(await api.me.invoices.$get({ query: { limit: "2", cursor: page1.nextCursor ?? "" } }), 200);
    expect(page2).toEqual({ items: [first], nextCursor: null });
    expect(await expectJson(await api.invoices[":id"].$get({ param: { id: first.id } }), 200)).toEqual(first);
  });

  it("hides an invoice from everyone but its owner and admins", async () => {
    const owner = await registerUser();
    const invoice = await charge(owner);
    const stranger = client((await registerUser()).accessToken);
    await expectProblemOf(await stranger.invoices[":id"].$get({ param: { id: invoice.id } }), 404);
    await expectProblemOf(await stranger.invoices[":id"].pdf.$get({ param: { id: invoice.id } }), 404);
    expect((await stranger.me.invoices.$get({ query: {} })).status).toBe(200);
    expect((await (await adminApi()).invoices[":id"].$get({ param: { id: invoice.id } })).status).toBe(200);
    await expectProblemOf(await client(owner.accessToken).invoices[":id"].$get({ param: { id: "nope" } }), 404);
    // The admin's routes are the admin's only.
    const asOwner = client(owner.accessToken);
    await expectProblemOf(await asOwner.invoices.$get({ query: {} }), 403);
    await expectProblemOf(await asOwner.invoices.$post({ json: { buyer: { name: "x" }, currency: "usd", lines: [] } }), 403);
    await expectProblemOf(await asOwner.invoices[":id"].void.$post({ param: { id: invoice.id }, json: { reason: "x" } }), 403);
    await expectProblemOf(await asOwner.invoices[":id"].pay.$post({ param: { id: invoice.id } }), 403);
    await expectProblemOf(
      await asOwner.invoices[":id"]["credit-notes"].$post({
        param: { id: invoice.id },
        json: { reason: "x" },
        header: { "idempotency-key": crypto.randomUUID() },
      }),
      403,
    );
  });

  it("needs a signed-in caller", async () => {
    const anon = client();
    await expectProblemOf(await anon.me.invoices.$get({ query: {} }), 401);
    await expectProblemOf(await anon.invoices[":id"].$get({ param: { id: "x" } }), 401);
    await expectProblemOf(await anon.invoices[":id"].pdf.$get({ param: { id: "x" } }), 401);
    await expectProblemOf(await anon.invoices.$get({ query: {} }), 401);
  });

  it("issues a manual invoice priced before tax, open until it is paid", async () => {
    const invoice = await manual();
    expect(invoice).toMatchObject({
      series: "INV",
      status: "open",
      paidAt: null,
      userId: null,
      paymentId: null,
      currency: "eur",
      buyer: { name: "Acme Screenings Ltd", email: "accounts@acme.test", taxId: "GB123" },
      lines: [
        { description: "Private screening", quantity: 2, unitPrice: 10000, taxRate: 21, net: 20000, tax: 4200, gross: 24200 },
        { description: "Catering", quantity: 1, unitPrice: 2500, taxRate: 10, net: 2500, tax: 250, gross: 2750 },
      ],
      net: 22500,
      tax: 4450,
      gross: 26950,
    });
    const paid = await expectJson(await payIt(invoice.id), 200);
    expect(paid).toMatchObject({ id: invoice.id, number: invoice.number, status: "paid", paidAt: expect.any(String) });
    await expectProblemOf(await payIt(invoice.id), 409);
    await expectProblemOf(await voidIt(invoice.id), 409);
  });

  it("bills an account by id: the buyer is the account holder, and the invoice is theirs to see", async () => {
    const user = await registerUser({ name: "Grace Hopper" });
    const invoice = await manual({ userId: user.id, buyer: undefined, currency: "usd" });
    expect(invoice).toMatchObject({ userId: user.id, buyer: { name: "Grace Hopper", email: user.email } });
    const mine = await expectJson(await client(user.accessToken).me.invoices.$get({ query: {} }), 200);
    expect(mine.items.map((i) => i.id)).toEqual([invoice.id]);
    const withAddress = await manual({ userId: user.id, buyer: { name: "Hopper Consulting", address: "1 Navy Way" } });
    expect(withAddress.buyer).toEqual({ name: "Hopper Consulting", email: user.email, address: "1 Navy Way" });
    const api = await adminApi();
    await expectProblemOf(
      await api.invoices.$post({
        json: { userId: "nobody", currency: "usd", lines: [{ description: "x", quantity: 1, unitPrice: 1 }] },
      }),
      404,
    );
  });

  it("validates a manual invoice", async () => {
    const api = await adminApi();
    const line = { description: "Hire", quantity: 1, unitPrice: 100 };
    for (const json of [
      { currency: "usd", lines: [line] }, // nobody to bill
      { buyer: { name: "A" }, currency: "usd", lines: [] },
      { buyer: { name: "A" }, currency: "xyz", lines: [line] },
      { buyer: { name: "A" }, currency: "usd", lines: [{ ...line, quantity: 0 }] },
      { buyer: { name: "A" }, currency: "usd", lines: [{ ...line, unitPrice: -5 }] },
      { buyer: { name: "A" }, currency: "usd", lines: [{ ...line, taxRate: 120 }] },
      { buyer: { name: "" }, currency: "usd", lines: [line] },
    ]) {
      await expectProblemOf(await api.invoices.$post({ json: json as NewInvoice }), 400);
    }
  });

  it("voids only an open invoice, keeping its number, and never deletes one", async () => {
    const invoice = await manual();
    const voided = await expectJson(await voidIt(invoice.id, "Wrong customer"), 200);
    expect(voided).toMatchObject({
      id: invoice.id,
      number: invoice.number,
      status: "void",
      voidedAt: expect.any(String),
      voidReason: "Wrong customer",
    });
    await expectProblemOf(await voidIt(invoice.id), 409);
    await expectProblemOf(await payIt(invoice.id), 409);
    expect((await search({ q: invoice.number })).items).toEqual([voided]);
    // A card payment's invoice is paid: it cannot be voided (a refund credits it).
    const paid = await charge(await registerUser());
    expect((await expectProblemOf(await voidIt(paid.id), 409)).detail).toMatch(/open/);
    await expectProblemOf(await payIt(paid.id), 409);
    await expectProblemOf(await voidIt("nope"), 404);
    await expectProblemOf(
      await (await adminApi()).invoices[":id"].void.$post({ param: { id: invoice.id }, json: { reason: "" } }),
      400,
    );
    // The next invoice follows on: voiding took no number back.
    const next = await manual();
    expect(Number(next.number.slice(-6))).toBeGreaterThan(Number(invoice.number.slice(-6)));
  });

  it("credits a paid manual invoice up to what is left, once per Idempotency-Key", async () => {
    const invoice = await manual();
    await expectProblemOf(await credit(invoice.id, { reason: "Discount" }), 409); // still open
    await expectJson(await payIt(invoice.id), 200);
    const key = crypto.randomUUID();
    const note = await expectJson(await credit(invoice.id, { reason: "Goodwill", amount: 2750 }, key), 201);
    expect(note).toMatchObject({
      series: "CN",
      kind: "credit_note",
      status: "paid",
      credits: { id: invoice.id, number: invoice.number },
      buyer: invoice.buyer,
      gross: -2750,
    });
    expect(note.lines.every((l) => l.description.startsWith("Goodwill: "))).toBe(true);
    expect(await expectJson(await credit(invoice.id, { reason: "Goodwill", amount: 2750 }, key), 201)).toEqual(note);
    await expectProblemOf(await credit(invoice.id, { reason: "Too much", amount: 26950 }), 409);
    await expectProblemOf(await credit(note.id, { reason: "A note" }), 409);
    // Two racing notes for the rest: exactly one is issued.
    const racing = await Promise.all([1, 2].map(() => credit(invoice.id, { reason: "Rest" })));
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409]);
    const after = await expectJson(await (await adminApi()).invoices[":id"].$get({ param: { id: invoice.id } }), 200);
    expect(after.creditNotes).toHaveLength(2);
    await expectProblemOf(await credit(invoice.id, { reason: "More" }), 409);
  });

  it("refuses a credit note for a card payment's invoice (its refund credits it)", async () => {
    const invoice = await charge(await registerUser());
    expect((await expectProblemOf(await credit(invoice.id, { reason: "x" }), 409)).detail).toMatch(/refund/);
    await expectProblemOf(await credit("nope", { reason: "x" }), 404);
  });

  it("lets an admin search every invoice by number, buyer, account, series, status and issue date", async () => {
    const user = await registerUser({ name: "Searchable Person" });
    const paid = await charge(user);
    const open = await manual({ buyer: { name: "Unique Buyer Co", email: "billing@unique-buyer.test" } });
    expect((await search({ q: paid.number })).items.map((i) => i.id)).toEqual([paid.id]);
    expect((await search({ q: "searchable person" })).items.map((i) => i.id)).toEqual([paid.id]);
    expect((await search({ q: "unique-buyer.test" })).items.map((i) => i.id)).toEqual([open.id]);
    expect((await search({ userId: user.id })).items.map((i) => i.id)).toEqual([paid.id]);
    expect((await search({ q: "Unique Buyer", status: "open", series: "INV" })).items).toHaveLength(1);
    expect((await search({ q: "Unique Buyer", status: "paid" })).items).toHaveLength(0);
    expect((await search({ q: "Unique Buyer", series: "CN" })).items).toHaveLength(0);
    const today = open.issuedAt.slice(0, 10);
    expect((await search({ q: "Unique Buyer", from: today, to: today })).items).toHaveLength(1);
    expect((await search({ q: "Unique Buyer", to: "2000-01-01" })).items).toHaveLength(0);
    expect((await search({ q: "Unique Buyer", from: "2999-01-01T00:00:00Z" })).items).toHaveLength(0);
    expect((await search({ q: "%" })).items).toHaveLength(0);
    const api = await adminApi();
    await expectProblemOf(await api.invoices.$get({ query: { from: "yesterday" } }), 400);
    await expectProblemOf(await api.invoices.$get({ query: { series: "XX" as "CN" } }), 400);
    await expectProblemOf(await api.invoices.$get({ query: { cursor: "garbage" } }), 400);
    const first = await search({ limit: "1" });
    const second = await search({ limit: "1", cursor: first.nextCursor ?? "" });
    expect(second.items[0].id).not.toBe(first.items[0].id);
  });
});
