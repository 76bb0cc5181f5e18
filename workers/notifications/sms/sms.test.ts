import { createExecutionContext, env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { registerUser, type TestUser } from "../../../test/api";
import { client, expectJson, expectProblemOf } from "../../../test/client";
import { app } from "../../app";
import { adminToken, buy, createShowtime } from "../../cinema/test-helpers";
import { emailOutbox, smsOutbox } from "../../db/schema";
import { database } from "../../lib/db";
import { codeSentTo, newPhone, textsTo, withVerifiedPhone } from "../../users/phone.test-helpers";
import { queueNotificationSms } from "./notification-sms";
import { deliverSmsOutbox, MAX_SMS_ATTEMPTS, queueSms } from "./outbox";
import { devOutboxProvider, smsProvider, unconfiguredProvider } from "./provider";

const db = database(env.DB);
const preferences = (user: TestUser) => client(user.accessToken).me["notification-preferences"];

/** Something that happens after the answer (in `ctx.waitUntil`); waited for, bounded. */
async function eventually<T>(read: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("never happened");
}

/** Buys two seats and waits until the order's confirmation email has gone (its SMS is queued beside it). */
async function buyAndSettle(user: TestUser) {
  const showtime = await createShowtime();
  const order = await buy(user.accessToken, showtime.id, ["A1", "A2"]);
  await eventually(async () => {
    const rows = await db.select().from(emailOutbox).where(eq(emailOutbox.userId, user.id));
    return rows.find((r) => r.kind === "order_confirmed" && r.status === "sent");
  });
  return { showtime, order };
}

const textsOfKind = async (phone: string, kind: string) => (await textsTo(phone)).filter((sms) => sms.kind === kind);

describe("SMS preferences", () => {
  it("are off by default and can be turned on only with a verified number", async () => {
    const user = await registerUser();
    const initial = await expectJson(await preferences(user).$get(), 200);
    expect(initial.sms).toEqual({ order_confirmed: false, showtime_cancelled: false });

    const refused = await expectProblemOf(await preferences(user).$put({ json: { sms: { order_confirmed: true } } }), 409);
    expect(refused.detail).toMatch(/verify a mobile number/);
    expect(refused.errors).toEqual([{ path: "sms.order_confirmed", message: expect.any(String), code: "phone_not_verified" }]);
    // Turning one off needs no number.
    await expectJson(await preferences(user).$put({ json: { sms: { showtime_cancelled: false } } }), 200);

    await withVerifiedPhone(user);
    const saved = await expectJson(await preferences(user).$put({ json: { sms: { order_confirmed: true } } }), 200);
    expect(saved.sms).toEqual({ order_confirmed: true, showtime_cancelled: false });
    // The email choice of the same kind is untouched (still the default, yes).
    expect(saved.email.order_confirmed).toBe(true);
    const both = await expectJson(
      await preferences(user).$put({ json: { email: { order_confirmed: false }, sms: { showtime_cancelled: true } } }),
      200,
    );
    expect(both).toMatchObject({ email: { order_confirmed: false }, sms: { order_confirmed: true, showtime_cancelled: true } });
  });

  it("validate their input", async () => {
    const user = await registerUser();
    await expectProblemOf(await preferences(user).$put({ json: {} }), 400);
    await expectProblemOf(await preferences(user).$put({ json: { sms: {} } }), 400);
    await expectProblemOf(await preferences(user).$put({ json: { sms: { welcome: true } as never } }), 400);
    await expectProblemOf(await client().me["notification-preferences"].$put({ json: { sms: { order_confirmed: true } } }), 401);
  });
});

describe("text messages for notifications", { timeout: 60_000 }, () => {
  it("confirm an order to a verified number when the person opted in", async () => {
    const user = await registerUser();
    const phone = await withVerifiedPhone(user);
    await expectJson(await preferences(user).$put({ json: { sms: { order_confirmed: true } } }), 200);

    const { order } = await buyAndSettle(user);
    const [sms] = await eventually(async () => {
      const found = await textsOfKind(phone, "order_confirmed");
      return found.length > 0 ? found : undefined;
    });
    expect(sms).toMatchObject({ to: phone, userId: user.id, status: "sent" });
    expect(sms.text).toContain(order.id);
    expect(sms.text).toMatch(/Seats A1, A2/);
  });

  it("are not sent when the person did not opt in", async () => {
    const user = await registerUser();
    const phone = await withVerifiedPhone(user);
    await buyAndSettle(user);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await textsOfKind(phone, "order_confirmed")).toEqual([]);
    expect(await queueNotificationSms(env, user.id, "order_confirmed", { orderId: "x" })).toBeNull();
  });

  it("are not sent to a number that is not verified", async () => {
    const user = await registerUser();
    const phone = newPhone();
    await expectJson(await client(user.accessToken).me.phone.$put({ json: { phone } }), 202);
    await codeSentTo(phone); // the code went out, but nobody typed it
    // Even with an opt-in stored (the API refuses one without a verified number), nothing is texted.
    await env.DB.prepare(
      "INSERT INTO notification_preferences (user_id, kind, email, sms, updated_at) VALUES (?, 'order_confirmed', 1, 1, ?)",
    )
      .bind(user.id, new Date().toISOString())
      .run();
    await buyAndSettle(user);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await textsOfKind(phone, "order_confirmed")).toEqual([]);
    expect(await queueNotificationSms(env, user.id, "order_confirmed", { orderId: "x" })).toBeNull();
  });

  it("tell an opted-in person their showtime was cancelled (and refunded)", async () => {
    const user = await registerUser();
    const phone = await withVerifiedPhone(user);
    await expectJson(await preferences(user).$put({ json: { sms: { showtime_cancelled: true } } }), 200);
    const { showtime, order } = await buyAndSettle(user);
    // Not opted in to order confirmations: none came.
    expect(await textsOfKind(phone, "order_confirmed")).toEqual([]);

    await expectJson(await client(await adminToken()).showtimes[":id"].cancel.$post({ param: { id: showtime.id } }), 200);
    const [sms] = await eventually(async () => {
      const found = await textsOfKind(phone, "showtime_cancelled");
      return found.length > 0 ? found : undefined;
    });
    expect(sms.text).toContain(order.id);
    expect(sms.text).toMatch(/cancelled; 24\.00 \w+ is refunded/);
  });
});

describe("the SMS outbox", () => {
  it("uses the dev outbox in development and tests, and no gateway anywhere else", () => {
    expect(smsProvider(env).name).toBe("dev-outbox");
    expect(smsProvider({ ...env, ENVIRONMENT: "development" }).name).toBe("dev-outbox");
    expect(smsProvider({ ...env, ENVIRONMENT: "production" }).name).toBe("unconfigured");
  });

  it("keeps a message that could not be sent, retries it later, and gives up after the last attempt", async () => {
    const to = newPhone();
    const id = await queueSms(env, { userId: null, kind: "test", to, text: "hello" }, unconfiguredProvider);
    const [row] = await db.select().from(smsOutbox).where(eq(smsOutbox.id, id));
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastError: "No SMS gateway is configured for this deployment" });
    expect(row.nextAttemptAt).toBeGreaterThan(Date.now());

    let now = row.nextAttemptAt;
    for (let attempt = 2; attempt <= MAX_SMS_ATTEMPTS; attempt++) {
      expect(await deliverSmsOutbox(env, unconfiguredProvider, { ids: [id], now })).toEqual({ sent: 0, failed: 1 });
      now = (await db.select().from(smsOutbox).where(eq(smsOutbox.id, id)))[0].nextAttemptAt + 1;
    }
    const [failed] = await db.select().from(smsOutbox).where(eq(smsOutbox.id, id));
    expect(failed).toMatchObject({ status: "failed", attempts: MAX_SMS_ATTEMPTS });
    expect(await deliverSmsOutbox(env, devOutboxProvider, { ids: [id], now: now + 86_400_000 })).toEqual({ sent: 0, failed: 0 });
  });
});

describe("GET /api/dev/sms", () => {
  const devFetch = (path: string, environment = "development") =>
    app.fetch(new Request(`https://marquee.test${path}`), { ...env, ENVIRONMENT: environment }, createExecutionContext());

  it("does not exist outside development", async () => {
    await expectProblemOf(await client().dev.sms.$get({ query: {} }), 404);
    expect((await devFetch("/api/dev/sms", "production")).status).toBe(404);
  });

  it("filters by number (a raw + in the query is read as one), validates and pages", async () => {
    expect((await devFetch("/api/dev/sms?limit=0")).status).toBe(400);
    const to = newPhone();
    await queueSms(env, { userId: null, kind: "test", to, text: "one" });
    await queueSms(env, { userId: null, kind: "test", to, text: "two" });
    const first = (await (await devFetch(`/api/dev/sms?to=${to}&limit=1`)).json()) as {
      items: { text: string }[];
      nextCursor: string;
    };
    expect(first.items.map((m) => m.text)).toEqual(["two"]);
    const second = (await (
      await devFetch(`/api/dev/sms?to=${encodeURIComponent(to)}&limit=1&cursor=${first.nextCursor}`)
    ).json()) as {
      items: { text: string }[];
      nextCursor: string | null;
    };
    expect(second).toEqual({ items: [expect.objectContaining({ text: "one", status: "sent" })], nextCursor: null });
  });
});
