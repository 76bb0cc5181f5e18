import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../lib/create-app";
import { jsonResponse } from "../lib/openapi";
import { paymentProviderStatus } from "../payments/provider";

const Check = z.enum(["ok", "error"]);
const Health = z
  .object({ status: z.enum(["ok", "degraded"]), checks: z.object({ d1: Check, r2: Check, kv: Check }) })
  .openapi("Health");

const health = createRoute({
  method: "get",
  path: "/health",
  tags: ["operations"],
  summary: "Liveness, with the status of D1, R2 and KV",
  responses: { 200: jsonResponse(Health, "Everything answers"), 503: jsonResponse(Health, "A dependency fails") },
});

async function probe(check: () => Promise<unknown>): Promise<"ok" | "error"> {
  try {
    await check();
    return "ok";
  } catch {
    return "error";
  }
}

const ReadyCheck = z.object({
  status: Check,
  latencyMs: z.number().openapi({ description: "How long the probe took" }),
  detail: z.string().optional(),
});
const Ready = z
  .object({
    status: z.enum(["ready", "not_ready"]),
    checks: z.object({ d1: ReadyCheck, r2: ReadyCheck, kv: ReadyCheck, payments: ReadyCheck }),
    payments: z.object({ provider: z.enum(["simulated", "none"]) }),
  })
  .openapi("Readiness");

const ready = createRoute({
  method: "get",
  path: "/health/ready",
  tags: ["operations"],
  summary: "Readiness: each dependency with its status and latency, and the active payment provider",
  description:
    "503 when a required dependency is down. In production the payment provider counts as down until `PAYMENTS_PROVIDER` names one (only `simulated` exists), so a deployment never takes real orders through test payments unknowingly.",
  responses: { 200: jsonResponse(Ready, "Ready to serve"), 503: jsonResponse(Ready, "A required dependency is down") },
});

async function timed(check: () => Promise<unknown>) {
  const started = performance.now();
  const status = await probe(check);
  return { status, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
}

const ping = createRoute({
  method: "get",
  path: "/ping",
  tags: ["operations"],
  summary: "Does nothing: the cost of the runtime and middleware alone (benchmarks' floor)",
  responses: { 204: { description: "Alive" } },
});

export const healthRouter = createRouter()
  .openapi(ping, (c) => c.body(null, 204))
  .openapi(health, async (c) => {
    const [d1, r2, kv] = await Promise.all([
      probe(() => c.env.DB.prepare("SELECT 1").first()),
      probe(() => c.env.MEDIA.head("health/probe")),
      probe(() => c.env.CACHE.get("health:probe")),
    ]);
    const checks = { d1, r2, kv };
    const healthy = Object.values(checks).every((s) => s === "ok");
    c.header("cache-control", "no-store");
    return healthy ? c.json({ status: "ok" as const, checks }, 200) : c.json({ status: "degraded" as const, checks }, 503);
  })
  .openapi(ready, async (c) => {
    const [d1, r2, kv] = await Promise.all([
      timed(() => c.env.DB.prepare("SELECT 1").first()),
      timed(() => c.env.MEDIA.head("health/probe")),
      timed(() => c.env.CACHE.get("health:probe")),
    ]);
    const provider = paymentProviderStatus(c.env);
    const payments = provider.ready
      ? { status: "ok" as const, latencyMs: 0, detail: `${provider.provider} provider` }
      : { status: "error" as const, latencyMs: 0, detail: "No payment provider: set PAYMENTS_PROVIDER" };
    const checks = { d1, r2, kv, payments };
    const body = { checks, payments: { provider: provider.provider } };
    c.header("cache-control", "no-store");
    return Object.values(checks).every((check) => check.status === "ok")
      ? c.json({ status: "ready" as const, ...body }, 200)
      : c.json({ status: "not_ready" as const, ...body }, 503);
  });
