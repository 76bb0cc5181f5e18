import { SELF } from "cloudflare:test";
import { hc } from "hono/client";
import type { AppType } from "../workers/app";

/**
 * The typed client the web app uses (`hc<AppType>`), calling the Worker through its real fetch
 * handler: request bodies, parameters and response bodies are typed by the routes themselves.
 * @example const res = await client(token).movies.$get({ query: { limit: "5" } })
 */
export function client(token?: string) {
  return hc<AppType>("https://marquee.test/api", {
    fetch: (input: RequestInfo | URL, init?: RequestInit) => SELF.fetch(input, init),
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}
