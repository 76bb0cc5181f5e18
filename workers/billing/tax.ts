import type { InvoiceLine } from "../db/schema";

/** Basis points per whole: a rate of 2100 is 21 %. */
const WHOLE = 10_000;

/** A percent as the API and the config say it (`21`, `10.5`) in basis points (2100, 1050). */
export const percentToBasisPoints = (percent: number) => Math.round(percent * 100);
export const basisPointsToPercent = (basisPoints: number) => basisPoints / 100;

/** The configured default rate (`INVOICE_TAX_RATE`, a percent) in basis points; 0 when unset or not a number. */
export function defaultTaxRate(env: Pick<Env, "INVOICE_TAX_RATE">): number {
  const percent = Number(env.INVOICE_TAX_RATE);
  return Number.isFinite(percent) && percent >= 0 ? percentToBasisPoints(percent) : 0;
}

/**
 * A line priced tax included, as consumer prices are: the unit's net is rounded once and the
 * line's tax is what is left of the gross, so net + tax is exactly what was charged.
 * @example lineFromGross("Seat A1", 1, 1210, 2100) // net 1000, tax 210, gross 1210
 */
export function lineFromGross(description: string, quantity: number, unitGrossCents: number, taxRate: number): InvoiceLine {
  const unitCents = Math.round((unitGrossCents * WHOLE) / (WHOLE + taxRate));
  const grossCents = unitGrossCents * quantity;
  const netCents = unitCents * quantity;
  return { description, quantity, unitCents, taxRate, netCents, taxCents: grossCents - netCents, grossCents };
}

/** A line priced net, as a business-to-business invoice is: the tax is added on top of the line's net. */
export function lineFromNet(description: string, quantity: number, unitNetCents: number, taxRate: number): InvoiceLine {
  const netCents = unitNetCents * quantity;
  const taxCents = Math.round((netCents * taxRate) / WHOLE);
  return { description, quantity, unitCents: unitNetCents, taxRate, netCents, taxCents, grossCents: netCents + taxCents };
}

export function totalsOf(lines: InvoiceLine[]) {
  return lines.reduce(
    (sum, line) => ({
      netCents: sum.netCents + line.netCents,
      taxCents: sum.taxCents + line.taxCents,
      grossCents: sum.grossCents + line.grossCents,
    }),
    { netCents: 0, taxCents: 0, grossCents: 0 },
  );
}

/** The same lines with every amount negated: a credit note for all of an invoice. */
export const negated = (lines: InvoiceLine[]): InvoiceLine[] =>
  lines.map((line) => ({
    ...line,
    unitCents: -line.unitCents,
    netCents: -line.netCents,
    taxCents: -line.taxCents,
    grossCents: -line.grossCents,
  }));

/**
 * Negative lines crediting `amountCents` (gross) of `lines`, spread over them in proportion to
 * their gross (the last one takes the rounding), each split at its own rate.
 */
export function creditLines(lines: InvoiceLine[], amountCents: number, prefix: string): InvoiceLine[] {
  const total = totalsOf(lines).grossCents;
  if (amountCents === total) return negated(lines);
  const credited: InvoiceLine[] = [];
  let left = amountCents;
  lines.forEach((line, i) => {
    const share = i === lines.length - 1 ? left : Math.round((amountCents * line.grossCents) / total);
    left -= share;
    if (share !== 0) credited.push(lineFromGross(`${prefix}${line.description}`, 1, -share, line.taxRate));
  });
  return credited;
}
