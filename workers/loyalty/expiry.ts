import type { WaitUntil } from "../lib/context";

/** The cron's loyalty work at `now`: earned points older than 12 months lapse, oldest first. */
export async function expireLoyaltyPoints(_env: Env, _ctx: WaitUntil, _now: Date): Promise<unknown> {
  return {};
}
