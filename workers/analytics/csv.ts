/** One cell: quoted when it holds a comma, a quote or a line break (RFC 4180), quotes doubled. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Rows as CSV: a header row of `columns`, then one line per row, CRLF line ends.
 * @example toCsv([{ day: "2026-12-01", orders: 3 }], ["day", "orders"]) // "day,orders\r\n2026-12-01,3\r\n"
 */
export function toCsv<T extends object, K extends keyof T & string>(rows: readonly T[], columns: readonly K[]): string {
  const lines = [columns.map(cell).join(",")];
  for (const row of rows) lines.push(columns.map((column) => cell(row[column])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}
