import { createExecutionContext, env } from "cloudflare:test";
import { expect } from "vitest";
import type { TestUser } from "../../test/api";
import { client, expectJson } from "../../test/client";
import { app } from "../app";

/** A fresh Spanish mobile number per call, so tests never read each other's messages. */
export const newPhone = () => `+346${String(crypto.getRandomValues(new Uint32Array(1))[0] % 100_000_000).padStart(8, "0")}`;

/** Calls the app as a development deployment would run it (the dev SMS outbox is readable there only). */
const devFetch = (path: string) =>
  app.fetch(new Request(`https://marquee.test${path}`), { ...env, ENVIRONMENT: "development" }, createExecutionContext());

interface DevSms {
  to: string;
  kind: string;
  text: string;
  status: string;
  userId: string | null;
}

/** The messages texted to `phone`, newest first, read through `GET /api/dev/sms`. */
export async function textsTo(phone: string): Promise<DevSms[]> {
  const res = await devFetch(`/api/dev/sms?to=${encodeURIComponent(phone)}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: DevSms[] }).items;
}

/** The 6-digit code in the newest verification text to `phone`. */
export async function codeSentTo(phone: string): Promise<string> {
  const [latest] = (await textsTo(phone)).filter((sms) => sms.kind === "phone_verification");
  const code = latest?.text.match(/\b(\d{6})\b/)?.[1];
  if (!code) throw new Error(`no code was texted to ${phone}`);
  return code;
}

/** A user with a verified number, through the API. */
export async function withVerifiedPhone(user: TestUser, phone = newPhone()) {
  await expectJson(await client(user.accessToken).me.phone.$put({ json: { phone } }), 202);
  await expectJson(await client(user.accessToken).me.phone.verify.$post({ json: { code: await codeSentTo(phone) } }), 200);
  return phone;
}
