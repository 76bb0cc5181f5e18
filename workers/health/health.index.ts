import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../lib/create-app";
import { jsonResponse } from "../lib/openapi";

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
  });
