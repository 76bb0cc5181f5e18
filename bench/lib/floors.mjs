// Floors for `npm run bench`: single-file Workers under their own wrangler dev (startBenchWorker), on the
// same local runtime as Marquee, each doing the least the same work needs. Measured direct to their own
// workerd (as Marquee is; production has no wrangler proxy) when that socket is found.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { startBenchWorker, workerdBaseUrl } from "../../scripts/stack.mjs";

/** autocannon with a generous timeout (on a busy shared machine a slow answer is a figure, not an error). */
export function load(opts) {
  return new Promise((resolve, reject) => {
    autocannon({ timeout: 30, ...opts }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

/** A 2 s warm-up, then the measured run: req/s (average), p50/p99 ms, and the failures. */
export async function measureLoad(opts) {
  await load({ ...opts, duration: 2 });
  const r = await load(opts);
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

async function start(name, source, config, port, persistTo) {
  const dir = mkdtempSync(join(tmpdir(), `marquee-${name}-`));
  const worker = await startBenchWorker({ dir, name, source, config, port, ...(persistTo ? { persistTo } : {}) });
  const direct = await workerdBaseUrl(worker);
  return {
    baseUrl: direct ?? worker.baseUrl,
    direct: Boolean(direct),
    async stop() {
      await worker.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const KV_FLOOR = `
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/health") return Response.json({ status: "ok" });
    if (request.method === "PUT") {
      await env.KV.put(url.pathname, await request.arrayBuffer(), { metadata: { type: request.headers.get("content-type") } });
      return new Response(null, { status: 204 });
    }
    const { value, metadata } = await env.KV.getWithMetadata(url.pathname, "arrayBuffer");
    if (value === null) return new Response("not found", { status: 404 });
    return new Response(value, { headers: { "content-type": metadata?.type ?? "application/json" } });
  },
};`;

/**
 * A bare route returning bytes from KV: `put(path, bytes, type)` stores them, GET `path` answers them.
 * @param {{ port: number }} options
 */
export async function startKvFloor({ port }) {
  const w = await start(
    "bench-kv-floor",
    KV_FLOOR,
    '[[kv_namespaces]]\nbinding = "KV"\nid = "00000000000000000000000000000001"\n',
    port,
  );
  return {
    ...w,
    async put(path, bytes, type) {
      const res = await fetch(`${w.baseUrl}${path}`, { method: "PUT", body: bytes, headers: { "content-type": type } });
      if (res.status !== 204) throw new Error(`kv floor put: ${res.status}`);
    },
  };
}

const d1Floor = (sql) => `
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/health") return Response.json({ status: "ok" });
    if (url.pathname === "/read") {
      const row = await env.DB.prepare(${JSON.stringify(sql)}).bind(url.searchParams.get("k")).first();
      return Response.json(row);
    }
    return new Response("not found", { status: 404 });
  },
};`;

/**
 * A bare route doing one D1 read (`sql`, one `?` bound to the query's `k`) on Marquee's own local D1:
 * bound to the same persistence directory and database id, so it reads the same SQLite file.
 * @param {{ port: number, persistTo: string, sql: string }} options
 */
export async function startD1Floor({ port, persistTo, sql }) {
  return start(
    "bench-d1-floor",
    d1Floor(sql),
    '[[d1_databases]]\nbinding = "DB"\ndatabase_name = "marquee"\ndatabase_id = "00000000-0000-0000-0000-000000000000"\n',
    port,
    persistTo,
  );
}

const ANSWER_FLOOR = `
export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/health") return Response.json({ status: "ok" });
    const body = request.method === "POST" ? await request.json() : null;
    return Response.json({ id: crypto.randomUUID(), seats: body?.seats ?? [], createdAt: new Date().toISOString() }, { status: 201 });
  },
};`;

/**
 * A route doing nothing but answering: reads the JSON body and answers 201 with a small JSON, on any path.
 * @param {{ port: number }} options
 */
export async function startAnswerFloor({ port }) {
  return start("bench-answer-floor", ANSWER_FLOOR, "", port);
}
