import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser } from "../../test/api";
import { client, expectJson } from "../../test/client";
import { database } from "../lib/db";
import { newId } from "../lib/ids";
import { findPayment, openPayments } from "../payments/payments.queries";
import { issueNumbered } from "./invoice-numbers";
import { findPaymentInvoice } from "./invoices.queries";
import { issuePaymentInvoice, issuePaymentInvoices } from "./invoices.writes";

const card = { number: "4242 4242 4242 4242", expMonth: 12, expYear: 2099, cvc: "123" };
const charge = (token: string, amount: number, key: string = crypto.randomUUID()) =>
  client(token).payments.$post({ json: { amount, description: `Charge ${amount}`, card }, header: { "idempotency-key": key } });
const myInvoices = async (token: string) =>
  (await expectJson(await client(token).me.invoices.$get({ query: { limit: "100" } }), 200)).items;
const sequenceOf = (number: string) => Number(number.split("-")[2]);

describe("invoice numbers", { timeout: 120_000 }, () => {
  it("gives fifty concurrent charges fifty consecutive numbers, none twice", async () => {
    const user = await registerUser();
    const before = (await myInvoices(user.accessToken)).length;
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => charge(user.accessToken, 100 + i)));
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(201));
    const invoices = await myInvoices(user.accessToken);
    expect(invoices).toHaveLength(before + 50);
    const year = new Date().getUTCFullYear();
    for (const invoice of invoices) expect(invoice.number).toMatch(new RegExp(`^INV-${year}-\\d{6}$`));
    const sequences = invoices.map((i) => sequenceOf(i.number)).sort((a, b) => a - b);
    expect(new Set(sequences).size).toBe(50);
    expect(sequences.at(-1)! - sequences[0]).toBe(49);
    // Each invoice records its own charge, once.
    expect(new Set(invoices.map((i) => i.paymentId)).size).toBe(50);
    expect(invoices.map((i) => i.gross).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => 100 + i));
  });

  it("issues one invoice for a charge replayed, racing or retried, and loses no number doing so", async () => {
    const user = await registerUser();
    const key = crypto.randomUUID();
    const answers = await Promise.all([1, 2, 3].map(() => charge(user.accessToken, 990, key)));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    const [invoice] = await myInvoices(user.accessToken);
    expect(await myInvoices(user.accessToken)).toHaveLength(1);

    // The hook called again (a retried job), even concurrently, finds the first invoice; the
    // numbers its failed inserts took are given back, so the next charge follows on directly.
    const db = database(env.DB);
    const payment = (await findPayment(db, invoice.paymentId as string))!;
    const again = await Promise.all([1, 2, 3].map(() => issuePaymentInvoice(env, db, payment)));
    expect(again.map((i) => i.number)).toEqual([invoice.number, invoice.number, invoice.number]);
    // Past the early lookup, the unique index answers: the batch rolls back, its counter bump too.
    const { year: _year, sequence: _sequence, number: _number, ...first } = (await findPaymentInvoice(db, payment.id))!;
    const raced = await Promise.all([1, 2, 3].map(() => issueNumbered(db, { ...first, id: newId() })));
    expect(raced.map((i) => i.id)).toEqual([first.id, first.id, first.id]);
    expect(await charge(user.accessToken, 1000)).toHaveProperty("status", 201);
    const [next] = await myInvoices(user.accessToken);
    expect(sequenceOf(next.number)).toBe(sequenceOf(invoice.number) + 1);
  });

  it("numbers invoices and credit notes in their own series", async () => {
    const user = await registerUser();
    const paid = await expectJson(await charge(user.accessToken, 1210), 201);
    const db = database(env.DB);
    const { chargeRefunded } = await import("./receipts");
    const payment = (await findPayment(db, paid.id))!;
    const ctx = { waitUntil: () => {} };
    await chargeRefunded(env, ctx, db, payment, { key: `test:${paid.id}`, amountCents: 1210 });
    const [note, invoice] = await myInvoices(user.accessToken);
    expect(invoice.number).toMatch(/^INV-\d{4}-\d{6}$/);
    expect(note.number).toMatch(/^CN-\d{4}-\d{6}$/);
    expect(note.series).toBe("CN");
  });

  it("numbers a bulk job's invoices consecutively in one batch, one at a time when some were already issued", async () => {
    const user = await registerUser();
    const db = database(env.DB);
    const opened = await openPayments(
      db,
      Array.from({ length: 7 }, (_, i) => ({
        userId: user.id,
        idempotencyKey: `bulk:${crypto.randomUUID()}`,
        amountCents: 500 + i,
        currency: "usd",
        description: `Bulk ${i}`,
        card: { brand: "visa" as const, last4: "4242" },
      })),
    );
    const paid = opened.map((p) => ({ ...p, status: "succeeded" as const }));
    const early = await issuePaymentInvoice(env, db, paid[5]); // a run that died after invoicing this one

    // Two bulk jobs at once: one clean (one batch), one meeting the invoice already issued (one at a time).
    const [clean, retried] = await Promise.all([
      issuePaymentInvoices(env, db, paid.slice(0, 3)),
      issuePaymentInvoices(env, db, paid.slice(3)),
    ]);
    expect(clean.map((i) => i.paymentId)).toEqual(paid.slice(0, 3).map((p) => p.id));
    expect(clean.map((i) => i.sequence)).toEqual([0, 1, 2].map((k) => clean[0].sequence + k));
    expect(clean.map((i) => i.grossCents)).toEqual([500, 501, 502]);
    expect(clean[0].lines).toEqual([expect.objectContaining({ description: "Bulk 0", quantity: 1 })]);
    expect(clean[0].buyer).toMatchObject({ email: user.email });
    expect(retried.map((i) => i.paymentId)).toEqual(paid.slice(3).map((p) => p.id));
    expect(retried[2].id).toBe(early.id);

    // Every payment has one invoice, and the year's numbers have no gap and no repeat.
    const [counts] = (
      await env.DB.prepare(
        "SELECT count(*) AS n, count(DISTINCT payment_id) AS payments FROM invoices WHERE payment_id IN (SELECT id FROM payments WHERE user_id = ?)",
      )
        .bind(user.id)
        .all<{ n: number; payments: number }>()
    ).results;
    expect(counts).toEqual({ n: 7, payments: 7 });
    const year = new Date().getUTCFullYear();
    const [numbers] = (
      await env.DB.prepare(
        "SELECT count(*) AS n, count(DISTINCT sequence) AS distinct_n, min(sequence) AS lo, max(sequence) AS hi FROM invoices WHERE series = 'INV' AND year = ?",
      )
        .bind(year)
        .all<{ n: number; distinct_n: number; lo: number; hi: number }>()
    ).results;
    expect(numbers.distinct_n).toBe(numbers.n);
    expect(numbers.hi - numbers.lo + 1).toBe(numbers.n);
  });
});
