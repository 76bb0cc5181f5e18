import { env } from "cloudflare:test";
import { checkedFetch, client, expectJson, readBody } from "./client";

export { expectProblem } from "./client";

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * Calls the Worker through its real fetch handler.
 * @example const res = await api("POST", "/api/auth/login", { body: { email, password } })
 */
export async function api<T = any>(
  method: string,
  path: string,
  opts: { body?: unknown; token?: string; headers?: Record<string, string>; raw?: BodyInit } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: BodyInit | undefined = opts.raw;
  if (opts.body !== undefined) {
    headers["content-type"] ??= "application/json";
    body = JSON.stringify(opts.body);
  }
  const res = await checkedFetch(`https://marquee.test${path}`, { method, headers, body });
  return { status: res.status, headers: res.headers, body: (await readBody(res)) as T };
}

let counter = 0;
export const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`;

export interface TestUser {
  id: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

export async function registerUser(
  overrides: Partial<{ email: string; password: string; name: string; username: string }> = {},
): Promise<TestUser> {
  const name = unique("u");
  const input = { email: `${name}@example.com`, password: "a-long-password", name: "Test User", username: name, ...overrides };
  const session = await expectJson(await client().auth.register.$post({ json: input }), 201);
  return {
    id: session.user.id,
    email: input.email,
    password: input.password,
    accessToken: session.accessToken,
    refreshToken: session.refreshToken,
  };
}

/** Signs in as the first admin (created on demand from ADMIN_EMAIL / ADMIN_PASSWORD). */
export async function signInAdmin(): Promise<TestUser> {
  const json = { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD };
  const session = await expectJson(await client().auth.login.$post({ json }), 200);
  return {
    id: session.user.id,
    email: env.ADMIN_EMAIL,
    password: env.ADMIN_PASSWORD,
    accessToken: session.accessToken,
    refreshToken: session.refreshToken,
  };
}
