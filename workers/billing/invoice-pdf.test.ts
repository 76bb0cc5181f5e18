import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { registerUser } from "../../test/api";
import { client, expectJson } from "../../test/client";
import { adminToken, buy, createShowtime } from "../cinema/test-helpers";

const card = { number: "4242 4242 4242 4242", expMonth: 12, expYear: 2099, cvc: "123" };

async function download(token: string, id: string) {
  const res = await client(token).invoices[":id"].pdf.$get({ param: { id } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/pdf");
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe("%PDF-");
  return { bytes, disposition: res.headers.get("content-disposition"), doc: await PDFDocument.load(bytes) };
}

/** The text a PDF's pages draw: pdf-lib writes each run as a hex string of WinAnsi bytes (`<48656C6C6F> Tj`). */
function textOf(doc: PDFDocument): string {
  const runs: string[] = [];
  for (const page of doc.getPages()) {
    const contents = page.node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => doc.context.lookup(ref)) : [contents];
    for (const stream of streams) {
      if (!(stream instanceof PDFRawStream)) continue;
      const source = new TextDecoder("latin1").decode(decodePDFRawStream(stream).decode());
      for (const [, hex] of source.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) {
        const bytes = Uint8Array.from(hex.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
        runs.push(new TextDecoder("windows-1252").decode(bytes));
      }
    }
  }
  return runs.join("\n");
}

async function manualInvoice(json: Parameters<ReturnType<typeof client>["invoices"]["$post"]>[0]["json"]) {
  return expectJson(await client(await adminToken()).invoices.$post({ json }), 201);
}

// Many requests per test on a shared, busy machine: allow more than the default 5 s.
describe("invoice PDFs", { timeout: 60_000 }, () => {
  it("downloads a paid invoice as an A4 PDF named, titled and printed with its number, lines and totals", async () => {
    const user = await registerUser({ name: "Ada Lovelace" });
    await expectJson(
      await client(user.accessToken).payments.$post({
        json: { amount: 1210, description: "Gift card for the cinema", card },
        header: { "idempotency-key": crypto.randomUUID() },
      }),
      201,
    );
    const [invoice] = (await expectJson(await client(user.accessToken).me.invoices.$get({ query: {} }), 200)).items;
    const { doc, disposition } = await download(user.accessToken, invoice.id);
    expect(disposition).toBe(`attachment; filename="${invoice.number}.pdf"`);
    expect(doc.getTitle()).toBe(invoice.number);
    expect(doc.getSubject()).toBe(`Invoice ${invoice.number}`);
    const [width, height] = [doc.getPage(0).getWidth(), doc.getPage(0).getHeight()];
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
    const text = textOf(doc);
    for (const expected of [
      "INVOICE",
      invoice.number,
      "Marquee Cinemas S.L.",
      "Ada Lovelace",
      user.email,
      "Gift card for the cinema",
      "21%",
      "$10.00",
      "$2.10",
      "$12.10",
      "Total",
      invoice.issuedAt.slice(0, 10),
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain("VOID");
    // An admin may download it too.
    expect((await download(await adminToken(), invoice.id)).doc.getTitle()).toBe(invoice.number);
  });

  it("prints a credit note's reference to its invoice", async () => {
    const user = await registerUser();
    const showtime = await createShowtime();
    const order = await buy(user.accessToken, showtime.id, ["C4"]);
    await expectJson(await client(user.accessToken).orders[":id"].refund.$post({ param: { id: order.id } }), 200);
    const [note, invoice] = (await expectJson(await client(user.accessToken).me.invoices.$get({ query: {} }), 200)).items;
    const { doc, disposition } = await download(user.accessToken, note.id);
    expect(disposition).toContain(`${note.number}.pdf`);
    const text = textOf(doc);
    expect(text).toContain("CREDIT NOTE");
    expect(text).toContain(note.number);
    expect(text).toContain("Credits invoice:");
    expect(text).toContain(invoice.number);
    expect(text).toContain("-$12.00");
  });

  it("stamps a void invoice VOID, and draws what Helvetica cannot encode as plain letters or ?", async () => {
    const invoice = await manualInvoice({
      buyer: { name: "Łódź Kino Spółka 東京 🎬", address: "ul. Piotrkowska 1\nŁódź" },
      currency: "eur",
      lines: [{ description: "Seans — “premiera” für Zoë ✓", quantity: 1, unitPrice: 1000 }],
    });
    const token = await adminToken();
    await expectJson(
      await client(token).invoices[":id"].void.$post({ param: { id: invoice.id }, json: { reason: "Duplicate" } }),
      200,
    );
    const text = textOf((await download(token, invoice.id)).doc);
    expect(text).toContain("VOID");
    expect(text).toContain("Duplicate");
    expect(text).toContain("ul. Piotrkowska 1 ?ódz");
    expect(text).toContain("?ódz Kino Spó?ka ?? ?");
    expect(text).toContain("Seans — “premiera” für Zoë ?");
    expect(text).toContain("€12.10");
  });

  it("wraps long descriptions and continues a long invoice on more pages", async () => {
    const long =
      "A private screening with an introduction by the director, a question-and-answer session afterwards and a reception in the foyer, ";
    const invoice = await manualInvoice({
      buyer: { name: "Film Society" },
      currency: "gbp",
      lines: Array.from({ length: 60 }, (_, i) => ({ description: `${i + 1}. ${long.repeat(2)}`, quantity: 1, unitPrice: 100 })),
    });
    const { doc } = await download(await adminToken(), invoice.id);
    expect(doc.getPageCount()).toBeGreaterThan(2);
    const text = textOf(doc);
    expect(text).toContain("60. A private screening");
    expect(text).toContain("£72.60"); // 60 × £1.00 + 21 % tax
    // No drawn run is wider than its column could hold: descriptions were broken into lines.
    expect(Math.max(...text.split("\n").map((run) => run.length))).toBeLessThan(80);
  });
});
