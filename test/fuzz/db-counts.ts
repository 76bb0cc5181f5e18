import { env } from "cloudflare:test";

/**
 * Tables any request may add rows to without a 2xx write, each with why. A count change in any
 * other table after a request that did not answer a 2xx write is a half-written row.
 */
export const BOOKKEEPING_TABLES: Record<string, string> = {
  audit_log: "every staff request is audited, also the refused ones (ops/audit-actions.ts)",
  error_log: "every 5xx is recorded (lib/error-log.ts); the fuzzer fails on those separately",
  analytics_events: "request analytics are written in the background for any answer",
  idempotency_keys: "an Idempotency-Key is reserved before the handler runs and kept for its answer",
  login_failures: "a refused sign-in is counted for the lockout, which is its purpose",
  email_outbox: "the outbox drains in the background (sent rows leave, retries stay) after earlier writes",
  sms_outbox: "the same, for text messages",
  dev_mailbox: "the development mailbox receives what the outbox delivers, in the background",
};

let tableNames: Promise<string[]> | undefined;

async function tables(): Promise<string[]> {
  tableNames ??= env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%' ORDER BY name",
  )
    .all<{ name: string }>()
    .then((r) => r.results.map((row) => row.name).filter((name) => !/_fts|search_documents_/.test(name)));
  return tableNames;
}

export type Counts = Record<string, number>;

/** Row counts of every table, in one statement. */
export async function rowCounts(): Promise<Counts> {
  const names = await tables();
  // One row of scalar subqueries (D1 refuses a long UNION ALL).
  const sql = `SELECT ${names.map((name) => `(SELECT count(*) FROM "${name}") AS "${name}"`).join(", ")}`;
  return (await env.DB.prepare(sql).first<Counts>()) ?? {};
}

/** Tables whose count differs, outside the bookkeeping list. */
export function changedTables(before: Counts, after: Counts): string[] {
  return Object.keys(after).filter((t) => !(t in BOOKKEEPING_TABLES) && before[t] !== after[t]);
}

/** Waits until a write's background work (queues, waitUntil) stops changing counts, up to `ms`. */
export async function settledCounts(ms = 1_000): Promise<Counts> {
  let last = await rowCounts();
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 40));
    const next = await rowCounts();
    if (changedTables(last, next).length === 0) return next;
    last = next;
  }
  return last;
}
