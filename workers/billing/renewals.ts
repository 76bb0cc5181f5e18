import type { WaitUntil } from "../lib/context";

/** The cron's billing work at `now`: renewals due, dunning retries, period-end changes. */
export async function runScheduledBilling(_env: Env, _ctx: WaitUntil, _now: Date): Promise<unknown> {
  return {};
}
