import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { registerUser, type TestUser } from "../../test/api";
import { expectProblemOf } from "../../test/client";
import { buy, card, createShowtime, holdOk } from "../cinema/test-helpers";
import { clip, uploaded } from "../media/media.test-helpers";

// One owner's resources of every kind, and a stranger (signed in, no role) who tries to read,
// change and delete each by its id: every attempt is a 404 (not a 403: a stranger does not learn
// that the id exists), and the owner still has each one afterwards.

interface Owned {
  media: string;
  hold: string;
  order: string;
  ticket: string;
  playlist: string;
  notification: string;
  paymentMethod: string;
  profile: string;
  session: string;
  invoice: string;
}

const api = (token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  SELF.fetch(`https://marquee.test/api${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

async function json<T>(res: Response, status: number): Promise<T> {
  expect(res.status, await res.clone().text()).toBe(status);
  return (await res.json()) as T;
}

let owner: TestUser;
let stranger: TestUser;
const owned = {} as Owned;

beforeAll(async () => {
  [owner, stranger] = [await registerUser(), await registerUser()];
  const token = owner.accessToken;
  owned.media = (await uploaded(token, clip.audio(), "mine.mp3")).id;
  const showtime = await createShowtime();
  owned.hold = (await holdOk(token, showtime.id, { seats: ["A1"] })).id;
  const bought = await buy(token, showtime.id, ["B1"]);
  owned.order = bought.id;
  owned.ticket = bought.tickets[0].code;
  owned.playlist = (
    await json<{ id: string }>(await api(token, "POST", "/playlists", { name: "Mine", visibility: "private" }), 201)
  ).id;
  const inbox = await json<{ items: { id: string }[] }>(await api(token, "GET", "/notifications"), 200);
  owned.notification = inbox.items[0].id;
  owned.paymentMethod = (await json<{ id: string }>(await api(token, "POST", "/me/payment-methods", { card: card() }), 201)).id;
  owned.profile = (await json<{ id: string }>(await api(token, "POST", "/me/profiles", { name: "Second" }), 201)).id;
  const sessions = await json<{ items?: { id: string }[] } | { id: string }[]>(await api(token, "GET", "/me/sessions"), 200);
  owned.session = (Array.isArray(sessions) ? sessions : (sessions.items ?? []))[0].id;
  const charge = { amount: 500, description: "Mine", card: card() };
  await json(await api(token, "POST", "/payments", charge, { "idempotency-key": crypto.randomUUID() }), 201);
  const invoices = await json<{ items: { id: string }[] }>(await api(token, "GET", "/me/invoices"), 200);
  owned.invoice = invoices.items[0].id;
}, 120_000);

describe("another user's resources", { timeout: 60_000 }, () => {
  const attempts = (o: Owned): [string, string, unknown?][] => [
    ["GET", `/media/${o.media}`],
    ["PATCH", `/media/${o.media}`, { title: "Taken" }],
    ["GET", `/media/${o.media}/playback`],
    ["POST", `/media/${o.media}/convert`, { target: "mp3" }],
    ["GET", `/media/${o.media}/jobs`],
    ["POST", `/media/${o.media}/shares`, { username: "someone" }],
    ["DELETE", `/media/${o.media}`],
    ["GET", `/holds/${o.hold}`],
    ["POST", `/holds/${o.hold}/quote`, {}],
    ["DELETE", `/holds/${o.hold}`],
    ["GET", `/orders/${o.order}`],
    ["GET", `/orders/${o.order}/calendar.ics`],
    ["POST", `/orders/${o.order}/refund`, {}],
    ["GET", `/tickets/${o.ticket}`],
    ["GET", `/tickets/${o.ticket}/qr.svg`],
    ["GET", `/playlists/${o.playlist}`],
    ["PATCH", `/playlists/${o.playlist}`, { name: "Taken" }],
    ["GET", `/playlists/${o.playlist}/items`],
    ["POST", `/playlists/${o.playlist}/items`, { mediaId: o.media }],
    ["DELETE", `/playlists/${o.playlist}`],
    ["POST", `/notifications/${o.notification}/read`],
    ["DELETE", `/me/payment-methods/${o.paymentMethod}`],
    ["PATCH", `/me/payment-methods/${o.paymentMethod}`, { isDefault: true }],
    ["GET", `/me/profiles/${o.profile}`],
    ["PATCH", `/me/profiles/${o.profile}`, { name: "Taken" }],
    ["DELETE", `/me/profiles/${o.profile}`],
    ["DELETE", `/me/sessions/${o.session}`],
    ["GET", `/invoices/${o.invoice}`],
    ["GET", `/invoices/${o.invoice}/pdf`],
    ["GET", `/users/${owner.id}`],
    ["PATCH", `/users/${owner.id}`, { name: "Taken" }],
    ["DELETE", `/users/${owner.id}`],
  ];

  it("answer 404 to every read, change and delete by a stranger", async () => {
    const wrong: string[] = [];
    for (const [method, path, body] of attempts(owned)) {
      const headers: Record<string, string> = method === "POST" ? { "idempotency-key": crypto.randomUUID() } : {};
      const res = await api(stranger.accessToken, method, path, body, headers);
      if (res.status !== 404) wrong.push(`${method} ${path} answered ${res.status}`);
      else await expectProblemOf(res, 404);
    }
    expect(wrong).toEqual([]);
  });

  it("are all still the owner's afterwards", async () => {
    const t = owner.accessToken;
    for (const path of [
      `/media/${owned.media}`,
      `/holds/${owned.hold}`,
      `/orders/${owned.order}`,
      `/tickets/${owned.ticket}`,
      `/playlists/${owned.playlist}`,
      `/me/profiles/${owned.profile}`,
      `/invoices/${owned.invoice}`,
      `/users/${owner.id}`,
    ]) {
      const res = await api(t, "GET", path);
      expect(res.status, path).toBe(200);
      await res.body?.cancel();
    }
    const methods = await json<unknown>(await api(t, "GET", "/me/payment-methods"), 200);
    expect(JSON.stringify(methods)).toContain(owned.paymentMethod);
    const sessions = await json<unknown>(await api(t, "GET", "/me/sessions"), 200);
    expect(JSON.stringify(sessions)).toContain(owned.session);
    const inbox = await json<{ items: { id: string; readAt?: string | null; read?: boolean }[] }>(
      await api(t, "GET", "/notifications"),
      200,
    );
    const notice = inbox.items.find((n) => n.id === owned.notification);
    expect(notice).toBeDefined();
    expect(notice?.readAt ?? null).toBeNull();
  });
});
