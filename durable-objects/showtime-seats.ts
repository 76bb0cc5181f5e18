import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import { bestAvailable } from "../workers/cinema/best-available";
import { recoverPaidOrder } from "../workers/cinema/fulfilment";
import { issueOrderReceipt } from "../workers/cinema/orders.flow";
import {
  extendedExpiry,
  HOLD_WARNING_MS,
  MAX_SEATS_PER_HOLD,
  PAYMENT_GRACE_MS,
  payingUntil,
  salesOpen,
  warnsBeforeExpiry,
} from "../workers/cinema/rules";
import { type Seat, seatsOf } from "../workers/cinema/seat-map";
import {
  type Actor,
  type CheckoutResult,
  type HoldRequest,
  type HoldResult,
  type HoldStatus,
  type HoldView,
  holdIdOf,
  type SeatMapView,
  type SeatState,
  type SeatsContract,
  type SeatsFailure,
  type SeatView,
  type ShowtimeConfig,
} from "../workers/cinema/seats.contract";
import type { SeatKind } from "../workers/db/schema";
import { database } from "../workers/lib/db";
import { newId } from "../workers/lib/ids";
import { log } from "../workers/lib/log";
import { countMetric, reportGauge } from "../workers/lib/metrics";
import { notify } from "../workers/notifications/notify";

/** Frames a viewer may send; anything else is answered with an error frame and otherwise ignored. */
const ClientFrame = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ping") }),
  z.object({ type: z.literal("resync") }),
]);

/** The `warned` column of a new or extended hold: 1 (nothing to warn about) when its TTL gets no warning. */
const warnFlag = (ttlMs: number) => (warnsBeforeExpiry(ttlMs) ? 0 : 1);

interface HoldRow extends Record<string, SqlStorageValue> {
  id: string;
  user_id: string;
  seats: string;
  status: HoldStatus;
  created_at: number;
  expires_at: number;
  extended: number;
  warned: number;
  order_id: string | null;
  paying_until: number | null;
}

interface SeatRow extends Record<string, SqlStorageValue> {
  label: string;
  row_name: string;
  number: number;
  col: number;
  row_index: number;
  kind: SeatKind;
  state: SeatState;
  hold_id: string | null;
  order_id: string | null;
}

type Change = { label: string; state: SeatState };

/**
 * One per showtime, the only writer of its seats. Every RPC method runs its checks and its
 * writes synchronously against this object's SQLite, so each call is atomic: two buyers can
 * never both win a seat. Viewers of the live seat map connect here (hibernation API) and get
 * the full map, then an ordered diff after every change.
 */
export class ShowtimeSeats extends DurableObject<Env> implements SeatsContract {
  private readonly sql: SqlStorage;
  /** The alarm time this instance has set, null when none is pending, undefined until it has set one. */
  private alarmAt: number | null | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS seats (
        label TEXT PRIMARY KEY, row_name TEXT NOT NULL, number INTEGER NOT NULL, col INTEGER NOT NULL,
        row_index INTEGER NOT NULL, kind TEXT NOT NULL, state TEXT NOT NULL, hold_id TEXT, order_id TEXT);
      CREATE TABLE IF NOT EXISTS holds (
        id TEXT PRIMARY KEY, user_id TEXT NOT NULL, seats TEXT NOT NULL, status TEXT NOT NULL,
        created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, extended INTEGER NOT NULL DEFAULT 0,
        warned INTEGER NOT NULL DEFAULT 0, order_id TEXT, paying_until INTEGER);
      CREATE INDEX IF NOT EXISTS holds_user_status ON holds (user_id, status);
      CREATE INDEX IF NOT EXISTS holds_status ON holds (status);
    `);
    // Evicted or restarted (a deploy, a crash, a machine move): the holds are in SQLite, but the
    // alarm that ends them must not depend on the runtime having kept it. Before the first call
    // runs, the alarm is set again for the next deadline if none is set or a later one is.
    void ctx.blockConcurrencyWhile(() => this.rearmAlarm());
  }

  /** The earliest deadline among the holds (an expiry, a warning, a payment's grace), or null. */
  private nextDeadline(): number | null {
    return this.sql
      .exec<{ at: number | null }>(
        `SELECT MIN(at) AS at FROM (
           SELECT expires_at AS at FROM holds WHERE status = 'active'
           UNION ALL SELECT expires_at - ? FROM holds WHERE status = 'active' AND warned = 0
           UNION ALL SELECT paying_until FROM holds WHERE status = 'paying')`,
        HOLD_WARNING_MS,
      )
      .one().at;
  }

  private async rearmAlarm() {
    const next = this.nextDeadline();
    const current = await this.ctx.storage.getAlarm();
    // An alarm already past due is not trusted to run: a local runtime restarted on the same state
    // keeps its time but never fires it. Setting it again costs nothing where it would have run.
    if (next === null || (current !== null && current <= next && current > Date.now())) {
      this.alarmAt = current;
      return;
    }
    this.alarmAt = Math.max(next, Date.now() + 1);
    await this.ctx.storage.setAlarm(this.alarmAt);
    if (current === null) log.warn("showtime_seats_alarm_rearmed", { showtimeId: this.showtimeId(), at: this.alarmAt });
  }

  // ---- set-up and reads ----

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

  private ensure(config: ShowtimeConfig) {
    if (this.meta("showtime_id") !== null) {
      // The seat rows are written once; the start time and TTL follow D1 if they ever change.
      if (this.meta("ttl") !== String(config.holdTtlSeconds)) this.setMeta("ttl", String(config.holdTtlSeconds));
      if (this.meta("starts_at") !== String(config.startsAtMs)) this.setMeta("starts_at", String(config.startsAtMs));
      return;
    }
    this.ctx.storage.transactionSync(() => {
      for (const seat of seatsOf(config.layout)) this.insertSeat(seat);
      this.setMeta("showtime_id", config.showtimeId);
      this.setMeta("ttl", String(config.holdTtlSeconds));
      this.setMeta("starts_at", String(config.startsAtMs));
      this.setMeta("seq", "0");
    });
  }

  private insertSeat(seat: Seat) {
    this.sql.exec(
      "INSERT INTO seats (label, row_name, number, col, row_index, kind, state) VALUES (?, ?, ?, ?, ?, ?, ?)",
      seat.label,
      seat.row,
      seat.number,
      seat.column,
      seat.rowIndex,
      seat.kind,
      seat.blocked ? "blocked" : "available",
    );
  }

  private showtimeId() {
    return this.meta("showtime_id") ?? "";
  }

  private seatRows(): SeatRow[] {
    return this.sql.exec<SeatRow>("SELECT * FROM seats ORDER BY row_index, col").toArray();
  }

  private seatView(row: SeatRow): SeatView {
    return { label: row.label, row: row.row_name, number: row.number, column: row.col, kind: row.kind, state: row.state };
  }

  private holdView(row: HoldRow): HoldView {
    return {
      id: row.id,
      showtimeId: this.showtimeId(),
      userId: row.user_id,
      seats: JSON.parse(row.seats) as string[],
      status: row.status,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      extended: row.extended === 1,
      orderId: row.order_id,
    };
  }

  private holdRow(id: string): HoldRow | undefined {
    return this.sql.exec<HoldRow>("SELECT * FROM holds WHERE id = ?", id).toArray()[0];
  }

  /** The hold as `actor` may see it: someone else's hold is absent unless the actor is an admin. */
  private reachableHold(actor: Actor, id: string): HoldRow | undefined {
    const row = this.holdRow(id);
    return row && (row.user_id === actor.userId || actor.role === "admin") ? row : undefined;
  }

  snapshot(config: ShowtimeConfig): SeatMapView {
    this.ensure(config);
    // A hold past its expiry never shows as held, even if its alarm is late.
    this.expireOverdue(Date.now());
    return { seq: Number(this.meta("seq")), seats: this.seatRows().map((r) => this.seatView(r)) };
  }

  getHold(config: ShowtimeConfig, actor: Actor, holdId: string): HoldView | null {
    this.ensure(config);
    this.expireOverdue(Date.now());
    const row = this.reachableHold(actor, holdId);
    return row ? this.holdView(row) : null;
  }

  // ---- holds ----

  /** Holds the asked-for seats (or the best `count`), replacing the caller's previous hold; all or nothing. */
  hold(config: ShowtimeConfig, actor: Actor, request: HoldRequest, now = Date.now()): HoldResult {
    this.ensure(config);
    const closed = this.closedReason(now);
    if (closed) return { ok: false, error: "closed", detail: closed };
    this.expireOverdue(now);
    const previous = this.sql
      .exec<HoldRow>("SELECT * FROM holds WHERE user_id = ? AND status IN ('active', 'paying')", actor.userId)
      .toArray()[0];
    if (previous?.status === "paying") {
      return { ok: false, error: "conflict", detail: "Your current hold is being paid for; wait for the order to finish" };
    }
    const seats = this.seatRows();
    const mine = (s: SeatRow) => previous !== undefined && s.hold_id === previous.id;
    let labels: string[];
    if ("seats" in request) {
      const byLabel = new Map(seats.map((s) => [s.label, s]));
      labels = [...new Set(request.seats.map((l) => l.toUpperCase()))];
      if (labels.length > MAX_SEATS_PER_HOLD) return { ok: false, error: "too_many", max: MAX_SEATS_PER_HOLD };
      const unknown = labels.filter((l) => !byLabel.has(l));
      if (unknown.length) return { ok: false, error: "unknown_seats", seats: unknown };
      const taken = labels.filter((l) => {
        const seat = byLabel.get(l) as SeatRow;
        return !(seat.state === "available" || mine(seat));
      });
      if (taken.length) return { ok: false, error: "unavailable", seats: taken };
    } else {
      if (request.count > MAX_SEATS_PER_HOLD) return { ok: false, error: "too_many", max: MAX_SEATS_PER_HOLD };
      const picked = bestAvailable(
        seats.map((s) => ({
          label: s.label,
          rowIndex: s.row_index,
          column: s.col,
          kind: s.kind,
          free: s.state === "available" || mine(s),
        })),
        request.count,
      );
      if (!picked) return { ok: false, error: "no_block" };
      labels = picked;
    }

    const ttlMs = Number(this.meta("ttl")) * 1000;
    const hold: HoldRow = {
      id: holdIdOf(this.showtimeId(), newId(now)),
      user_id: actor.userId,
      seats: JSON.stringify(labels),
      status: "active",
      created_at: now,
      expires_at: now + ttlMs,
      extended: 0,
      warned: warnFlag(ttlMs),
      order_id: null,
      paying_until: null,
    };
    const changes = this.mutate(() => {
      if (previous) this.endHold(previous, "replaced");
      this.sql.exec(
        "INSERT INTO holds (id, user_id, seats, status, created_at, expires_at, warned) VALUES (?, ?, ?, 'active', ?, ?, ?)",
        hold.id,
        hold.user_id,
        hold.seats,
        hold.created_at,
        hold.expires_at,
        hold.warned,
      );
      for (const label of labels) {
        this.sql.exec("UPDATE seats SET state = 'held', hold_id = ? WHERE label = ?", hold.id, label);
      }
    });
    this.broadcastChanges(changes);
    this.scheduleAlarm();
    countMetric(this.env, this.ctx, "seats_held_total", labels.length);
    return { ok: true, hold: this.holdView(hold) };
  }

  /** One extension per hold, to at most twice the TTL after it was made. */
  extend(config: ShowtimeConfig, actor: Actor, holdId: string, now = Date.now()): HoldResult {
    this.ensure(config);
    const row = this.reachableHold(actor, holdId);
    if (!row) return { ok: false, error: "not_found" };
    const live = this.liveFailure(row, now);
    if (live) return live;
    if (row.status === "paying") return { ok: false, error: "conflict", detail: "This hold is being paid for" };
    if (row.extended) return { ok: false, error: "conflict", detail: "This hold has already been extended once" };
    const ttlMs = Number(this.meta("ttl")) * 1000;
    const expiresAt = extendedExpiry({ createdAt: row.created_at, expiresAt: row.expires_at }, ttlMs, now);
    this.sql.exec("UPDATE holds SET expires_at = ?, extended = 1, warned = ? WHERE id = ?", expiresAt, warnFlag(ttlMs), holdId);
    this.scheduleAlarm();
    return { ok: true, hold: this.holdView({ ...row, expires_at: expiresAt, extended: 1 }) };
  }

  release(config: ShowtimeConfig, actor: Actor, holdId: string, now = Date.now()): { ok: true } | SeatsFailure {
    this.ensure(config);
    const row = this.reachableHold(actor, holdId);
    if (!row) return { ok: false, error: "not_found" };
    const live = this.liveFailure(row, now);
    if (live) return live;
    if (row.status === "paying") return { ok: false, error: "conflict", detail: "This hold is being paid for" };
    this.broadcastChanges(this.mutate(() => this.endHold(row, "released")));
    this.scheduleAlarm();
    return { ok: true };
  }

  // ---- checkout: the order flow's side of the seats ----

  /**
   * Locks the caller's live hold to `orderId` for the length of a payment. Calling it again for
   * the same order (a retry) answers the same; a hold already sold to that order is fine too.
   */
  checkout(config: ShowtimeConfig, actor: Actor, holdId: string, orderId: string, now = Date.now()): CheckoutResult {
    this.ensure(config);
    const row = this.holdRow(holdId);
    if (!row || row.user_id !== actor.userId) return { ok: false, error: "not_found" };
    if (row.order_id === orderId && (row.status === "paying" || row.status === "sold")) return this.checkoutView(row);
    if (row.status === "paying" || row.status === "sold") {
      return { ok: false, error: "conflict", detail: "This hold already belongs to another order" };
    }
    const live = this.liveFailure(row, now);
    if (live) return live;
    const closed = this.closedReason(now);
    if (closed) return { ok: false, error: "closed", detail: closed };
    const until = payingUntil(row.expires_at, now);
    this.sql.exec("UPDATE holds SET status = 'paying', order_id = ?, paying_until = ? WHERE id = ?", orderId, until, holdId);
    this.scheduleAlarm();
    return this.checkoutView({ ...row, status: "paying", order_id: orderId, paying_until: until });
  }

  private checkoutView(row: HoldRow): CheckoutResult {
    const labels = JSON.parse(row.seats) as string[];
    const kinds = new Map(
      this.sql
        .exec<{ label: string; kind: SeatKind }>(
          `SELECT label, kind FROM seats WHERE label IN (${labels.map(() => "?").join(",")})`,
          ...labels,
        )
        .toArray()
        .map((s) => [s.label, s.kind]),
    );
    return {
      ok: true,
      hold: this.holdView(row),
      seats: labels.map((label) => ({ label, kind: kinds.get(label) ?? "standard" })),
    };
  }

  /** The payment failed: the hold goes back to being an ordinary hold until it expires. */
  abandonCheckout(holdId: string, orderId: string, now = Date.now()) {
    const row = this.holdRow(holdId);
    if (row?.status !== "paying" || row.order_id !== orderId) return;
    if (row.expires_at <= now) {
      this.broadcastChanges(this.mutate(() => this.endHold(row, "expired")));
    } else {
      this.sql.exec("UPDATE holds SET status = 'active', order_id = NULL, paying_until = NULL WHERE id = ?", holdId);
    }
    this.scheduleAlarm();
  }

  /** Paid: the hold's seats become sold to `orderId`. False when the hold was lost (e.g. the showtime was cancelled). */
  commit(holdId: string, orderId: string): { ok: boolean } {
    const row = this.holdRow(holdId);
    if (!row || row.order_id !== orderId) return { ok: false };
    if (row.status === "sold") return { ok: true };
    if (row.status !== "paying") return { ok: false };
    this.broadcastChanges(this.sell(row));
    this.scheduleAlarm();
    return { ok: true };
  }

  private sell(row: HoldRow): Change[] {
    return this.mutate(() => {
      this.sql.exec("UPDATE holds SET status = 'sold', paying_until = NULL WHERE id = ?", row.id);
      this.sql.exec("UPDATE seats SET state = 'sold', order_id = ?, hold_id = NULL WHERE hold_id = ?", row.order_id, row.id);
      countMetric(this.env, this.ctx, "seats_sold_total", (JSON.parse(row.seats) as string[]).length);
    });
  }

  /** A refunded order's seats go back on sale. Idempotent. */
  releaseOrder(orderId: string): { released: string[] } {
    const sold = this.sql
      .exec<{ label: string }>("SELECT label FROM seats WHERE order_id = ? AND state = 'sold'", orderId)
      .toArray()
      .map((s) => s.label);
    if (sold.length === 0) return { released: [] };
    const cancelled = this.meta("cancelled") !== null;
    // After a cancellation nothing goes back on sale; the seats are simply no longer sold.
    this.broadcastChanges(
      this.mutate(() =>
        this.sql.exec(
          "UPDATE seats SET state = ?, order_id = NULL WHERE order_id = ? AND state = 'sold'",
          cancelled ? "blocked" : "available",
          orderId,
        ),
      ),
    );
    return { released: sold };
  }

  /** The showtime is off: every hold ends, no new ones are taken, viewers are told. */
  cancel(config: ShowtimeConfig) {
    this.ensure(config);
    if (this.meta("cancelled") !== null) return;
    const holds = this.sql.exec<HoldRow>("SELECT * FROM holds WHERE status IN ('active', 'paying')").toArray();
    const changes = this.mutate(() => {
      this.setMeta("cancelled", String(Date.now()));
      for (const hold of holds) this.endHold(hold, "cancelled");
      this.sql.exec("UPDATE seats SET state = 'blocked' WHERE state = 'available'");
    });
    this.broadcastChanges(changes);
    this.broadcast({ type: "cancelled", seq: Number(this.meta("seq")) });
  }

  // ---- expiry ----

  private closedReason(now: number): string | null {
    if (this.meta("cancelled") !== null) return "This showtime has been cancelled";
    if (!salesOpen(Number(this.meta("starts_at")), now)) return "This showtime has already started";
    return null;
  }

  private liveFailure(row: HoldRow, now: number): SeatsFailure | null {
    if (row.status === "active" && row.expires_at <= now) return { ok: false, error: "expired" };
    if (row.status === "expired") return { ok: false, error: "expired" };
    if (row.status !== "active" && row.status !== "paying")
      return { ok: false, error: "conflict", detail: `This hold is ${row.status}` };
    return null;
  }

  private endHold(row: HoldRow, status: HoldStatus) {
    this.sql.exec("UPDATE holds SET status = ?, paying_until = NULL WHERE id = ?", status, row.id);
    this.sql.exec("UPDATE seats SET state = 'available', hold_id = NULL WHERE hold_id = ?", row.id);
  }

  /**
   * Keeps the alarm no later than the next deadline (an expiry, a warning, a payment's grace). It
   * only ever moves the alarm earlier: an alarm that fires before anything is due just re-arms
   * itself. So most changes (a hold replacing another, a release, a sale) leave the alarm alone,
   * and their commit is not followed by the alarm scheduler's own write, which runs before the
   * change's frames leave and so would delay every viewer.
   */
  private scheduleAlarm() {
    const next = this.nextDeadline();
    if (next === null) return;
    const at = Math.max(next, Date.now() + 1);
    if (this.alarmAt != null && this.alarmAt <= at) return;
    this.alarmAt = at;
    void this.ctx.storage.setAlarm(at);
  }

  /** Ends holds whose time is up, even if their alarm has not run yet, so a lapsed hold never blocks a seat. */
  private expireOverdue(now: number) {
    const expired = this.sql.exec<HoldRow>("SELECT * FROM holds WHERE status = 'active' AND expires_at <= ?", now).toArray();
    if (expired.length === 0) return;
    this.broadcastChanges(
      this.mutate(() => {
        for (const hold of expired) this.endHold(hold, "expired");
      }),
    );
  }

  async alarm() {
    // The alarm that woke us is spent; whatever is due next is scheduled afresh below.
    this.alarmAt = null;
    const now = Date.now();
    this.expireOverdue(now);

    const expiring = this.sql
      .exec<HoldRow>("SELECT * FROM holds WHERE status = 'active' AND warned = 0 AND expires_at - ? <= ?", HOLD_WARNING_MS, now)
      .toArray();
    for (const hold of expiring) this.sql.exec("UPDATE holds SET warned = 1 WHERE id = ?", hold.id);
    const stuck = this.sql.exec<HoldRow>("SELECT * FROM holds WHERE status = 'paying' AND paying_until <= ?", now).toArray();
    this.scheduleAlarm();

    for (const hold of expiring) {
      await notify(this.env, this.ctx, hold.user_id, "hold_expiring", {
        showtimeId: this.showtimeId(),
        holdId: hold.id,
        seats: JSON.parse(hold.seats),
        expiresAt: new Date(hold.expires_at).toISOString(),
      });
    }
    for (const hold of stuck) await this.settleStuckPayment(hold);
  }

  /**
   * A hold stayed "paying" past its grace: the Worker that was charging died. D1 says how the
   * payment ended. Paid means the seats are the buyer's, so finish the order here; failed or
   * never charged means the hold lapses; still unknown means ask again a little later.
   */
  private async settleStuckPayment(hold: HoldRow) {
    const orderId = hold.order_id as string;
    let outcome: "paid" | "unpaid" | "unknown";
    try {
      outcome = await recoverPaidOrder(database(this.env.DB), orderId, () => {
        const current = this.holdRow(hold.id);
        if (current?.status !== "paying" || current.order_id !== orderId) return false;
        this.broadcastChanges(this.sell(current));
        return true;
      });
    } catch (err) {
      log.error("showtime_seats_recovery_failed", { holdId: hold.id, orderId, error: String(err) });
      outcome = "unknown";
    }
    if (outcome === "paid") {
      // The request that charged died before the receipt: issue the invoice and the points here.
      await issueOrderReceipt(this.env, this.ctx, database(this.env.DB), orderId).catch((err) =>
        log.error("showtime_seats_receipt_failed", { orderId, error: String(err) }),
      );
    }
    const current = this.holdRow(hold.id);
    if (current?.status === "paying" && current.order_id === orderId) {
      if (outcome === "unpaid") this.abandonCheckout(hold.id, orderId);
      else this.sql.exec("UPDATE holds SET paying_until = ? WHERE id = ?", Date.now() + PAYMENT_GRACE_MS, hold.id);
    }
    this.scheduleAlarm();
  }

  // ---- changes and the live seat map ----

  /** Runs `write` in one transaction and returns the seats whose state it changed, bumping the sequence once. */
  private mutate(write: () => void): Change[] {
    return this.ctx.storage.transactionSync(() => {
      const before = new Map(this.seatRows().map((s) => [s.label, s.state]));
      write();
      const changes = this.seatRows()
        .filter((s) => before.get(s.label) !== s.state)
        .map((s) => ({ label: s.label, state: s.state }));
      if (changes.length) this.setMeta("seq", String(Number(this.meta("seq")) + 1));
      return changes;
    });
  }

  private broadcastChanges(changes: Change[]) {
    if (changes.length) this.broadcast({ type: "seats", seq: Number(this.meta("seq")), changes });
  }

  /**
   * Sends one frame to every viewer: serialized once, the same string to each socket, no tags or
   * attachments read and nothing awaited between sends, so all viewers get frames in one order.
   * The runtime's output gate holds each frame until the write that produced it is durable.
   */
  private broadcast(message: unknown) {
    const frame = JSON.stringify(message);
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.send(frame);
      } catch {
        // A socket that is closing is dropped by the runtime; the others still get the frame.
      }
    }
  }

  /** Upgrades a viewer of the live seat map; the Worker has already checked the showtime exists and called `snapshot`. */
  async fetch(request: Request): Promise<Response> {
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return new Response("Expected a WebSocket upgrade", { status: 426 });
    }
    const pair = new WebSocketPair();
    const [client, server] = Object.values(pair);
    this.ctx.acceptWebSocket(server);
    server.send(JSON.stringify(this.snapshotFrame()));
    this.reportSockets();
    return new Response(null, { status: 101, webSocket: client });
  }

  private snapshotFrame() {
    return { type: "snapshot", seq: Number(this.meta("seq")), seats: this.seatRows().map((r) => this.seatView(r)) };
  }

  async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer) {
    let frame: z.infer<typeof ClientFrame>;
    try {
      const text = typeof message === "string" ? message : new TextDecoder().decode(message);
      frame = ClientFrame.parse(JSON.parse(text));
    } catch {
      ws.send(JSON.stringify({ type: "error", detail: 'Send {"type":"ping"} or {"type":"resync"}' }));
      return;
    }
    if (frame.type === "ping") ws.send(JSON.stringify({ type: "pong", seq: Number(this.meta("seq")) }));
    else ws.send(JSON.stringify(this.snapshotFrame()));
  }

  async webSocketClose(ws: WebSocket, code: number) {
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, "bye");
    } catch {
      // already closed
    }
    this.reportSockets();
  }

  /** This seat map's open sockets, for websocket_connections_open. */
  private reportSockets() {
    const open = this.ctx.getWebSockets().filter((ws) => ws.readyState === WebSocket.OPEN).length;
    reportGauge(this.env, this.ctx, "websocket_connections_open", this.ctx.id.toString(), open);
  }
}
