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

/** Stores a 5xx or a failed background job for admins (GET /api/admin/errors), in the background. */
export function recordError(env: Env, ctx: WaitUntil, record: ErrorRecord): void {
  const stack = record.error instanceof Error ? (record.error.stack ?? null) : null;
  ctx.waitUntil(
    database(env.DB)
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
      })
      .then(
        () => undefined,
        (err) => log.error("error_log_write_failed", { error: err instanceof Error ? err.message : String(err) }),
      ),
  );
}
