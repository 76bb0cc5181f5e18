import { DurableObject } from "cloudflare:workers";
import { database } from "../workers/lib/db";
import { nextUlid, nowIso } from "../workers/lib/ids";
import { log } from "../workers/lib/log";
import { reportGauge } from "../workers/lib/metrics";
import { type NotificationKind, rateLimitOf } from "../workers/notifications/kinds";
import {
  insertNotifications,
  markRead,
  notificationsSince,
  toNotification,
  unreadIds,
} from "../workers/notifications/notifications.queries";
import { ClientFrame, type Notification, type ServerFrame } from "../workers/notifications/notifications.schemas";
import {
  type PublishInput,
  type PublishResult,
  RoomConnectQuery,
  type RoomContract,
} from "../workers/notifications/rooms.contract";

/** Replay on connect stops here; a client that was away longer reads the inbox over HTTP. */
export const REPLAY_LIMIT = 500;
const DIGEST_SAMPLE = 3;

interface SocketAttachment {
  sessionId: string;
  connectedAt: string;
}

const sessionTag = (sessionId: string) => `session:${sessionId}`;

/**
 * One per user: their open notification sockets (hibernation API; each socket is tagged with
 * its session so a revoked session's sockets can be closed), a mirror of their unread ids so
 * the unread count costs no D1 query, and the per-kind rate limit that turns storms into digests.
 *
 * Inbox writes, replays and unread-set changes run one at a time through `serial`, so a socket
 * that connects with `since` gets every older notification from D1 and every newer one live,
 * in id order, with no gap and no duplicate.
 */
export class NotificationRoom extends DurableObject<Env> implements RoomContract {
  private readonly sql: SqlStorage;
  private tail: Promise<unknown> = Promise.resolve();
  private lastId = "";
  private userId: string | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS unread (id TEXT PRIMARY KEY);
      CREATE TABLE IF NOT EXISTS pushed (kind TEXT NOT NULL, at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS pushed_kind_at ON pushed (kind, at);
      CREATE TABLE IF NOT EXISTS digests (
        kind TEXT PRIMARY KEY, count INTEGER NOT NULL, first_at INTEGER NOT NULL,
        flush_at INTEGER NOT NULL, sample TEXT NOT NULL);
    `);
    // Keep-alives are answered without waking the object from hibernation.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('{"type":"ping"}', '{"type":"pong"}'));
  }

  /** Writes a notification to the inbox and pushes it to every socket, or folds it into a digest when its kind is over the limit. */
  async publish(input: PublishInput): Promise<PublishResult> {
    this.rememberUser(input.userId);
    const now = Date.now();
    const limit = rateLimitOf(input.kind);
    this.sql.exec("DELETE FROM pushed WHERE at <= ?", now - limit.windowMs);
    const recent = this.sql
      .exec<{ n: number }>("SELECT count(*) AS n FROM pushed WHERE kind = ? AND at > ?", input.kind, now - limit.windowMs)
      .one().n;
    if (recent >= limit.max) {
      await this.addToDigest(input.kind, input.payload, now + limit.windowMs);
      return { delivered: false, id: null };
    }
    this.sql.exec("INSERT INTO pushed (kind, at) VALUES (?, ?)", input.kind, now);
    try {
      const notification = await this.deliver(input.userId, input.kind, input.payload);
      return { delivered: true, id: notification.id };
    } catch (err) {
      // D1 refused the row (say, the user is gone): nothing was pushed, and the caller carries on.
      log.warn("notification_insert_failed", { userId: input.userId, kind: input.kind, error: String(err) });
      return { delivered: false, id: null };
    }
  }

  /** The unread count, from this object's mirror (filled from D1 the first time). */
  async unreadCount(userId: string): Promise<number> {
    this.rememberUser(userId);
    if (this.meta("unread_synced") === null) await this.serial(() => this.syncUnread(userId));
    return this.countUnread();
  }

  /** Records that `ids` were read (the caller already wrote D1) and tells the user's other sockets. */
  async markedRead(userId: string, ids: string[]): Promise<number> {
    this.rememberUser(userId);
    return this.serial(async () => {
      for (const id of ids) this.sql.exec("DELETE FROM unread WHERE id = ?", id);
      const unread = this.countUnread();
      if (ids.length > 0) this.broadcast({ type: "read", ids, unread });
      return unread;
    });
  }

  /** Closes the sockets of one session (logout, "sign out this device"). */
  closeSession(sessionId: string): number {
    const sockets = this.ctx.getWebSockets(sessionTag(sessionId));
    for (const ws of sockets) ws.close(4001, "Session signed out");
    return sockets.length;
  }

  /** Closes every socket except those of `exceptSessionId` (password change, account deletion). */
  closeAll(exceptSessionId: string | null = null): number {
    let closed = 0;
    for (const ws of this.ctx.getWebSockets()) {
      const attachment = ws.deserializeAttachment() as SocketAttachment | null;
      if (exceptSessionId !== null && attachment?.sessionId === exceptSessionId) continue;
      ws.close(4001, "Session signed out");
      closed++;
    }
    return closed;
  }

  /** The Worker forwards an already authenticated upgrade here (see notifications.index.ts). */
  async fetch(request: Request): Promise<Response> {
    const parsed = RoomConnectQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!parsed.success) return new Response("Bad connect request", { status: 400 });
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return new Response("Expected a WebSocket upgrade", { status: 426 });
    }
    const { userId, sessionId, since } = parsed.data;
    this.rememberUser(userId);
    return this.serial(async () => {
      const db = database(this.env.DB);
      const [replay, unread] = await Promise.all([
        since ? notificationsSince(db, userId, since, REPLAY_LIMIT + 1) : Promise.resolve([]),
        unreadIds(db, userId),
      ]);
      this.replaceUnread(unread);
      const { 0: client, 1: server } = new WebSocketPair();
      this.ctx.acceptWebSocket(server, [sessionTag(sessionId)]);
      server.serializeAttachment({ sessionId, connectedAt: nowIso() } satisfies SocketAttachment);
      this.reportSockets();
      const count = this.countUnread();
      const sent = replay.slice(0, REPLAY_LIMIT);
      for (const row of sent) send(server, { type: "notification", notification: toNotification(row), unread: count });
      send(server, { type: "ready", replayed: sent.length, truncated: replay.length > REPLAY_LIMIT, unread: count });
      return new Response(null, { status: 101, webSocket: client });
    });
  }

  async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer) {
    let frame: ClientFrame;
    try {
      const result = ClientFrame.safeParse(typeof message === "string" ? JSON.parse(message) : null);
      if (!result.success) throw new Error(result.error.issues[0]?.message ?? "invalid frame");
      frame = result.data;
    } catch {
      send(ws, { type: "error", detail: 'Send JSON frames: {"type":"ping"} or {"type":"read","ids":[...]}' });
      return;
    }
    if (frame.type === "ping") {
      send(ws, { type: "pong" });
      return;
    }
    const userId = this.meta("user_id");
    if (!userId) return;
    const db = database(this.env.DB);
    const changed: string[] = [];
    for (const id of frame.ids) {
      if (await markRead(db, userId, id)) changed.push(id);
    }
    await this.markedRead(userId, changed);
  }

  async webSocketClose(ws: WebSocket, code: number) {
    // The client closed; finish the closing handshake (1005/1006 cannot be sent back).
    if (code !== 1005 && code !== 1006) ws.close(code, "Bye");
    this.reportSockets();
  }

  /** This room's open sockets, for websocket_connections_open. */
  private reportSockets() {
    const open = this.ctx.getWebSockets().filter((ws) => ws.readyState === WebSocket.OPEN).length;
    reportGauge(this.env, this.ctx, "websocket_connections_open", this.ctx.id.toString(), open);
  }

  async webSocketError(ws: WebSocket, error: unknown) {
    log.warn("notification_socket_error", { error: String(error) });
    ws.close(1011, "Socket error");
    this.reportSockets();
  }

  /**
   * Flushes the digests: one notification per kind that says how many were folded into it.
   * The alarm fires when the oldest window ends; younger ones go out with it rather than
   * waking the object again seconds later.
   */
  async alarm() {
    const userId = this.meta("user_id");
    if (!userId) return;
    const due = this.sql
      .exec<{ kind: string; count: number; first_at: number; sample: string }>(
        "SELECT kind, count, first_at, sample FROM digests ORDER BY first_at",
      )
      .toArray();
    for (const digest of due) {
      await this.deliver(userId, digest.kind as NotificationKind, {
        digest: true,
        count: digest.count,
        since: new Date(digest.first_at).toISOString(),
        sample: JSON.parse(digest.sample),
      });
      this.sql.exec("DELETE FROM digests WHERE kind = ?", digest.kind);
    }
    await this.scheduleNextDigest();
  }

  private async deliver(userId: string, kind: NotificationKind, payload: Record<string, unknown>): Promise<Notification> {
    return this.serial(async () => {
      if (this.meta("unread_synced") === null) await this.syncUnread(userId);
      this.lastId = nextUlid(this.lastId);
      const row = { id: this.lastId, userId, kind, payload, createdAt: nowIso(), readAt: null };
      await insertNotifications(database(this.env.DB), [row]);
      this.sql.exec("INSERT OR IGNORE INTO unread (id) VALUES (?)", row.id);
      const notification = toNotification(row);
      this.broadcast({ type: "notification", notification, unread: this.countUnread() });
      return notification;
    });
  }

  private async addToDigest(kind: NotificationKind, payload: Record<string, unknown>, flushAt: number) {
    const existing = this.sql
      .exec<{ count: number; sample: string }>("SELECT count, sample FROM digests WHERE kind = ?", kind)
      .toArray()[0];
    if (existing) {
      const sample = JSON.parse(existing.sample) as unknown[];
      if (sample.length < DIGEST_SAMPLE) sample.push(payload);
      this.sql.exec("UPDATE digests SET count = count + 1, sample = ? WHERE kind = ?", JSON.stringify(sample), kind);
      return;
    }
    this.sql.exec(
      "INSERT INTO digests (kind, count, first_at, flush_at, sample) VALUES (?, 1, ?, ?, ?)",
      kind,
      Date.now(),
      flushAt,
      JSON.stringify([payload]),
    );
    await this.scheduleNextDigest();
  }

  private async scheduleNextDigest() {
    const next = this.sql.exec<{ at: number | null }>("SELECT min(flush_at) AS at FROM digests").one().at;
    if (next === null) return;
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > next) await this.ctx.storage.setAlarm(next);
  }

  private async syncUnread(userId: string) {
    this.replaceUnread(await unreadIds(database(this.env.DB), userId));
  }

  private replaceUnread(ids: string[]) {
    this.sql.exec("DELETE FROM unread");
    for (const id of ids) this.sql.exec("INSERT OR IGNORE INTO unread (id) VALUES (?)", id);
    this.setMeta("unread_synced", "1");
  }

  private countUnread(): number {
    return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM unread").one().n;
  }

  private broadcast(frame: ServerFrame) {
    const text = JSON.stringify(frame);
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.send(text);
      } catch {
        // A socket that is already closing misses this one; it replays with `since` on reconnect.
      }
    }
  }

  /** Runs `task` after every task queued before it, so D1 writes and their fan-out keep id order. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task, task);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private rememberUser(userId: string) {
    if (this.userId === userId) return;
    if (this.meta("user_id") !== userId) this.setMeta("user_id", userId);
    this.userId = userId;
  }

  private meta(key: string): string | null {
    return this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0]?.value ?? null;
  }

  private setMeta(key: string, value: string) {
    this.sql.exec(
      "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      key,
      value,
    );
  }
}

function send(ws: WebSocket, frame: ServerFrame) {
  ws.send(JSON.stringify(frame));
}
