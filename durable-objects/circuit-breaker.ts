import { DurableObject } from "cloudflare:workers";
import { writeAudit } from "../workers/lib/audit";
import {
  type BreakerAdmission,
  type BreakerName,
  type BreakerPolicy,
  type BreakerSnapshot,
  type BreakerState,
  breakerNames,
  type CircuitBreakerRpc,
} from "../workers/lib/circuit-breaker.contract";
import { log } from "../workers/lib/log";

interface Stored {
  state: BreakerState;
  failures: number;
  openedAt: number | null;
  /** While open: when the next trial call may go out. */
  retryAt: number | null;
  /** While half-open: until when the admitted trial holds the slot (a caller that never reports frees it then). */
  trialUntil: number | null;
}

const KEY = "breaker";
const CLOSED: Stored = { state: "closed", failures: 0, openedAt: null, retryAt: null, trialUntil: null };

/**
 * One breaker per protected dependency (the contract: workers/lib/circuit-breaker.contract.ts).
 * Its state is in memory in front of this object's storage, so admit() costs no I/O; every
 * transition is logged and audited (breaker.opened / breaker.half_opened / breaker.closed).
 * The thresholds come with each call (the callers read them from their configuration).
 */
export class CircuitBreaker extends DurableObject<Env> implements CircuitBreakerRpc {
  private current: Stored = CLOSED;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      this.current = (await ctx.storage.get<Stored>(KEY)) ?? this.current;
    });
  }

  private get name(): BreakerName {
    const name = this.ctx.id.name as BreakerName | undefined;
    return name && breakerNames.includes(name) ? name : "transcoder";
  }

  admit(policy: BreakerPolicy): BreakerAdmission {
    const now = Date.now();
    const s = this.current;
    const refuse = (until: number): BreakerAdmission => ({
      allowed: false,
      state: s.state,
      retryAfterSeconds: Math.max(1, Math.ceil((until - now) / 1000)),
      failures: s.failures,
    });
    if (s.state === "closed") return { allowed: true, state: "closed", retryAfterSeconds: 0, failures: s.failures };
    const trialMs = policy.openSeconds * 1000;
    if (s.state === "open") {
      const retryAt = s.retryAt ?? now;
      if (now < retryAt) return refuse(retryAt);
      this.move({ ...s, state: "half_open", retryAt: null, trialUntil: now + trialMs }, "breaker.half_opened");
      return { allowed: true, state: "half_open", retryAfterSeconds: 0, failures: s.failures };
    }
    // Half-open: one trial at a time; a trial whose caller vanished frees the slot after the open period.
    if (s.trialUntil !== null && now < s.trialUntil) return refuse(s.trialUntil);
    this.save({ ...s, trialUntil: now + trialMs });
    return { allowed: true, state: "half_open", retryAfterSeconds: 0, failures: s.failures };
  }

  report(ok: boolean, policy: BreakerPolicy): BreakerSnapshot {
    const s = this.current;
    if (ok) {
      if (s.state === "closed") {
        if (s.failures > 0) this.save({ ...s, failures: 0 });
      } else this.move(CLOSED, "breaker.closed");
      return this.state();
    }
    const failures = s.failures + 1;
    if (s.state === "half_open" || (s.state === "closed" && failures >= policy.failureThreshold)) {
      const now = Date.now();
      this.move(
        { state: "open", failures, openedAt: now, retryAt: now + policy.openSeconds * 1000, trialUntil: null },
        "breaker.opened",
      );
    } else this.save({ ...s, failures });
    return this.state();
  }

  state(): BreakerSnapshot {
    const s = this.current;
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return {
      name: this.name,
      state: s.state,
      failures: s.failures,
      openedAt: iso(s.openedAt),
      retryAt: s.state === "open" ? iso(s.retryAt) : null,
    };
  }

  ping() {
    return "ok" as const;
  }

  private save(next: Stored) {
    this.current = next;
    this.ctx.storage.put(KEY, next);
  }

  private move(next: Stored, action: "breaker.opened" | "breaker.half_opened" | "breaker.closed") {
    const from = this.current.state;
    this.save(next);
    const detail = { name: this.name, from, to: next.state, failures: next.failures };
    if (next.state === "open") log.warn("breaker_state", detail);
    else log.info("breaker_state", detail);
    this.ctx.waitUntil(
      writeAudit(this.env, {
        action,
        actorId: null,
        actorRole: null,
        targetType: "breaker",
        targetId: this.name,
        clientAddress: null,
        requestId: null,
        detail,
      }),
    );
  }
}
