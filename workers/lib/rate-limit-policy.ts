/** The budgets of the API, one Workers Rate Limiting binding each (`[[ratelimits]]` in wrangler.toml). */
export const rateLimitClasses = ["auth", "write", "read", "stream"] as const;
export type RateLimitClass = (typeof rateLimitClasses)[number];

export interface RateLimitPolicy {
  /** Requests per window; for `stream`, MiB per window. */
  limit: number;
  /** The window in seconds: the binding only knows 10 and 60. */
  period: 10 | 60;
}

export type RateLimitPolicies = Record<RateLimitClass, RateLimitPolicy>;

const parsed = new Map<string, RateLimitPolicies>();

/**
 * The RATE_LIMITS variable, parsed once per isolate: the same numbers as the bindings' `simple`
 * config (the binding cannot be asked for them), so the RateLimit-Policy headers tell the truth.
 * A tools test (test/tools/rate-limits-config.test.ts) holds wrangler.toml's two copies together.
 * @example parseRateLimits("auth=10/60 write=120/60 read=600/60 stream=2048/60").read // { limit: 600, period: 60 }
 */
export function parseRateLimits(value: string): RateLimitPolicies {
  const known = parsed.get(value);
  if (known) return known;
  const entries = new Map<string, RateLimitPolicy>();
  for (const part of value.split(/[\s,]+/).filter(Boolean)) {
    const match = /^([a-z]+)=(\d+)\/(10|60)$/.exec(part);
    if (!match) throw new Error(`RATE_LIMITS: cannot read "${part}" (want <class>=<limit>/<10|60>)`);
    entries.set(match[1], { limit: Number(match[2]), period: Number(match[3]) as 10 | 60 });
  }
  const policies = Object.fromEntries(
    rateLimitClasses.map((name) => {
      const policy = entries.get(name);
      if (!policy) throw new Error(`RATE_LIMITS has no budget for "${name}"`);
      return [name, policy];
    }),
  ) as RateLimitPolicies;
  parsed.set(value, policies);
  return policies;
}

/** Seconds until the current fixed window of `period` ends (the binding counts in fixed windows). */
export const secondsToReset = (period: number, now = Date.now()) => period - (Math.floor(now / 1000) % period);

export const policyHeader = (name: RateLimitClass, policy: RateLimitPolicy) => `"${name}";q=${policy.limit};w=${policy.period}`;
