import { type ErrorSource, errorLog } from "../db/schema";
import type { WaitUntil } from "./context";
import { database } from "./db";
import { newId, nowIso } from "./ids";
import { log } from "./log";

export interface ErrorRecord {
  source: ErrorSource;
  message: string;
  error?: unknown;
  requestId?: string | null;
  /** A request's route template, or the queue, cron or job that failed. */
  route?: string | null;
  method?: string | null;
  status?: number | null;
  detail?: Record<string, unknown>;
}

const MAX_STACK = 8000;

/**
 * What went wrong, causes included: a query builder wraps the database's own error (the one that
 * says why) in one that names the query.
 * @example describeError(new Error("Failed query: insert ...", { cause: new Error("D1_ERROR: ...") })) // "Failed query: insert ...\ncaused by: D1_ERROR: ..."
 */
export function describeError(err: unknown): string {
  const lines: string[] = [];
  for (let e = err, depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    lines.push(e instanceof Error ? e.message || e.name : String(e));
    e = e instanceof Error ? e.cause : undefined;
  }
  return lines.join("\ncaused by: ");
}

/** Stores one error row; a failure to store it is logged, never thrown (the caller is already failing). */
export async function writeError(env: Env, record: ErrorRecord): Promise<void> {
  const stack = record.error instanceof Error ? (record.error.stack ?? null) : null;
  try {
    await database(env.DB)
      .insert(errorLog)
      .values({
        id: newId(),
        at: nowIso(),
        source: record.source,
        requestId: record.requestId ?? null,
        route: record.route ?? null,
        method: record.method ?? null,
        status: record.status ?? null,
        message: record.message.slice(0, 2000),
        stack: stack?.slice(0, MAX_STACK) ?? null,
        detail: record.detail ?? {},
      });
  } catch (err) {
    log.error("error_log_write_failed", { source: record.source, error: err instanceof Error ? err.message : String(err) });
  }
}

/** Stores a 5xx or a failed background job for admins (GET /api/admin/errors), in the background. */
export function recordError(env: Env, ctx: WaitUntil, record: ErrorRecord): void {
  ctx.waitUntil(writeError(env, record));
}

/**
 * Runs a background task (a cron's piece of work, a queue batch) so that its failure lands in the
 * error log instead of vanishing in a `waitUntil`. The failure is swallowed unless `rethrow` (a
 * queue consumer rethrows so the platform retries the batch).
 * @example ctx.waitUntil(withErrorsRecorded(env, "cron", "billing.scheduled", () => runScheduledBilling(env, ctx, now)))
 */
export async function withErrorsRecorded(
  env: Env,
  source: ErrorSource,
  route: string,
  task: () => Promise<unknown>,
  opts: { rethrow?: boolean } = {},
): Promise<void> {
  try {
    await task();
  } catch (err) {
    log.error("background_task_failed", { source, route, error: err instanceof Error ? err.message : String(err) });
    await writeError(env, { source, route, message: describeError(err), error: err });
    if (opts.rethrow) throw err;
  }
}
