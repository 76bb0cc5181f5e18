import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser } from "../../test/api";
import { client, expectJson } from "../../test/client";
import { buy, createShowtime } from "../cinema/test-helpers";
import { database } from "../lib/db";
import { openPayment, updatePayment } from "../payments/payments.queries";
import { chargeRefunded, chargeSucceeded } from "./receipts";
import { creditLines, lineFromGross, lineFromNet, totalsOf } from "./tax";

const ctx = { waitUntil: () => {} };
const myInvoices = async (token: string) => (await expectJson(await client(token).me.invoices.$get({ query: {} }), 200)).items;

/** A succeeded payment written straight to the database, as one made before invoicing existed. */
async function paymentWithoutInvoice(userId: string, amountCents: number) {
  const db = database(env.DB);
  const opened = await openPayment(db, {
    userId,
    idempotencyKey: crypto.randomUUID(),
    amountCents,
    currency: "eur",
    description: "Before invoices",
    card: { brand: "visa", last4: "4242" },
  });
  return updatePayment(db, opened.id, { status: "succeeded", chargeId: `ch_${opened.id}` });
}

describe("tax", () => {
  it("splits a tax-included price so net and tax add up to what was charged", () => {
    expect(lineFromGross("Seat", 1, 1210, 2100)).toMatchObject({
      unitCents: 1000,
      netCents: 1000,
      taxCents: 210,
      grossCents: 1210,
    });
    expect(lineFromGross("Seat", 1, 1200, 2100)).toMatchObject({ netCents: 992, taxCents: 208, grossCents: 1200 });
    expect(lineFromGross("Seats", 3, 999, 2100)).toMatchObject({
      unitCents: 826,
      netCents: 2478,
      taxCents: 519,
      grossCents: 2997,
    });
    expect(lineFromGross("Exempt", 2, 500, 0)).toMatchObject({ netCents: 1000, taxCents: 0, grossCents: 1000 });
    expect(lineFromNet("Hire", 2, 5000, 2100)).toMatchObject({ netCents: 10000, taxCents: 2100, grossCents: 12100 });
    expect(lineFromNet("Books", 1, 999, 400)).toMatchObject({ netCents: 999, taxCents: 40, grossCents: 1039 });
  });

  it("credits part of an invoice across its lines, to the cent", () => {
    const lines = [lineFromGross("A", 1, 1000, 2100), lineFromGross("B", 1, 2000, 1000), lineFromGross("C", 1, 333, 2100)];
    const credited = creditLines(lines, 1001, "Refund: ");
    expect(totalsOf(credited).grossCents).toBe(-1001);
    for (const line of credited) expect(line.netCents + line.taxCents).toBe(line.grossCents);
    expect(credited.map((l) => l.taxRate)).toEqual([2100, 1000, 2100]);
    expect(totalsOf(creditLines(lines, 3333, "")).grossCents).toBe(-3333);
    expect(creditLines(lines, 3333, "")).toEqual(
      lines.map((l) => ({
        ...l,
        unitCents: -l.unitCents,
        netCents: -l.netCents,
        taxCents: -l.taxCents,
        grossCents: -l.grossCents,
      })),
    );
  });
});

// Many requests per test on a shared, busy machine: allow more than the default 5 s.
describe("receipts", { timeout: 60_000 }, () => {
  it("invoices a ticket order: one line per seat, VAT split out of the tax-included price", async () => {
    const showtime = await createShowtime({
      theater: { layout: { rows: ["sp"] } },
      body: { price: 1200, prices: { premium: 1815 } },
    });
    const user = await registerUser({ name: "Ada Lovelace" });
    const order = await buy(user.accessToken, showtime.id, ["A1", "A2"]);
    const [invoice] = await myInvoices(user.accessToken);
    expect(invoice).toMatchObject({
      series: "INV",
      kind: "invoice",
      status: "paid",
      paidAt: expect.any(String),
      currency: "usd",
      userId: user.id,
      seller: { name: env.INVOICE_SELLER_NAME, address: env.INVOICE_SELLER_ADDRESS, taxId: env.INVOICE_SELLER_TAX_ID },
      buyer: { name: "Ada Lovelace", email: user.email },
      net: 992 + 1500,
      tax: 208 + 315,
      gross: order.total,
      credits: null,
      creditNotes: [],
      pdfUrl: `/api/invoices/${invoice.id}/pdf`,
    });
    expect(invoice.gross).toBe(3015);
    expect(invoice.lines).toEqual([
      {
        description: expect.stringContaining("seat A1 (standard)"),
        quantity: 1,
        unitPrice: 992,
        taxRate: 21,
        net: 992,
        tax: 208,
        gross: 1200,
      },
      {
        description: expect.stringContaining("seat A2 (premium)"),
        quantity: 1,
        unitPrice: 1500,
        taxRate: 21,
        net: 1500,
        tax: 315,
        gross: 1815,
      },
    ]);
    const payments = (await expectJson(await client(user.accessToken).me.payments.$get({ query: {} }), 200)).items;
    expect(invoice.paymentId).toBe(payments[0].id);
  });

  it("credits a refunded order with a credit note of its own series that references the invoice, once", async () => {
    const showtime = await createShowtime();
    const user = await registerUser();
    const order = await buy(user.accessToken, showtime.id, ["B1", "B2"]);
    const api = client(user.accessToken);
    await expectJson(await api.orders[":id"].refund.$post({ param: { id: order.id } }), 200);
    await expectJson(await api.orders[":id"].refund.$post({ param: { id: order.id } }), 200);
    const [note, invoice] = await myInvoices(user.accessToken);
    expect(note).toMatchObject({
      series: "CN",
      kind: "credit_note",
      status: "paid",
      number: expect.stringMatching(/^CN-\d{4}-\d{6}$/),
      credits: { id: invoice.id, number: invoice.number },
      paymentId: invoice.paymentId,
      buyer: invoice.buyer,
      net: -invoice.net,
      tax: -invoice.tax,
      gross: -2400,
    });
    expect(note.lines.map((l) => l.gross)).toEqual([-1200, -1200]);
    expect(invoice.creditNotes).toEqual([{ id: note.id, number: note.number }]);
    expect(await myInvoices(user.accessToken)).toHaveLength(2);
  });

  it("credits a part refund in proportion, once per refund key", async () => {
    const user = await registerUser();
    const db = database(env.DB);
    const payment = await paymentWithoutInvoice(user.id, 3000);
    await chargeSucceeded(env, ctx, db, payment, [
      { description: "Ticket", quantity: 2, unitCents: 1000 },
      { description: "Popcorn", quantity: 1, unitCents: 1000, taxRate: 1000 },
    ]);
    const refund = { key: `partial:${payment.id}`, amountCents: 900 };
    await Promise.all([1, 2].map(() => chargeRefunded(env, ctx, db, payment, refund)));
    const [note, invoice] = await myInvoices(user.accessToken);
    expect(invoice.lines.map((l) => [l.quantity, l.taxRate, l.gross])).toEqual([
      [2, 21, 2000],
      [1, 10, 1000],
    ]);
    expect(note.gross).toBe(-900);
    expect(note.lines.map((l) => [l.description, l.taxRate, l.gross])).toEqual([
      ["Refund: Ticket", 21, -600],
      ["Refund: Popcorn", 10, -300],
    ]);
    expect(await myInvoices(user.accessToken)).toHaveLength(2);
  });

  it("totals what was charged when the lines leave a discount out", async () => {
    const user = await registerUser();
    const db = database(env.DB);
    const discounted = await paymentWithoutInvoice(user.id, 2160);
    await chargeSucceeded(env, ctx, db, discounted, [{ description: "Seat", quantity: 2, unitCents: 1200 }]);
    const surcharged = await paymentWithoutInvoice(user.id, 1300);
    await chargeSucceeded(env, ctx, db, surcharged, [{ description: "Seat", quantity: 1, unitCents: 1200 }]);
    const [more, less] = await myInvoices(user.accessToken);
    expect(less.gross).toBe(2160);
    expect(less.lines.map((l) => [l.description, l.gross])).toEqual([
      ["Seat", 2400],
      ["Discount: Seat", -240],
    ]);
    expect(more.gross).toBe(1300);
    expect(more.lines.map((l) => [l.description, l.gross])).toEqual([
      ["Seat", 1200],
      ["Adjustment", 100],
    ]);
  });

  it("refunds a payment that was never invoiced without a credit note, and without failing", async () => {
    const user = await registerUser();
    const payment = await paymentWithoutInvoice(user.id, 1500);
    await chargeRefunded(env, ctx, database(env.DB), payment, { key: `old:${payment.id}`, amountCents: 1500 });
    expect(await myInvoices(user.accessToken)).toEqual([]);
  });

  it("invoices a direct charge with one line for its description and amount", async () => {
    const user = await registerUser();
    const card = { number: "4242 4242 4242 4242", expMonth: 12, expYear: 2099, cvc: "123" };
    const paid = await expectJson(
      await client(user.accessToken).payments.$post({
        json: { amount: 605, currency: "eur", description: "Gift card", card },
        header: { "idempotency-key": crypto.randomUUID() },
      }),
      201,
    );
    const [invoice] = await myInvoices(user.accessToken);
    expect(invoice).toMatchObject({ paymentId: paid.id, currency: "eur", net: 500, tax: 105, gross: 605 });
    expect(invoice.lines).toEqual([
      { description: "Gift card", quantity: 1, unitPrice: 500, taxRate: 21, net: 500, tax: 105, gross: 605 },
    ]);
    // A declined charge is not invoiced.
    const declined = await client(user.accessToken).payments.$post({
      json: { amount: 605, description: "Declined", card: { ...card, number: "4000 0000 0000 0002" } },
      header: { "idempotency-key": crypto.randomUUID() },
    });
    expect(declined.status).toBe(402);
    expect(await myInvoices(user.accessToken)).toHaveLength(1);
  });
});
