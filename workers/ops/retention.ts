import { database } from "../lib/db";
import { log } from "../lib/log";
import { pruneAudit } from "./audit.queries";
import { pruneErrors } from "./errors.queries";

const DAY_MS = 86_400_000;
/** How long each log is kept: the audit log as the issue asks; errors long enough to read a month back. */
export const AUDIT_RETENTION_DAYS = 90;
export const ERROR_RETENTION_DAYS = 30;

/** The cron's prune of the audit and error logs; answers how many rows each lost. */
export async function pruneOperationalLogs(env: Env, now: Date): Promise<{ audit: number; errors: number }> {
  const db = database(env.DB);
  const cutoff = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
  const [audit, errors] = await Promise.all([
    pruneAudit(db, cutoff(AUDIT_RETENTION_DAYS)),
    pruneErrors(db, cutoff(ERROR_RETENTION_DAYS)),
  ]);
  if (audit || errors) log.info("logs_pruned", { audit, errors });
  return { audit, errors };
}
