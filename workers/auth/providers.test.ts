import { createExecutionContext, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { client, expectJson } from "../../test/client";
import { app } from "../app";

describe("GET /api/auth/providers", () => {
  it("offers Google with its client id when GOOGLE_CLIENT_ID is set, without signing in", async () => {
    const providers = await expectJson(await client().auth.providers.$get(), 200);
    expect(providers).toEqual({ google: { clientId: env.GOOGLE_CLIENT_ID } });
  });

  it("offers no Google when GOOGLE_CLIENT_ID is empty", async () => {
    const res = await app.fetch(
      new Request("https://marquee.test/api/auth/providers"),
      { ...env, GOOGLE_CLIENT_ID: "" },
      createExecutionContext(),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ google: null });
  });
});
