import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { auditInBackground } from "./audit";
import { bearerTokenOf } from "./auth";
import { clientOf } from "./client-address";
import type { AppEnv } from "./context";
import { ApiError, backgroundOf, problemResponse } from "./errors";
import { IsolateCache } from "./isolate-cache";
import { log } from "./log";
import { parseRateLimits, policyHeader, type RateLimitClass, type RateLimitPolicy, secondsToReset } from "./rate-limit-policy";
import { verifyAccessToken } from "./tokens";

const MIB = 1024 * 1024;

/** Endpoints that take or mint credentials (or send a code): the strict budget, per client address. */
const AUTH_PATHS = new Set([
  "/api/auth/register",
  "/api/auth/login",
  "/api/auth/refresh",
  "/api/auth/google",
  "/api/me/password",
  "/api/me/phone",
  "/api/me/phone/verify",
]);

function classOf(method: string, path: string): RateLimitClass | null {
  if (method === "OPTIONS") return null;
  if (path.startsWith("/stream/")) return "stream";
  if (!path.startsWith("/api/")) return null; // health, metrics, ping and the web app's assets
  const reads = method === "GET" || method === "HEAD";
  if (!reads && AUTH_PATHS.has(path)) return "auth";
  return reads ? "read" : "write";
}

const bindingOf = (env: Env, name: RateLimitClass): RateLimit =>
  ({ auth: env.RATE_LIMIT_AUTH, write: env.RATE_LIMIT_WRITE, read: env.RATE_LIMIT_READ, stream: env.RATE_LIMIT_STREAM })[name];

/**
 * Whose budget a request spends: the signed-in user's (the token's signature is checked, which this
 * isolate caches; whether the session is alive is left to the route), else the client address's.
 */
async function keyOf(c: Context<AppEnv>, name: RateLimitClass): Promise<string> {
  const token = name === "auth" ? undefined : bearerTokenOf(c.req.header("authorization"));
  if (token) {
    try {
      return `user:${(await verifyAccessToken(c.env, token)).userId}`;
    } catch {
      // an invalid token spends the address's budget; the route answers 401
    }
  }
  return `client:${clientOf(c)}`;
}

/** Spends `units` of the key's budget at once; false when any of them was refused. */
async function spend(binding: RateLimit, key: string, units: number): Promise<boolean> {
  if (units === 1) return (await binding.limit({ key })).success;
  const outcomes = await Promise.all(Array.from({ length: units }, () => binding.limit({ key })));
  return outcomes.every((o) => o.success);
}

// One audit row per key, class and window: a flood of refused requests must not become a flood of writes.
const auditedWindows = new IsolateCache<true>(4096, 60_000);

function refuse(c: Context<AppEnv>, name: RateLimitClass, policy: RateLimitPolicy, key: string): ApiError {
  const reset = secondsToReset(policy.period);
  const window = `${name}:${key}:${Math.floor(Date.now() / 1000 / policy.period)}`;
  if (!auditedWindows.get(window)) {
    auditedWindows.set(window, true);
    log.warn("rate_limited", { class: name, key, requestId: c.var.requestId });
    const [kind, id] = key.split(/:(.*)/s);
    auditInBackground(c.env, backgroundOf(c), {
      action: "rate_limit.blocked",
      actorId: kind === "user" ? id : null,
      actorRole: null,
      targetType: "rate_limit",
      targetId: name,
      clientAddress: clientOf(c),
      requestId: c.var.requestId ?? null,
      detail: {
        class: name,
        key,
        method: c.req.method,
        path: new URL(c.req.url).pathname,
        limit: policy.limit,
        period: policy.period,
      },
    });
  }
  const what = name === "stream" ? `${policy.limit} MiB streamed` : `${policy.limit} ${name} requests`;
  return new ApiError("too_many_requests", `Over the budget of ${what} per ${policy.period} s. Try again in ${reset} s.`, {
    headers: {
      "retry-after": String(reset),
      "ratelimit-policy": policyHeader(name, policy),
      ratelimit: `"${name}";r=0;t=${reset}`,
    },
  });
}

function withPolicy(c: Context<AppEnv>, value: string) {
  try {
    c.res.headers.set("ratelimit-policy", value);
  } catch {
    // a response with immutable headers (passed through from a fetch) gets a mutable copy
    c.res = new Response(c.res.body, c.res);
    c.res.headers.set("ratelimit-policy", value);
  }
}

/**
 * API-wide rate limits by class (lib/rate-limit-policy.ts): auth (strict, per address), write,
 * read, and stream, which is counted in MiB sent (one unit per started MiB of the body's
 * Content-Length), so a player fetching large ranges spends more than one asking for a playlist.
 * Streams are charged after the route has found the object and its length, before a byte is sent.
 * `RATE_LIMITS=off` turns them off: only bench:overhead does, to measure what they cost.
 */
export const rateLimits = createMiddleware<AppEnv>(async (c, next) => {
  const name = c.env.RATE_LIMITS === "off" ? null : classOf(c.req.method, c.req.path);
  if (!name) return next();
  const policy = parseRateLimits(c.env.RATE_LIMITS)[name];
  const binding = bindingOf(c.env, name);
  const key = await keyOf(c, name);
  if (name !== "stream") {
    if (!(await spend(binding, key, 1))) throw refuse(c, name, policy, key);
    await next();
    withPolicy(c, policyHeader(name, policy));
    return;
  }
  await next();
  const length = c.req.method === "HEAD" ? 0 : Number(c.res.headers.get("content-length") ?? 0);
  // A single answer larger than the whole budget spends all of it rather than never being served.
  const units = Math.min(policy.limit, Math.max(1, Math.ceil(length / MIB)));
  if (!(await spend(binding, key, units))) {
    await c.res.body?.cancel();
    c.res = undefined; // else Hono copies the unsent body's headers (content-length, content-range) onto the problem
    c.res = problemResponse(c, refuse(c, name, policy, key));
    return;
  }
  withPolicy(c, policyHeader(name, policy));
});
