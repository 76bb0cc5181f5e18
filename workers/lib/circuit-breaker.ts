import type { BreakerAdmission, BreakerName, BreakerPolicy, BreakerSnapshot, BreakerState } from "./circuit-breaker.contract";
import { log } from "./log";

/**
 * How long this isolate trusts a "closed" answer before asking the breaker again. Every guarded
 * call would otherwise pay one Durable Object round trip; the price is that an isolate may keep
 * calling a dependency for up to this long after another isolate's failures opened its breaker
 * (those calls still report, so they are counted). Open and half-open are never cached.
 */
const CLOSED_TRUST_MS = 3000;

const lastClosed = new Map<BreakerName, { failures: number; until: number }>();

const stubOf = (env: Env, name: BreakerName) => env.CIRCUIT_BREAKERS.get(env.CIRCUIT_BREAKERS.idFromName(name));

function remember(name: BreakerName, snapshot: Pick<BreakerSnapshot, "state" | "failures">) {
  if (snapshot.state === "closed") lastClosed.set(name, { failures: snapshot.failures, until: Date.now() + CLOSED_TRUST_MS });
  else lastClosed.delete(name);
}

const positive = (value: string | undefined, fallback: number) => {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : fallback;
};

/** BREAKER_FAILURE_THRESHOLD consecutive failures open a breaker for BREAKER_OPEN_SECONDS (defaults 5 and 30). */
export const breakerPolicy = (env: Pick<Env, "BREAKER_FAILURE_THRESHOLD" | "BREAKER_OPEN_SECONDS">): BreakerPolicy => ({
  failureThreshold: Math.floor(positive(env.BREAKER_FAILURE_THRESHOLD, 5)),
  openSeconds: positive(env.BREAKER_OPEN_SECONDS, 30),
});

/**
 * The circuit breaker around one dependency, shared by every isolate.
 * @example const b = breaker(env, "transcoder"); if ((await b.admit()).allowed) { ...; await b.report(ok) }
 */
export function breaker(env: Env, name: BreakerName) {
  const policy = breakerPolicy(env);
  return {
    /** A breaker that cannot be asked admits the call (fails open): its store being down must not stop the work. */
    async admit(): Promise<BreakerAdmission> {
      const known = lastClosed.get(name);
      if (known && known.until > Date.now())
        return { allowed: true, state: "closed", retryAfterSeconds: 0, failures: known.failures };
      try {
        const admission = await stubOf(env, name).admit(policy);
        remember(name, admission);
        return admission;
      } catch (err) {
        log.warn("breaker_unreachable", { breaker: name, message: err instanceof Error ? err.message : String(err) });
        return { allowed: true, state: "closed", retryAfterSeconds: 0, failures: 0 };
      }
    },
    /**
     * The outcome of an admitted call; answers the breaker's state after it. A success while
     * closed with no failures counted changes nothing, so it costs no round trip.
     */
    async report(ok: boolean): Promise<BreakerState> {
      const known = lastClosed.get(name);
      if (ok && known && known.until > Date.now() && known.failures === 0) return "closed";
      try {
        const snapshot = await stubOf(env, name).report(ok, policy);
        remember(name, snapshot);
        return snapshot.state;
      } catch (err) {
        log.warn("breaker_unreachable", { breaker: name, message: err instanceof Error ? err.message : String(err) });
        return "closed";
      }
    },
    async state(): Promise<BreakerSnapshot> {
      return stubOf(env, name).state();
    },
  };
}
