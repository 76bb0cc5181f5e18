import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./context";
import { ApiError, problemResponse } from "./errors";
import { log } from "./log";

/**
 * The secrets `.dev.vars.example` publishes. Anyone can read them, so a production deployment that
 * copied the file must not run with them. A Worker cannot read that file, so they are kept here;
 * test/tools/example-secrets.test.ts checks that they still equal the file's lines.
 */
export const EXAMPLE_SECRETS = {
  JWT_SECRET: "dev-only-secret-change-me-0123456789abcdef",
  METRICS_TOKEN: "dev-metrics-token-0123456789",
  ADMIN_PASSWORD: "marquee-admin-123",
} as const;

export const MIN_JWT_SECRET_LENGTH = 32;

/** Why JWT_SECRET cannot sign anything here, or undefined when it can. */
export function jwtSecretProblem(env: Pick<Env, "ENVIRONMENT" | "JWT_SECRET">): string | undefined {
  const secret = env.JWT_SECRET;
  if (!secret || secret.length < MIN_JWT_SECRET_LENGTH)
    return `JWT_SECRET must be set to at least ${MIN_JWT_SECRET_LENGTH} characters`;
  if (env.ENVIRONMENT === "production" && secret === EXAMPLE_SECRETS.JWT_SECRET)
    return "JWT_SECRET is the published value from .dev.vars.example";
  return undefined;
}

const checked = new Map<string, string[]>();

/**
 * What makes this deployment unsafe to serve: in production, a missing or short JWT_SECRET, or any
 * secret still holding its published example value. Empty outside production (local runs use the
 * example on purpose). Worked out once per isolate and set of values.
 */
export function insecureConfiguration(env: Env): string[] {
  if (env.ENVIRONMENT !== "production") return [];
  const cacheKey = `${env.JWT_SECRET}\u0000${env.METRICS_TOKEN}\u0000${env.ADMIN_PASSWORD}`;
  let problems = checked.get(cacheKey);
  if (!problems) {
    problems = [];
    const jwt = jwtSecretProblem(env);
    if (jwt) problems.push(jwt);
    for (const name of ["METRICS_TOKEN", "ADMIN_PASSWORD"] as const) {
      if (env[name] === EXAMPLE_SECRETS[name]) problems.push(`${name} is the published value from .dev.vars.example`);
    }
    if (checked.size > 8) checked.clear();
    checked.set(cacheKey, problems);
    if (problems.length > 0) log.error("misconfigured", { detail: problems.join("; ") });
  }
  return problems;
}

/** The path that still answers on a misconfigured deployment, to report what is wrong. */
export const READINESS_PATH = "/health/ready";

/**
 * Refuses every request with a 503 problem naming the misconfiguration while
 * `insecureConfiguration` finds one, so no token is minted or accepted with a published secret;
 * `/health/ready` still answers, and reports it. The refusal is logged once per isolate, not put
 * in the error log once per request.
 */
export const refuseInsecureConfiguration = createMiddleware<AppEnv>(async (c, next) => {
  const problems = insecureConfiguration(c.env);
  if (problems.length > 0 && new URL(c.req.url).pathname !== READINESS_PATH) {
    return problemResponse(
      c,
      new ApiError(
        "service_unavailable",
        `The server is misconfigured and serves nothing until it is fixed: ${problems.join("; ")}`,
      ),
    );
  }
  await next();
});
