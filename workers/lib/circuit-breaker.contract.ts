/** The dependencies guarded by a circuit breaker; each has one CircuitBreaker Durable Object (`idFromName(name)`). */
export const breakerNames = ["transcoder", "email"] as const;
export type BreakerName = (typeof breakerNames)[number];

export type BreakerState = "closed" | "open" | "half_open";

/** How a breaker trips: BREAKER_FAILURE_THRESHOLD and BREAKER_OPEN_SECONDS, sent with each call. */
export interface BreakerPolicy {
  failureThreshold: number;
  openSeconds: number;
}

export interface BreakerAdmission {
  allowed: boolean;
  state: BreakerState;
  /** When not allowed: seconds until a trial call may be made (0 when allowed). */
  retryAfterSeconds: number;
  /** Consecutive failures counted so far (a caller's success only needs reporting when some are). */
  failures: number;
}

export interface BreakerSnapshot {
  name: BreakerName;
  state: BreakerState;
  /** Consecutive failures since the last success. */
  failures: number;
  openedAt: string | null;
  /** When an open breaker admits its next trial call. */
  retryAt: string | null;
}

/**
 * The contract of the CircuitBreaker Durable Object (`CircuitBreaker implements` it). Closed: every
 * call is admitted, and BREAKER_FAILURE_THRESHOLD consecutive failures open it. Open: nothing is
 * admitted for BREAKER_OPEN_SECONDS. Then half-open: one trial call at a time is admitted; its
 * success closes the breaker, its failure opens it again.
 */
export interface CircuitBreakerRpc {
  /** Whether a call may go out now; in half-open, admitting one reserves the trial. */
  admit(policy: BreakerPolicy): BreakerAdmission;
  /** The outcome of an admitted call. */
  report(ok: boolean, policy: BreakerPolicy): BreakerSnapshot;
  state(): BreakerSnapshot;
  ping(): "ok";
}
