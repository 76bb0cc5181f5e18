import { env, SELF } from "cloudflare:test";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { beforeAll, describe, expect, it } from "vitest";
import { registerUser, signInAdmin } from "../api";
import { changedTables, rowCounts, settledCounts } from "./db-counts";
import { judge } from "./judge";
import { Rng } from "./prng";
import { buildRequest, type FuzzRequest, type OpenApiDocument, type Operation, operationsOf } from "./requests";

/**
 * Hostile input against every operation of the OpenAPI document, as nobody, a viewer and an
 * admin: the same seed sends the same requests on every run. `FUZZ_RUNS` (requests per operation
 * and identity) and `FUZZ_SEED` raise the count or change the sequence for a long run.
 */
const fuzzEnv = env as unknown as { FUZZ_RUNS?: string; FUZZ_SEED?: string };
const RUNS = Number(fuzzEnv.FUZZ_RUNS) > 0 ? Number(fuzzEnv.FUZZ_RUNS) : 1;
const SEED = Number(fuzzEnv.FUZZ_SEED) > 0 ? Number(fuzzEnv.FUZZ_SEED) : 20;
const ORIGIN = "https://marquee.test";

/** Operations not fuzzed here, each with why. */
const SKIPPED: Record<string, string> = {};

type Identity = "nobody" | "viewer" | "admin";
interface Finding {
  identity: Identity;
  request: string;
  status: number;
  wrong: string[];
}

const findings: Finding[] = [];
const halfWritten: { operation: string; statuses: number[]; tables: string[] }[] = [];
const fuzzed = new Set<string>();
let operations: Operation[] = [];
let sent = 0;
// Requests in flight at once: an operation's requests go together, and the row counts are
// compared around each operation (a change needs a 2xx write among that operation's answers).
const CONCURRENCY = 12;

async function freshToken(identity: Identity, current: string | undefined): Promise<string | undefined> {
  if (identity === "nobody") return undefined;
  if (current) {
    const me = await SELF.fetch(`${ORIGIN}/api/me`, { headers: { authorization: `Bearer ${current}` } });
    if (me.status === 200) return current;
  }
  return identity === "admin" ? (await signInAdmin()).accessToken : (await registerUser()).accessToken;
}

async function send(identity: Identity, req: FuzzRequest): Promise<number> {
  let res: Response;
  try {
    res = await SELF.fetch(req.url, { method: req.method, headers: req.headers, body: req.body, redirect: "manual" });
  } catch (error) {
    findings.push({ identity, request: req.summary, status: 0, wrong: [`the fetch threw: ${String(error)}`] });
    return 0;
  }
  sent++;
  const text = await res.text();
  const wrong = judge(res.status, res.headers.get("content-type") ?? "", text);
  if (wrong.length) findings.push({ identity, request: req.summary, status: res.status, wrong: [...wrong, text.slice(0, 300)] });
  return res.status;
}

beforeAll(async () => {
  const doc = (await (await SELF.fetch(`${ORIGIN}/api/openapi.json`)).json()) as OpenApiDocument;
  const components = doc.components?.schemas ?? {};
  operations = operationsOf(doc);
  const rng = new Rng(SEED);
  const identities = ["nobody", "viewer", "admin"] as const;
  const tokens: Partial<Record<Identity, string>> = {};
  const stale = new Set<Identity>(["viewer", "admin"]);
  for (const op of operations) {
    const name = `${op.method} ${op.template}`;
    if (name in SKIPPED) continue;
    for (const identity of stale) tokens[identity] = await freshToken(identity, tokens[identity]);
    stale.clear();
    // Built in order before any is sent, so the seed alone decides every request.
    const planned = identities.flatMap((identity) =>
      Array.from({ length: RUNS }, () => {
        const req = buildRequest(op, components, rng, ORIGIN);
        const token = tokens[identity];
        if (token) req.headers.authorization = `Bearer ${token}`;
        return { identity, req };
      }),
    );
    const before = await rowCounts();
    const answers: { identity: Identity; method: string; status: number }[] = [];
    for (let i = 0; i < planned.length; i += CONCURRENCY) {
      const chunk = planned.slice(i, i + CONCURRENCY);
      const statuses = await Promise.all(chunk.map(({ identity, req }) => send(identity, req)));
      for (const [j, { identity, req }] of chunk.entries()) answers.push({ identity, method: req.method, status: statuses[j] });
    }
    fuzzed.add(name);
    for (const a of answers) if (a.status === 401 && a.identity !== "nobody") stale.add(a.identity);
    const wrote = answers.some((a) => a.method !== "GET" && a.status >= 200 && a.status < 300);
    const changed = changedTables(before, wrote ? await settledCounts() : await rowCounts());
    if (!wrote && changed.length) halfWritten.push({ operation: name, statuses: answers.map((a) => a.status), tables: changed });
  }
  console.log(`fuzz: seed ${SEED}, ${RUNS} per operation and identity, ${sent} requests over ${fuzzed.size} operations`);
}, 600_000);

const show = (list: object[]) => list.slice(0, 40).map((f) => JSON.stringify(f));

describe(`OpenAPI fuzzer (seed ${SEED}, FUZZ_RUNS ${RUNS})`, () => {
  it("reaches every documented operation but the listed ones", () => {
    const missed = operations.map((op) => `${op.method} ${op.template}`).filter((n) => !fuzzed.has(n) && !(n in SKIPPED));
    expect(missed).toEqual([]);
    expect(operations.length).toBeGreaterThan(50);
  });

  it("answers no 5xx", () => {
    expect(show(findings.filter((f) => f.status >= 500 || f.status === 0))).toEqual([]);
  });

  it("answers every 4xx as problem+json with type, title, status and detail", () => {
    expect(
      show(findings.filter((f) => f.status >= 400 && f.status < 500 && f.wrong.some((w) => /problem|content-type/.test(w)))),
    ).toEqual([]);
  });

  it("echoes no stack trace and no source path", () => {
    expect(show(findings.filter((f) => f.wrong.some((w) => w.includes("stack trace"))))).toEqual([]);
  });

  it("leaves no row behind from a request that did not answer a 2xx write", () => {
    expect(show(halfWritten)).toEqual([]);
  });
});

describe("the fuzzer's judge", () => {
  it("flags a 500, a 4xx that is not problem+json, and a stack trace", () => {
    expect(judge(500, "application/problem+json", "{}")).toContain("answered 500");
    expect(judge(400, "text/plain", "Malformed JSON")[0]).toMatch(/not application\/problem\+json/);
    expect(judge(404, "application/problem+json", '{"type":"t","title":"t","status":400,"detail":"d"}')[0]).toMatch(
      /status member/,
    );
    expect(judge(200, "text/plain", "Error: x\n    at handler (workers/app.ts:10:3)")).toContain(
      "the body carries a stack trace or a source path",
    );
    expect(judge(404, "application/problem+json", '{"type":"t","title":"t","status":404,"detail":"d"}')).toEqual([]);
  });
});

describe("the fuzzer against planted bugs", () => {
  // Two defects planted in a tiny app: a path decoded before it is checked (issue 20's /stream bug:
  // a URIError, so a 500), and a body parsed again by hand after validation (which checks JSON
  // bodies only, so a malformed one under another content type throws). The same generator and
  // judge must find both with the default seed. At the suite's count (3 identities × FUZZ_RUNS per
  // operation) the path bug is not reached with seed 20; five times that count finds both, which is
  // why a long run raises FUZZ_RUNS.
  const PLANTED_TRIES = 3 * RUNS * 5;
  const planted = new OpenAPIHono();
  planted.openapi(
    createRoute({
      method: "get",
      path: "/things/{id}",
      request: { params: z.object({ id: z.string() }) },
      responses: { 200: { description: "a thing" } },
    }),
    (c) => c.json({ id: decodeURIComponent(new URL(c.req.url).pathname.split("/").pop() ?? "") }, 200),
  );
  planted.openapi(
    createRoute({
      method: "post",
      path: "/things",
      request: { body: { content: { "application/json": { schema: z.object({ count: z.number() }) } } } },
      responses: { 201: { description: "made" } },
    }),
    async (c) => {
      const raw = (await c.req.raw.clone().json()) as { count: number };
      return c.json({ made: raw.count }, 201);
    },
  );
  planted.onError((error, c) => c.json({ error: String(error) }, 500));

  it("finds a 500 in each planted route", async () => {
    const doc = planted.getOpenAPIDocument({
      openapi: "3.0.0",
      info: { title: "planted", version: "1" },
    }) as unknown as OpenApiDocument;
    const rng = new Rng(SEED);
    const failing = new Set<string>();
    for (const op of operationsOf(doc)) {
      for (let i = 0; i < PLANTED_TRIES; i++) {
        const req = buildRequest(op, doc.components?.schemas ?? {}, rng, ORIGIN);
        const res = await planted.request(req.url, { method: req.method, headers: req.headers, body: req.body });
        if (judge(res.status, res.headers.get("content-type") ?? "", await res.text()).includes(`answered ${res.status}`))
          failing.add(`${op.method} ${op.template}`);
      }
    }
    expect([...failing].sort()).toEqual(["GET /things/{id}", "POST /things"]);
  });
});
