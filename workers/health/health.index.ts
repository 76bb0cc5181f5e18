import { createRoute, z } from "@hono/zod-openapi";
import { breaker } from "../lib/circuit-breaker";
import { insecureConfiguration } from "../lib/config-guard";
import { createRouter } from "../lib/create-app";
import { jsonResponse } from "../lib/openapi";
import { usesDevMailbox } from "../notifications/email/adapters";
import { transcoderHealth } from "../ops/readings";
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

const ReadyCheck = z
  .object({
    status: Check,
    latencyMs: z.number().openapi({ description: "How long the probe took, in milliseconds" }),
    required: z.boolean().openapi({ description: "Whether the service is not ready while this one is down" }),
    detail: z.string().optional(),
  })
  .openapi("ReadinessCheck");
const Ready = z
  .object({
    status: z.enum(["ready", "not_ready"]),
    checks: z.object({
      d1: ReadyCheck,
      r2: ReadyCheck,
      kv: ReadyCheck,
      queue: ReadyCheck.openapi({ description: "The transcode queue's producer" }),
      durableObjects: ReadyCheck.openapi({ description: "Every Durable Object namespace (each is under `durableObjects`)" }),
      transcoder: ReadyCheck,
      email: ReadyCheck.openapi({
        description: "The email sender; mail waits in the outbox while it is down, so it is not required",
      }),
      payments: ReadyCheck,
      configuration: ReadyCheck.openapi({
        description:
          "The deployment's secrets: in production, JWT_SECRET of at least 32 characters and no secret left at its published `.dev.vars.example` value (until fixed, every other request answers 503)",
      }),
    }),
    durableObjects: z.record(z.string(), ReadyCheck).openapi({ description: "Each namespace, by binding, answering a ping RPC" }),
    payments: z.object({ provider: z.enum(["simulated", "none"]) }),
  })
  .openapi("Readiness");

const ready = createRoute({
  method: "get",
  path: "/health/ready",
  tags: ["operations"],
  summary: "Readiness: each dependency with its status and latency, and the active payment provider",
  description:
    "Probes D1, R2, KV, the queue producer, each Durable Object namespace, the transcoder, the email sender and the payment provider, at once and each within two seconds, and checks the deployment's secrets. 503 when a required one is down. In production the payment provider counts as down until `PAYMENTS_PROVIDER` names one (only `simulated` exists), so a deployment never takes real orders through test payments unknowingly.",
  responses: { 200: jsonResponse(Ready, "Ready to serve"), 503: jsonResponse(Ready, "A required dependency is down") },
});

type ReadyCheck = z.infer<typeof ReadyCheck>;
const PROBE_TIMEOUT_MS = 2000;

/** Runs one probe within PROBE_TIMEOUT_MS; a probe answers a detail, or throws when its dependency is down. */
async function timed(required: boolean, check: () => Promise<string | undefined | unknown>): Promise<ReadyCheck> {
  const started = performance.now();
  const latency = () => Math.round((performance.now() - started) * 10) / 10;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`No answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
  });
  try {
    const detail = await Promise.race([check(), timeout]);
    return { status: "ok", latencyMs: latency(), required, ...(typeof detail === "string" ? { detail } : {}) };
  } catch (err) {
    return { status: "error", latencyMs: latency(), required, detail: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

const PROBE_ID = "health-probe";
const instance = <T extends Rpc.DurableObjectBranded | undefined>(ns: DurableObjectNamespace<T>) =>
  ns.get(ns.idFromName(PROBE_ID));
/** Any answer from the object's fetch handler (a 426 for a plain GET) proves it ran. */
const fetched = async (stub: { fetch(req: Request): Promise<Response> }) => {
  const res = await stub.fetch(new Request("https://do.internal/health"));
  await res.body?.cancel();
  return `answered ${res.status}`;
};

/**
 * Each Durable Object namespace a request may need (the Transcoder container's is the transcoder
 * check), probed on an instance of its own with its ping RPC, or where it has none with its
 * cheapest read, or its fetch handler.
 */
const durableObjectProbes: Record<string, (env: Env) => Promise<unknown>> = {
  USER_SESSIONS: (env) => instance(env.USER_SESSIONS).list(),
  SHOWTIME_SEATS: (env) => fetched(instance(env.SHOWTIME_SEATS)),
  NOTIFICATION_ROOMS: (env) => fetched(instance(env.NOTIFICATION_ROOMS)),
  UPLOAD_SESSIONS: (env) => instance(env.UPLOAD_SESSIONS).describe(PROBE_ID),
  CATALOG_VERSIONS: (env) => instance(env.CATALOG_VERSIONS).version(PROBE_ID),
  PROFILE_ACTIVITY: (env) => instance(env.PROFILE_ACTIVITY).activityStamp(null),
  OPS_METRICS: (env) => instance(env.OPS_METRICS).ping(),
  CIRCUIT_BREAKERS: (env) => instance(env.CIRCUIT_BREAKERS).ping(),
};

/** The queue's backlog when the platform reports it; a producer that cannot report it is still there. */
async function probeQueue(queue: Queue): Promise<string> {
  const metrics = await queue.metrics().catch(() => null);
  if (metrics) return `${metrics.backlogCount} messages waiting`;
  if (typeof queue.send !== "function") throw new Error("No queue producer binding");
  return "producer bound (backlog not reported here)";
}

async function probeTranscoder(env: Env): Promise<string> {
  const [health, breakerState] = await Promise.all([
    transcoderHealth(env),
    breaker(env, "transcoder")
      .state()
      .then((s) => s.state)
      .catch(() => "unknown"),
  ]);
  if (health.status === "down") throw new Error(`The transcoder does not answer its health check (breaker ${breakerState})`);
  return `${env.TRANSCODER_URL ? "at TRANSCODER_URL" : "container"}; breaker ${breakerState}`;
}

async function probeEmail(env: Env): Promise<string> {
  const state = await breaker(env, "email").state();
  if (state.state === "open") throw new Error(`The email breaker is open until ${state.retryAt}: mail waits in the outbox`);
  if (usesDevMailbox(env)) {
    await env.DB.prepare("SELECT 1 FROM dev_mailbox LIMIT 1").all();
    return `dev mailbox; breaker ${state.state}`;
  }
  if (!env.EMAIL) throw new Error("No send_email binding");
  return `send_email binding; breaker ${state.state}`;
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
    const env = c.env;
    const provider = paymentProviderStatus(env);
    const objects = await Promise.all(
      Object.entries(durableObjectProbes).map(async ([name, probe]) => [name, await timed(true, () => probe(env))] as const),
    );
    const [d1, r2, kv, queue, transcoder, email, payments] = await Promise.all([
      timed(true, () => env.DB.prepare("SELECT 1").first()),
      timed(true, () => env.MEDIA.head("health/probe")),
      timed(true, () => env.CACHE.get("health:probe")),
      timed(true, () => probeQueue(env.TRANSCODE_QUEUE)),
      timed(true, () => probeTranscoder(env)),
      timed(false, () => probeEmail(env)),
      timed(true, async () => {
        if (!provider.ready) throw new Error("No payment provider: set PAYMENTS_PROVIDER");
        return `${provider.provider} provider`;
      }),
    ]);
    const durableObjects = Object.fromEntries(objects);
    const down = objects.filter(([, check]) => check.status === "error").map(([name]) => name);
    const slowest = Math.max(0, ...objects.map(([, check]) => check.latencyMs));
    const allObjects: ReadyCheck = down.length
      ? { status: "error", latencyMs: slowest, required: true, detail: `Not answering: ${down.join(", ")}` }
      : { status: "ok", latencyMs: slowest, required: true, detail: `${objects.length} namespaces` };
    const problems = insecureConfiguration(env);
    const configuration: ReadyCheck = problems.length
      ? { status: "error", latencyMs: 0, required: true, detail: problems.join("; ") }
      : { status: "ok", latencyMs: 0, required: true };
    const checks = { d1, r2, kv, queue, durableObjects: allObjects, transcoder, email, payments, configuration };
    const body = { checks, durableObjects, payments: { provider: provider.provider } };
    c.header("cache-control", "no-store");
    return Object.values(checks).every((check) => check.status === "ok" || !check.required)
      ? c.json({ status: "ready" as const, ...body }, 200)
      : c.json({ status: "not_ready" as const, ...body }, 503);
  });
