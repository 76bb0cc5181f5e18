import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { registerUser } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";
import { app } from "../app";
import { devMailbox, emailOutbox } from "../db/schema";
import worker from "../index";
import { database } from "../lib/db";
import { type MailAdapter, mailAdapter, mailboxAdapter } from "./email/adapters";
import { deliverOutbox, MAX_ATTEMPTS, queueEmail, retryDelayMs } from "./email/outbox";
import { renderEmail } from "./email/templates";
import { notify } from "./notify";

const db = database(env.DB);

const preferences = (token?: string) => client(token).me["notification-preferences"];

const outboxOf = (userId: string, kind: string) =>
  db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.userId, userId), eq(emailOutbox.kind, kind)));

/** The welcome email is queued after registration answers; wait for it (bounded). */
async function eventually<T>(read: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("never happened");
}

const failing: MailAdapter = {
  name: "failing",
  send: async () => {
    throw new Error("provider is down");
  },
};

/** Calls the app as a development deployment would run it. */
const devFetch = (path: string) =>
  app.fetch(new Request(`https://marquee.test${path}`), { ...env, ENVIRONMENT: "development" }, createExecutionContext());

describe("email", () => {
  it("registration sends the welcome email through the outbox into the dev mailbox", async () => {
    const user = await registerUser();
    const row = await eventually(async () => (await outboxOf(user.id, "welcome")).find((r) => r.status === "sent"));
    expect(row).toMatchObject({ toAddress: user.email, attempts: 1, subject: "Welcome to Marquee" });

    const res = await devFetch(`/api/dev/mailbox?to=${encodeURIComponent(user.email.toUpperCase())}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: Record<string, string>[] };
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({
      outboxId: row.id,
      to: user.email,
      from: env.EMAIL_FROM,
      subject: "Welcome to Marquee",
      text: expect.stringContaining("Hi Test User"),
      html: expect.stringContaining("<h1"),
    });
  });

  it("a failing provider is retried with backoff until it works, and given up on after the last attempt", async () => {
    const user = await registerUser();
    const id = await queueEmail(env, user.id, "order_refunded", { orderId: "ord_1", amount: 2450, currency: "EUR" }, failing);
    expect(id).toEqual(expect.any(String));
    const read = async () =>
      (
        await db
          .select()
          .from(emailOutbox)
          .where(eq(emailOutbox.id, id as string))
      )[0];
    const first = await read();
    expect(first).toMatchObject({ status: "pending", attempts: 1, lastError: "provider is down" });

    // Not due yet: nothing is attempted.
    expect(await deliverOutbox(env, failing, { ids: [first.id], now: first.nextAttemptAt - 1 })).toEqual({ sent: 0, failed: 0 });
    expect(await deliverOutbox(env, failing, { ids: [first.id], now: first.nextAttemptAt })).toEqual({ sent: 0, failed: 1 });
    const second = await read();
    expect(second.attempts).toBe(2);
    expect(second.nextAttemptAt).toBe(first.nextAttemptAt + retryDelayMs(2));

    expect(await deliverOutbox(env, mailboxAdapter(env), { ids: [id as string], now: second.nextAttemptAt })).toEqual({
      sent: 1,
      failed: 0,
    });
    expect(await read()).toMatchObject({ status: "sent", attempts: 3, lastError: null, sentAt: expect.any(String) });
    const [mail] = await db
      .select()
      .from(devMailbox)
      .where(eq(devMailbox.outboxId, id as string));
    expect(mail.text).toContain("24.50 EUR");

    const doomed = (await queueEmail(env, user.id, "job_done", { title: "Holiday.mov" }, failing)) as string;
    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
      await deliverOutbox(env, failing, { ids: [doomed], now: Date.now() + attempt * 24 * 3600_000 });
    }
    expect((await db.select().from(emailOutbox).where(eq(emailOutbox.id, doomed)))[0]).toMatchObject({
      status: "failed",
      attempts: MAX_ATTEMPTS,
    });
    expect(await deliverOutbox(env, mailboxAdapter(env), { ids: [doomed], now: Date.now() + 30 * 24 * 3600_000 })).toEqual({
      sent: 0,
      failed: 0,
    });
  });

  it("honours the user's choice per kind, but always sends security email", async () => {
    const user = await registerUser();
    const put = await preferences(user.accessToken).$put({ json: { email: { job_done: false } } });
    expect(put.status).toBe(200);
    const ctx = createExecutionContext();
    await notify(env, ctx, user.id, "job_done", { title: "Song.wav", format: "mp3" });
    await notify(env, ctx, user.id, "order_refunded", { orderId: "ord_2", amount: 1000 });
    await notify(env, ctx, user.id, "password_changed", {});
    await notify(env, ctx, user.id, "new_follower", { followerId: "x" });
    await waitOnExecutionContext(ctx);
    expect(await outboxOf(user.id, "job_done")).toHaveLength(0);
    expect(await outboxOf(user.id, "order_refunded")).toHaveLength(1);
    expect(await outboxOf(user.id, "password_changed")).toHaveLength(1);
    expect(await outboxOf(user.id, "new_follower")).toHaveLength(0);
    // The in-app notification still arrives.
    const inbox = await expectJson(await client(user.accessToken).notifications.$get({ query: {} }), 200);
    expect(inbox.items.map((n) => n.kind)).toContain("job_done");
  });

  it("the ticket confirmation carries a QR code per ticket; templates survive missing fields", () => {
    const mail = renderEmail(
      "order_confirmed",
      { name: "Ada <script>" },
      {
        orderId: "ord_9",
        title: "Alien",
        startsAt: "2026-12-01T20:00:00Z",
        total: 2400,
        tickets: [{ code: "TCK-1", seat: "F7" }],
      },
    );
    expect(mail?.subject).toBe("Your tickets for Alien");
    expect(mail?.html).toContain("<svg");
    expect(mail?.html).toContain("TCK-1");
    expect(mail?.html).not.toContain("<script>");
    expect(mail?.text).toContain("Seat F7: TCK-1");
    const perOrder = renderEmail(
      "order_confirmed",
      { name: "Ada" },
      { orderId: "ord_7", seats: ["A1", "A2"], movieTitle: "Heat" },
    );
    expect(perOrder?.html).toContain("<svg");
    expect(perOrder?.text).toContain("Seat A1, A2: ord_7");
    for (const kind of ["welcome", "password_changed", "order_confirmed", "order_refunded", "job_done"] as const) {
      expect(renderEmail(kind, { name: "A" }, {})?.subject).toEqual(expect.any(String));
    }
    expect(renderEmail("new_follower", { name: "A" }, {})).toBeNull();
  });

  it("production uses the send_email binding, never the mailbox", () => {
    expect(mailAdapter({ ...env, ENVIRONMENT: "production" }).name).toBe("cloudflare-send-email");
    expect(mailAdapter(env).name).toBe("dev-mailbox");
  });
});

describe("GET /api/dev/mailbox", () => {
  it("does not exist outside development", async () => {
    await expectProblemOf(await client().dev.mailbox.$get({ query: {} }), 404);
    const prod = await app.fetch(
      new Request("https://marquee.test/api/dev/mailbox?limit=0"),
      { ...env, ENVIRONMENT: "production" },
      createExecutionContext(),
    );
    expect(prod.status).toBe(404);
  });

  it("validates its query and pages", async () => {
    const bad = await devFetch("/api/dev/mailbox?limit=0");
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    await mailboxAdapter(env).send({
      outboxId: "o1",
      from: "a@x.test",
      to: "pager@x.test",
      subject: "One",
      text: "1",
      html: "<p>1</p>",
    });
    await mailboxAdapter(env).send({
      outboxId: "o2",
      from: "a@x.test",
      to: "pager@x.test",
      subject: "Two",
      text: "2",
      html: "<p>2</p>",
    });
    const first = (await (await devFetch("/api/dev/mailbox?to=pager@x.test&limit=1")).json()) as {
      items: { subject: string }[];
      nextCursor: string;
    };
    expect(first.items.map((m) => m.subject)).toEqual(["Two"]);
    const second = (await (await devFetch(`/api/dev/mailbox?to=pager@x.test&limit=1&cursor=${first.nextCursor}`)).json()) as {
      items: { subject: string }[];
      nextCursor: string | null;
    };
    expect(second).toEqual({ items: [expect.objectContaining({ subject: "One" })], nextCursor: null });
  });
});

describe("notification preferences", () => {
  it("defaults to yes for every kind with an email, and keeps kinds left out", async () => {
    const user = await registerUser();
    const read = await expectJson(await preferences(user.accessToken).$get(), 200);
    expect(read).toEqual({
      email: {
        welcome: true,
        password_changed: true,
        order_confirmed: true,
        order_refunded: true,
        subscription_started: true,
        subscription_renewed: true,
        subscription_payment_failed: true,
        subscription_unpaid: true,
        job_done: true,
        announcement: true,
      },
      sms: { order_confirmed: false, showtime_cancelled: false },
      mandatory: ["password_changed"],
    });
    await preferences(user.accessToken).$put({ json: { email: { job_done: false } } });
    const put = await expectJson(await preferences(user.accessToken).$put({ json: { email: { order_confirmed: false } } }), 200);
    expect(put.email).toMatchObject({ job_done: false, order_confirmed: false, order_refunded: true });
  });

  it("refuses unknown kinds, empty changes, turning security email off, and no token", async () => {
    const user = await registerUser();
    const put = preferences(user.accessToken).$put;
    await expectProblemOf(await put({ json: { email: { likes: false } } }), 400);
    await expectProblemOf(await put({ json: { email: {} } }), 400);
    // @ts-expect-error not a boolean, on purpose
    await expectProblemOf(await put({ json: { email: { job_done: "no" } } }), 400);
    const mandatory = await expectProblemOf(await put({ json: { email: { password_changed: false } } }), 422);
    expect(mandatory.errors?.[0].path).toBe("email.password_changed");
    await expectProblemOf(await preferences().$get(), 401);
    await expectProblemOf(await preferences().$put({ json: { email: { job_done: false } } }), 401);
  });
});

describe("cron", () => {
  it("the scheduled handler retries due email", async () => {
    const user = await registerUser();
    const id = (await queueEmail(env, user.id, "job_done", { title: "Clip" }, failing)) as string;
    await db.update(emailOutbox).set({ nextAttemptAt: 0 }).where(eq(emailOutbox.id, id));
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "*/5 * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect((await db.select().from(emailOutbox).where(eq(emailOutbox.id, id)))[0]).toMatchObject({ status: "sent", attempts: 2 });
  });
});
