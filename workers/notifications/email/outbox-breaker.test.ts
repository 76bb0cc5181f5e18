import { env } from "cloudflare:test";
import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { registerUser, signInAdmin } from "../../../test/api";
import { client, expectJson } from "../../../test/client";
import { emailOutbox } from "../../db/schema";
import { database } from "../../lib/db";
import { type MailAdapter, mailboxAdapter } from "./adapters";
import { deliverOutbox, queueEmail } from "./outbox";

const db = database(env.DB);
// The breaker's threshold travels with each call (see transcode-breaker.test.ts); the suite runs BREAKER_OPEN_SECONDS=2.
const guarded = { ...env, BREAKER_FAILURE_THRESHOLD: "2" };
const failing: MailAdapter = {
  name: "failing",
  async send() {
    throw new Error("provider is down");
  },
};
const rows = (ids: string[]) => db.select().from(emailOutbox).where(inArray(emailOutbox.id, ids));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function emailBreaker() {
  const admin = await signInAdmin();
  const summary = await expectJson(await client(admin.accessToken).admin.monitor.summary.$get(), 200);
  return summary.breakers.find((b) => b.name === "email");
}

describe("the email breaker", { timeout: 30_000 }, () => {
  it("opens after the threshold; refused mail stays queued, unattempted, and goes out once a trial succeeds", async () => {
    const user = await registerUser();
    const since = new Date().toISOString();
    const first = (await queueEmail(guarded, user.id, "job_done", { title: "One" }, failing)) as string;
    const second = (await queueEmail(guarded, user.id, "job_done", { title: "Two" }, failing)) as string;
    const open = await emailBreaker();
    expect(open).toMatchObject({ state: "open", failures: 2 });

    // Open: nothing is claimed, so the attempt count does not move and the mail waits in the outbox.
    const third = (await queueEmail(guarded, user.id, "job_done", { title: "Three" }, mailboxAdapter(env))) as string;
    expect((await db.select().from(emailOutbox).where(eq(emailOutbox.id, third)))[0]).toMatchObject({
      status: "pending",
      attempts: 0,
    });

    // After the open period one trial is let through (one row); its success closes the breaker.
    await sleep(Date.parse(open?.retryAt ?? "") - Date.now() + 100);
    expect(await deliverOutbox(guarded, mailboxAdapter(env))).toEqual({ sent: 1, failed: 0 });
    expect((await emailBreaker())?.state).toBe("closed");
    const later = Date.now() + 10 * 60_000; // the two failed rows are due again after their backoff
    expect(await deliverOutbox(guarded, mailboxAdapter(env), { now: later })).toEqual({ sent: 2, failed: 0 });
    expect((await rows([first, second, third])).map((r) => r.status)).toEqual(["sent", "sent", "sent"]);

    const audit = await env.DB.prepare(
      "SELECT action FROM audit_log WHERE target_type = 'breaker' AND target_id = 'email' AND at >= ? ORDER BY at, id",
    )
      .bind(since)
      .all<{ action: string }>();
    expect(audit.results.map((r) => r.action)).toEqual(["breaker.opened", "breaker.half_opened", "breaker.closed"]);
  });
});
