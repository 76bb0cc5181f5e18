// The shape every benchmark answers for `npm run bench` (bench/run.mjs), and small helpers to build it.
// Each bench module exports `measure(options) → Promise<BenchResult>` and stays runnable on its own.

/**
 * @typedef {{ value: number, unit: string }} Figure
 * @typedef {{ name: string, value: number, unit: string }} Floor
 * @typedef {{ op: "<=" | ">=", value: number }} Goal
 * @typedef {{
 *   id: string,
 *   work: string,
 *   figure: Figure,
 *   floor: Floor,
 *   ratio: number,
 *   goal: Goal,
 *   met: boolean,
 *   extra?: Record<string, number | string>,
 *   whereTimeGoes?: string,
 * }} BenchRow
 * @typedef {{ name: string, value: number, unit: string }} Peer
 * @typedef {{ rows: BenchRow[], peers?: Peer[] }} BenchResult
 */

/**
 * The q-th percentile (0–100) of `values` (nearest rank); NaN when empty. Does not reorder `values`.
 * @param {number[]} values
 * @param {number} q
 */
export function percentile(values, q) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((q / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/**
 * p50, p99 and max of `values` (ms), and how many there were.
 * @param {number[]} values
 */
export function summary(values) {
  return {
    n: values.length,
    p50: percentile(values, 50),
    p99: percentile(values, 99),
    max: values.length ? Math.max(...values) : Number.NaN,
  };
}

/**
 * Rounds to `digits` significant-ish decimals for the report (keeps integers whole).
 * @param {number} value
 * @param {number} [digits]
 */
export function round(value, digits = 2) {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * One report row: ratio = figure / floor, met = ratio `goal.op` goal.value.
 * @param {{
 *   id: string,
 *   work: string,
 *   figure: Figure,
 *   floor: Floor,
 *   goal: Goal,
 *   extra?: Record<string, number | string>,
 *   whereTimeGoes?: string,
 * }} input
 * @returns {BenchRow}
 */
export function ratioRow({ id, work, figure, floor, goal, extra, whereTimeGoes }) {
  // A figure or floor of 0 (or none) means nothing was measured: no ratio, not met.
  const ratio = floor.value > 0 && figure.value > 0 ? figure.value / floor.value : Number.NaN;
  const met = Number.isFinite(ratio) && (goal.op === "<=" ? ratio <= goal.value : ratio >= goal.value);
  /** @type {BenchRow} */
  const row = { id, work, figure, floor, ratio: round(ratio, 3), goal, met };
  if (extra) row.extra = extra;
  if (whereTimeGoes) row.whereTimeGoes = whereTimeGoes;
  return row;
}

/**
 * A row whose goal is not a ratio (e.g. "0 double-sold"): figure and floor are given, met is decided by the caller.
 * @param {Omit<BenchRow, "ratio"> & { ratio?: number }} row
 * @returns {BenchRow}
 */
export function plainRow(row) {
  return { ...row, ratio: row.ratio ?? Number.NaN };
}

/**
 * Prints a BenchResult as a small table (for a bench run on its own).
 * @param {BenchResult} result
 */
export function printResult(result) {
  for (const row of result.rows) {
    const ratio = Number.isFinite(row.ratio) ? `${row.ratio.toFixed(2)}×` : "–";
    console.log(
      `${row.met ? "MET " : "MISS"} ${row.work}: ${fmt(row.figure)} vs ${row.floor.name} ${fmt(row.floor)} → ${ratio} (goal ${row.goal.op} ${row.goal.value})`,
    );
    if (row.extra) console.log(`     ${JSON.stringify(row.extra)}`);
    if (row.whereTimeGoes) console.log(`     where the time goes: ${row.whereTimeGoes}`);
  }
  for (const peer of result.peers ?? []) console.log(`peer ${peer.name}: ${fmt(peer)}`);
}

/** @param {{ value: number, unit: string }} f */
export function fmt(f) {
  return `${Number.isFinite(f.value) ? round(f.value, f.value >= 100 ? 0 : 2) : "–"} ${f.unit}`;
}

/**
 * True when this module is the script node was started with (standalone run).
 * @param {string} importMetaUrl
 */
export async function isMain(importMetaUrl) {
  const { pathToFileURL } = await import("node:url");
  return process.argv[1] !== undefined && importMetaUrl === pathToFileURL(process.argv[1]).href;
}
