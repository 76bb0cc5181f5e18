import { registerUser, signInAdmin, type TestUser } from "../../test/api";
import { client, expectJson } from "../../test/client";

export const card = (number = "4242 4242 4242 4242") => ({ number, expMonth: 12, expYear: 2099, cvc: "123" });

let admin: TestUser | undefined;
export async function adminToken() {
  admin ??= await signInAdmin();
  return admin.accessToken;
}

export const newMember = () => registerUser();

/** A direct charge through `POST /payments` (billing), which earns points like any other payment. */
export const pay = (token: string, amount: number, key: string = crypto.randomUUID()) =>
  client(token).payments.$post({
    header: { "idempotency-key": key },
    json: { amount, currency: "usd", description: "Test charge", card: card() },
  });

export async function loyalty(token: string) {
  return expectJson(await client(token).me.loyalty.$get(), 200);
}

export async function ledger(token: string) {
  return (await expectJson(await client(token).me.loyalty.ledger.$get({ query: {} }), 200)).items;
}

export async function adjust(userId: string, points: number, reason = "Goodwill") {
  const res = await client(await adminToken()).users[":id"].loyalty.adjustments.$post({
    param: { id: userId },
    json: { points, reason },
  });
  return expectJson(res, 201);
}

/** Runs the cron's loyalty step at `now`. */
export async function runLoyalty(now: Date) {
  return expectJson(await client(await adminToken()).loyalty.run.$post({ json: { now: now.toISOString() } }), 200);
}

export async function inboxKinds(token: string) {
  const inbox = await expectJson(await client(token).notifications.$get({ query: {} }), 200);
  return inbox.items.map((n) => ({ kind: n.kind, payload: n.payload as Record<string, unknown> }));
}

export const monthsFrom = (months: number, from = new Date()) => {
  const at = new Date(from);
  at.setUTCMonth(at.getUTCMonth() + months);
  return at;
};
