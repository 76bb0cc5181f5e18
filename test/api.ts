import { env } from "cloudflare:test";
import { client, expectJson } from "./client";

export { expectProblem } from "./client";

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
