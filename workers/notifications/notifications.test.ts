import { createExecutionContext, env, runDurableObjectAlarm, SELF, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser, type TestUser } from "../../test/api";
import { checkedFetch, client, expectJson, expectProblemOf } from "../../test/client";
import { notify } from "./notify";
import { notificationRoom } from "./rooms";
import { notificationsOf, openSocket } from "./test-socket";

async function secondDevice(user: TestUser) {
  const json = { email: user.email, password: user.password };
  return (await expectJson(await client().auth.login.$post({ json }), 200)).accessToken;
}

const follow = (follower: TestUser, target: TestUser) =>
  client(follower.accessToken).users[":id"].follow.$post({ param: { id: target.id } });

type InboxQuery = { limit?: string; cursor?: string; unread?: "true" | "false" };
const notifications = (token?: string) => client(token).notifications;
const inbox = async (user: TestUser, query: InboxQuery = {}) =>
  (await expectJson(await notifications(user.accessToken).$get({ query }), 200)).items;
const markRead = (token: string | undefined, id: string) => notifications(token)[":id"].read.$post({ param: { id } });

const sessionIdOf = async (token: string) =>
  (await expectJson(await client(token).me.sessions.$get(), 200)).items.find((s) => s.current)?.id as string;

describe("notification sockets", () => {
  it("every open socket of the user gets the notification, and another user's socket gets nothing", async () => {
    const [ada, bob, cleo, dan] = await Promise.all([registerUser(), registerUser(), registerUser(), registerUser()]);
    const laptop = await openSocket(ada.accessToken);
    const phone = await openSocket(await secondDevice(ada));
    const other = await openSocket(cleo.accessToken);

    expect((await follow(bob, ada)).status).toBe(201);
    const [onLaptop, onPhone] = await Promise.all([
      laptop.next((f) => f.type === "notification"),
      phone.next((f) => f.type === "notification"),
    ]);
    expect(onLaptop).toEqual(onPhone);
    expect(onLaptop).toMatchObject({
      type: "notification",
      notification: { kind: "new_follower", payload: { followerId: bob.id } },
    });

    // Cleo's room is told something only now; anything of Ada's would have reached her socket first.
    await follow(dan, cleo);
    await other.next((f) => f.type === "notification");
    expect(notificationsOf(other).map((n) => n.payload.followerId)).toEqual([dan.id]);
  });

  it("replays what arrived while offline, in order, then goes live", async () => {
    const [ada, ...fans] = await Promise.all([registerUser(), registerUser(), registerUser(), registerUser()]);
    const [welcome] = await inbox(ada);
    expect(welcome.kind).toBe("welcome");
    await follow(fans[0], ada);
    await follow(fans[1], ada);

    const socket = await openSocket(ada.accessToken, welcome.id);
    const ready = socket.frames.find((f) => f.type === "ready");
    expect(ready).toMatchObject({ replayed: 2, truncated: false, unread: 3 });
    expect(notificationsOf(socket).map((n) => n.payload.followerId)).toEqual([fans[0].id, fans[1].id]);
    expect(socket.frames.at(-1)?.type).toBe("ready");

    await follow(fans[2], ada);
    await socket.next((f) => f.type === "notification" && f.notification.payload.followerId === fans[2].id);
    const ids = notificationsOf(socket).map((n) => n.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toHaveLength(3);
  });

  it("logout closes that session's sockets and leaves the others open", async () => {
    const ada = await registerUser();
    const phoneToken = await secondDevice(ada);
    const laptop = await openSocket(ada.accessToken);
    const phone = await openSocket(phoneToken);
    expect((await client(phoneToken).auth.logout.$post()).status).toBe(204);
    expect(await phone.closed).toMatchObject({ code: 4001 });
    const fan = await registerUser();
    await follow(fan, ada);
    await laptop.next((f) => f.type === "notification");
  });

  it("a replayed refresh token ends its session and closes that session's sockets", async () => {
    const ada = await registerUser();
    const laptop = await openSocket(ada.accessToken);
    const json = { refreshToken: ada.refreshToken };
    expect((await client().auth.refresh.$post({ json })).status).toBe(200);
    await expectProblemOf(await client().auth.refresh.$post({ json }), 401);
    expect(await laptop.closed).toMatchObject({ code: 4001 });
  });

  it("signing a device out closes its sockets and tells the others", async () => {
    const ada = await registerUser();
    const phoneToken = await secondDevice(ada);
    const laptop = await openSocket(ada.accessToken);
    const phone = await openSocket(phoneToken);
    const phoneSession = await sessionIdOf(phoneToken);
    const signOut = await client(ada.accessToken).me.sessions[":id"].$delete({ param: { id: phoneSession } });
    expect(signOut.status).toBe(204);
    expect(await phone.closed).toMatchObject({ code: 4001 });
    const told = await laptop.next((f) => f.type === "notification");
    expect(told).toMatchObject({ notification: { kind: "session_revoked", payload: { sessionId: phoneSession } } });
  });

  it("a password change closes the other sessions' sockets; account deletion closes all", async () => {
    const ada = await registerUser();
    const phoneToken = await secondDevice(ada);
    const laptop = await openSocket(ada.accessToken);
    const phone = await openSocket(phoneToken);
    const changed = await client(ada.accessToken).me.password.$patch({
      json: { currentPassword: ada.password, newPassword: "a-brand-new-password" },
    });
    expect(changed.status).toBe(204);
    expect(await phone.closed).toMatchObject({ code: 4001 });
    await laptop.next((f) => f.type === "notification" && f.notification.kind === "password_changed");

    expect((await client(ada.accessToken).users[":id"].$delete({ param: { id: ada.id } })).status).toBe(204);
    expect(await laptop.closed).toMatchObject({ code: 4001 });
  });

  it("refuses a missing, forged or signed-out token before the upgrade", async () => {
    const ada = await registerUser();
    const ws = (query: string, headers: Record<string, string> = { upgrade: "websocket" }) =>
      SELF.fetch(`https://marquee.test/api/notifications/ws${query}`, { headers });

    await expectProblemOf(await ws(""), 400);
    await expectProblemOf(await ws(`?token=${ada.accessToken}&since=not-an-id`), 400);
    await expectProblemOf(await ws(`?token=${ada.accessToken}x`), 401);
    await expectProblemOf(await ws("?token=eyJhbGciOiJIUzI1NiJ9.e30.c2ln"), 401);
    await expectProblemOf(await ws(`?token=${ada.accessToken}`, {}), 400);
    await client(ada.accessToken).auth.logout.$post();
    await expectProblemOf(await ws(`?token=${ada.accessToken}`), 401);
  });

  it("is in the OpenAPI document, with its query and the 101 answer", async () => {
    // /openapi.json is not a typed route (it is not part of AppType), so it is fetched by path.
    const res = await checkedFetch("https://marquee.test/api/openapi.json");
    type Operation = { responses: Record<string, unknown>; parameters: { name: string }[] };
    const doc: { paths: Record<string, Record<string, Operation>> } = await res.json();
    const route = doc.paths["/notifications/ws"].get;
    expect(Object.keys(route.responses)).toEqual(expect.arrayContaining(["101", "401"]));
    expect(route.parameters.map((p) => p.name)).toEqual(["token", "since"]);
  });

  it("parses every client frame: ping, read, and anything else is an error frame", async () => {
    const ada = await registerUser();
    const [welcome] = await inbox(ada);
    const laptop = await openSocket(ada.accessToken);
    const phone = await openSocket(await secondDevice(ada));

    laptop.ws.send('{"type":"ping"}');
    await laptop.next((f) => f.type === "pong");
    laptop.ws.send("not json");
    await laptop.next((f) => f.type === "error");
    laptop.ws.send(JSON.stringify({ type: "read", ids: ["nope"] }));
    await laptop.next((f) => f.type === "error", 2);

    laptop.ws.send(JSON.stringify({ type: "read", ids: [welcome.id] }));
    expect(await phone.next((f) => f.type === "read")).toEqual({ type: "read", ids: [welcome.id], unread: 0 });
    expect((await expectJson(await client(ada.accessToken).me.$get(), 200)).unreadNotifications).toBe(0);
  });
});

describe("the inbox", () => {
  it("lists newest first, filters unread, pages with a cursor, and keeps /me's unread count", async () => {
    const [ada, bob, cleo] = await Promise.all([registerUser(), registerUser(), registerUser()]);
    await follow(bob, ada);
    await follow(cleo, ada);
    const me = async () => expectJson(await client(ada.accessToken).me.$get(), 200);
    expect(await me()).toMatchObject({ id: ada.id, unreadNotifications: 3 });

    const all = await inbox(ada);
    expect(all.map((n) => n.kind)).toEqual(["new_follower", "new_follower", "welcome"]);
    expect(all[0]).toMatchObject({ payload: { followerId: cleo.id }, readAt: null, createdAt: expect.any(String) });

    const page = async (query: InboxQuery) => expectJson(await notifications(ada.accessToken).$get({ query }), 200);
    const first = await page({ limit: "2" });
    expect(first.items).toHaveLength(2);
    const second = await page({ limit: "2", cursor: String(first.nextCursor) });
    expect(second).toMatchObject({ items: [{ kind: "welcome" }], nextCursor: null });

    const read = await expectJson(await markRead(ada.accessToken, all[2].id), 200);
    expect(read.readAt).toEqual(expect.any(String));
    const again = await expectJson(await markRead(ada.accessToken, all[2].id), 200);
    expect(again.readAt).toBe(read.readAt);
    expect((await me()).unreadNotifications).toBe(2);
    expect((await inbox(ada, { unread: "true" })).map((n) => n.id)).toEqual([all[0].id, all[1].id]);
    expect((await inbox(ada, { unread: "false" })).map((n) => n.id)).toEqual([all[2].id]);

    const readAll = await notifications(ada.accessToken)["read-all"].$post();
    expect(await expectJson(readAll, 200)).toEqual({ marked: 2, unread: 0 });
    expect((await me()).unreadNotifications).toBe(0);
  });

  it("someone else's notification is not found, bad input is a 400, and no token is a 401", async () => {
    const [ada, bob] = await Promise.all([registerUser(), registerUser()]);
    const [welcome] = await inbox(ada);
    await expectProblemOf(await markRead(bob.accessToken, welcome.id), 404);
    await expectProblemOf(await markRead(ada.accessToken, "01ARZ3NDEKTSV4RRFFQ69G5FAV"), 404);
    await expectProblemOf(await markRead(ada.accessToken, "bad"), 400);
    // @ts-expect-error neither true nor false, on purpose
    await expectProblemOf(await notifications(ada.accessToken).$get({ query: { unread: "maybe" } }), 400);
    await expectProblemOf(await notifications(ada.accessToken).$get({ query: { cursor: "garbage" } }), 400);
    await expectProblemOf(await notifications().$get({ query: {} }), 401);
    await expectProblemOf(await markRead(undefined, welcome.id), 401);
    await expectProblemOf(await notifications()["read-all"].$post(), 401);
    expect((await inbox(bob)).map((n) => n.id)).not.toContain(welcome.id);
  });
});

describe("rate limit", () => {
  it("a storm of one kind becomes one digest instead of a push each", async () => {
    const ada = await registerUser();
    const socket = await openSocket(ada.accessToken);
    const ctx = createExecutionContext();
    for (let i = 0; i < 12; i++) await notify(env, ctx, ada.id, "comment_reply", { commentId: `c${i}` });
    await waitOnExecutionContext(ctx);
    expect((await inbox(ada, { limit: "100" })).filter((n) => n.kind === "comment_reply")).toHaveLength(5);

    expect(await runDurableObjectAlarm(notificationRoom(env, ada.id))).toBe(true);
    const digest = await socket.next((f) => f.type === "notification" && f.notification.payload.digest === true);
    expect(digest).toMatchObject({
      notification: {
        kind: "comment_reply",
        payload: { count: 7, sample: [{ commentId: "c5" }, { commentId: "c6" }, { commentId: "c7" }] },
      },
    });
    expect(notificationsOf(socket)).toHaveLength(6);
    expect((await inbox(ada, { limit: "100" })).filter((n) => n.kind === "comment_reply")).toHaveLength(6);
    // Other kinds have their own allowance.
    await notify(env, ctx, ada.id, "media_shared", { mediaId: "m1" });
    await socket.next((f) => f.type === "notification" && f.notification.kind === "media_shared");
  });

  it("notify never throws, even for a user that does not exist", async () => {
    const ctx = createExecutionContext();
    await expect(notify(env, ctx, "no-such-user", "welcome", {})).resolves.toBeUndefined();
    await waitOnExecutionContext(ctx);
  });
});
