import { degrees, PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from "pdf-lib";
import type { Invoice } from "./invoices.schemas";

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const SIZE = 9;
const LEADING = 12;
const INK = rgb(0.1, 0.1, 0.1);
const MUTED = rgb(0.4, 0.4, 0.4);

/** Table columns: left edge and width in points; amounts are right-aligned in theirs. */
const COLUMNS = {
  description: { x: MARGIN, width: 215 },
  quantity: { x: 265, width: 35 },
  unit: { x: 300, width: 60 },
  rate: { x: 360, width: 40 },
  net: { x: 400, width: 50 },
  tax: { x: 450, width: 45 },
  gross: { x: 495, width: 50 },
};

/** The file name a download gets: the invoice's number. */
export const invoiceFileName = (invoice: Pick<Invoice, "number">) => `${invoice.number}.pdf`;

/**
 * Renders an invoice or credit note as an A4 PDF: seller, buyer, number and dates, the lines
 * (long descriptions wrap, long invoices continue on new pages), totals, and a VOID stamp on a
 * voided one. The standard Helvetica font needs no embedding but only encodes WinAnsi: any
 * other character is drawn as its unaccented letter when there is one, else "?".
 */
export async function renderInvoicePdf(invoice: Invoice): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const issued = new Date(invoice.issuedAt);
  const title = invoice.kind === "credit_note" ? "Credit note" : "Invoice";
  doc.setTitle(invoice.number);
  doc.setSubject(`${title} ${invoice.number}`);
  doc.setAuthor(invoice.seller.name);
  doc.setCreator("Marquee");
  doc.setCreationDate(issued);
  doc.setModificationDate(issued);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const pen = new Pen(doc, regular, bold);

  pen.text(title.toUpperCase(), MARGIN, { font: bold, size: 18 });
  pen.text(invoice.number, MARGIN + 300, { font: bold, size: 14 });
  pen.down(28);
  const partiesTop = pen.y;
  pen.party("From", invoice.seller, MARGIN);
  const sellerBottom = pen.y;
  pen.y = partiesTop;
  pen.party("Bill to", invoice.buyer, MARGIN + 300);
  pen.y = Math.min(sellerBottom, pen.y) - 10;

  const facts: [string, string][] = [["Issued", day(invoice.issuedAt)]];
  if (invoice.paidAt) facts.push(["Paid", day(invoice.paidAt)]);
  if (invoice.voidedAt) facts.push(["Voided", `${day(invoice.voidedAt)}${invoice.voidReason ? ` (${invoice.voidReason})` : ""}`]);
  if (invoice.credits) facts.push(["Credits invoice", invoice.credits.number]);
  facts.push(["Status", invoice.status], ["Currency", invoice.currency.toUpperCase()]);
  for (const [label, value] of facts) {
    pen.text(`${label}:`, MARGIN, { font: bold });
    pen.wrapped(value, MARGIN + 90, 400);
  }
  pen.down(14);

  pen.tableHeader();
  const money = moneyFormat(invoice.currency);
  for (const line of invoice.lines) {
    const description = pen.wrap(line.description, COLUMNS.description.width);
    pen.room(description.length * LEADING + 4);
    const top = pen.y;
    pen.right(String(line.quantity), COLUMNS.quantity);
    pen.right(money(line.unitPrice), COLUMNS.unit);
    pen.right(`${line.taxRate}%`, COLUMNS.rate);
    pen.right(money(line.net), COLUMNS.net);
    pen.right(money(line.tax), COLUMNS.tax);
    pen.right(money(line.gross), COLUMNS.gross);
    for (const part of description) {
      pen.text(part, COLUMNS.description.x);
      pen.down(LEADING);
    }
    pen.y = Math.min(pen.y, top - LEADING) - 4;
  }

  pen.room(4 * LEADING + 10);
  pen.rule();
  pen.down(LEADING + 2);
  for (const [label, value, strong] of [
    ["Net", invoice.net, false],
    ["Tax", invoice.tax, false],
    ["Total", invoice.gross, true],
  ] as const) {
    const font = strong ? bold : regular;
    pen.right(label, COLUMNS.net, font);
    pen.right(money(value), COLUMNS.gross, font);
    pen.down(LEADING + 2);
  }

  if (invoice.status === "void") {
    for (const page of doc.getPages()) stamp(page, bold, "VOID");
  }
  return doc.save();
}

/** Writes top-down across pages: `y` is the baseline of the next line. */
class Pen {
  y = A4[1] - MARGIN;
  private page: PDFPage;
  private readonly drawable: Set<number>;

  constructor(
    private readonly doc: PDFDocument,
    private readonly regular: PDFFont,
    private readonly bold: PDFFont,
  ) {
    this.page = doc.addPage(A4);
    this.drawable = new Set(regular.getCharacterSet());
  }

  /** `text` with every character Helvetica cannot encode replaced. */
  safe(text: string): string {
    let out = "";
    for (const ch of text.replace(/\s+/g, " ")) {
      if (this.drawable.has(ch.codePointAt(0) ?? 0)) out += ch;
      else {
        const base = ch.normalize("NFKD").replace(/\p{M}/gu, "");
        out += [...base].every((c) => this.drawable.has(c.codePointAt(0) ?? 0)) && base ? base : "?";
      }
    }
    return out;
  }

  text(text: string, x: number, opts: { font?: PDFFont; size?: number; color?: ReturnType<typeof rgb> } = {}) {
    this.page.drawText(this.safe(text), {
      x,
      y: this.y,
      font: opts.font ?? this.regular,
      size: opts.size ?? SIZE,
      color: opts.color ?? INK,
    });
  }

  right(text: string, column: { x: number; width: number }, font = this.regular) {
    const safe = this.safe(text);
    this.page.drawText(safe, {
      x: column.x + column.width - font.widthOfTextAtSize(safe, SIZE),
      y: this.y,
      font,
      size: SIZE,
      color: INK,
    });
  }

  /** Splits `text` into lines no wider than `width`; a word longer than the width is cut. */
  wrap(text: string, width: number, font = this.regular): string[] {
    const fits = (s: string) => font.widthOfTextAtSize(s, SIZE) <= width;
    const lines: string[] = [];
    let current = "";
    for (let word of this.safe(text).split(" ")) {
      while (!fits(word)) {
        let cut = word.length - 1;
        while (cut > 1 && !fits(word.slice(0, cut))) cut--;
        if (current) lines.push(current);
        lines.push(word.slice(0, cut));
        current = "";
        word = word.slice(cut);
      }
      const next = current ? `${current} ${word}` : word;
      if (fits(next)) current = next;
      else {
        lines.push(current);
        current = word;
      }
    }
    if (current || lines.length === 0) lines.push(current);
    return lines;
  }

  wrapped(text: string, x: number, width: number) {
    for (const part of this.wrap(text, width)) {
      this.text(part, x);
      this.down(LEADING);
    }
  }

  party(label: string, party: Invoice["buyer"], x: number) {
    this.text(label.toUpperCase(), x, { font: this.bold, size: 8, color: MUTED });
    this.down(LEADING);
    this.text(party.name, x, { font: this.bold });
    this.down(LEADING);
    for (const detail of [party.address, party.email, party.taxId && `Tax id: ${party.taxId}`]) {
      if (detail) this.wrapped(detail, x, 230);
    }
  }

  down(points: number) {
    this.y -= points;
  }

  /** Starts a new page (with the table's header again) when less than `height` is left on this one. */
  room(height: number) {
    if (this.y - height >= MARGIN) return;
    this.page = this.doc.addPage(A4);
    this.y = A4[1] - MARGIN;
    this.tableHeader();
  }

  tableHeader() {
    const labels: [keyof typeof COLUMNS, string][] = [
      ["quantity", "Qty"],
      ["unit", "Unit"],
      ["rate", "Tax"],
      ["net", "Net"],
      ["tax", "Tax amt"],
      ["gross", "Gross"],
    ];
    this.text("Description", COLUMNS.description.x, { font: this.bold });
    for (const [column, label] of labels) this.right(label, COLUMNS[column], this.bold);
    this.down(5);
    this.rule();
    this.down(LEADING);
  }

  rule() {
    this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: A4[0] - MARGIN, y: this.y }, thickness: 0.5, color: MUTED });
  }
}

function stamp(page: PDFPage, font: PDFFont, word: string) {
  const size = 120;
  const width = font.widthOfTextAtSize(word, size);
  const height = font.heightAtSize(size, { descender: false });
  const angle = Math.PI / 6;
  // pdf-lib turns text about its start: step back half the word along the slant, and half its height across it.
  page.drawText(word, {
    x: A4[0] / 2 - (width / 2) * Math.cos(angle) + (height / 2) * Math.sin(angle),
    y: A4[1] / 2 - (width / 2) * Math.sin(angle) - (height / 2) * Math.cos(angle),
    size,
    font,
    color: rgb(0.8, 0.1, 0.1),
    opacity: 0.25,
    rotate: degrees(30),
  });
}

const day = (iso: string) => iso.slice(0, 10);

/** Cents as the currency's amount, e.g. `$12.10`, `-€3.00`. */
function moneyFormat(currency: string) {
  const format = new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() });
  return (cents: number) => format.format(cents / 100);
}
