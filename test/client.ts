import { SELF } from "cloudflare:test";
import { hc } from "hono/client";
import { expect } from "vitest";
import type { AppType } from "../workers/app";
import { conformanceProblem } from "./openapi-conformance";

export async function readBody(res: Response): Promise<unknown> {
  const type = res.headers.get("content-type") ?? "";
  if (type.includes("json")) return res.json();
  // A PDF is not text: its bytes are what a test reads.
  if (type.startsWith("application/pdf")) return res.arrayBuffer();
  return res.text();
}

/** SELF.fetch, and every answer is also checked against the OpenAPI document (as `api()` does). */
export async function checkedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const res = await SELF.fetch(input, init);
  const method = init?.method ?? (input instanceof Request ? input.method : "GET");
  const url = input instanceof Request ? input.url : String(input);
  const broken = await conformanceProblem(method, url, res, await readBody(res.clone()));
  expect(broken, broken ?? "").toBeNull();
  return res;
}

/**
 * The typed client the web app uses (`hc<AppType>`), calling the Worker through its real fetch
 * handler: request bodies, parameters and response bodies are typed by the routes themselves.
 * @example const res = await client(token).movies.$get({ query: { limit: "5" } })
 */
export function client(token?: string) {
  return hc<AppType>("https://marquee.test/api", {
    fetch: checkedFetch,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

type Answer = { status: number; json(): Promise<unknown> };
type JsonOf<R extends Answer, S> = Awaited<ReturnType<Extract<R, { status: S }>["json"]>>;

/**
 * Asserts the answer's status and returns its JSON body, typed by the route's response for that status.
 * @example const genre = await expectJson(await client(token).genres.$post({ json: { name } }), 201)
 */
export async function expectJson<R extends Answer, S extends R["status"]>(res: R, status: S): Promise<JsonOf<R, S>> {
  const body = await readBody((res as unknown as Response).clone());
  expect(res.status, JSON.stringify(body)).toBe(status);
  return body as JsonOf<R, S>;
}

/** Asserts a problem+json answer with `status` (see `expectProblem`), and returns its body. */
export async function expectProblemOf(res: Response | Answer, status: number) {
  const r = res as Response;
  return expectProblem({ status: r.status, headers: r.headers, body: await readBody(r.clone()) }, status);
}

/** Asserts a problem+json answer with `status`, and returns its body. */
export function expectProblem(res: { status: number; headers: Headers; body: unknown }, status: number) {
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  expect(res.status).toBe(status);
  expect(res.body).toMatchObject({ status, type: expect.stringMatching(/^urn:marquee:problem:/), detail: expect.any(String) });
  expect(JSON.stringify(res.body)).not.toMatch(/\bat .+:\d+:\d+/); // no stack frames
  return res.body as { detail: string; errors?: { path: string }[]; [key: string]: unknown };
}

/** One typed answer, read once: for each status the route declares, that status with its body's type. */
export type Settled<R> = R extends { status: infer S; json(): Promise<infer B> }
  ? { status: S; headers: Headers; body: B }
  : never;

/**
 * Reads a typed client's answer into `{ status, headers, body }`, which `expectProblem` takes and
 * which narrows by status: `if (res.status === 201) res.body.id`. For helpers whose answers are
 * checked both ways (and by tests that compare several answers' bodies).
 */
export async function settle<R extends { status: number; headers: Headers }>(res: R): Promise<Settled<R>> {
  const body = await readBody(res as unknown as Response);
  return { status: res.status, headers: res.headers, body } as Settled<R>;
}
