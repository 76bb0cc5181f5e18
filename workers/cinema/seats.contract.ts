import type { Role, SeatKind, TheaterLayout } from "../db/schema";

/**
 * The contract of the ShowtimeSeats Durable Object (durable-objects/showtime-seats.ts), one per
 * showtime and the only writer of its seats: the RPC methods the box office calls and the types
 * they take and return. The class implements it; the domain reaches the object only through
 * `showtimeSeats(env, id)` (seats.ts), a stub typed by this interface.
 */
export interface SeatsContract extends Rpc.DurableObjectBranded {
  /** The seat map and its sequence number (live diffs follow that number). */
  snapshot(config: ShowtimeConfig): SeatMapView;
  /** The hold as `actor` may see it: someone else's is null unless the actor is an admin. */
  getHold(config: ShowtimeConfig, actor: Actor, holdId: string): HoldView | null;
  /** Holds the named seats (or the best `count`), replacing the caller's previous hold; all or nothing. */
  hold(config: ShowtimeConfig, actor: Actor, request: HoldRequest): HoldResult;
  /** Extends a live hold once (see `extendedExpiry` in rules.ts). */
  extend(config: ShowtimeConfig, actor: Actor, holdId: string): HoldResult;
  release(config: ShowtimeConfig, actor: Actor, holdId: string): { ok: true } | SeatsFailure;
  /** Locks the caller's live hold to `orderId` while it is paid for; a retry for the same order answers the same. */
  checkout(config: ShowtimeConfig, actor: Actor, holdId: string, orderId: string): CheckoutResult;
  /** The payment failed: the hold goes back to being an ordinary hold until it expires. */
  abandonCheckout(holdId: string, orderId: string): void;
  /** Paid: the hold's seats become sold to `orderId`; false when the hold was lost meanwhile. */
  commit(holdId: string, orderId: string): { ok: boolean };
  /** A refunded order's seats go back on sale (or stay blocked after a cancellation). Idempotent. */
  releaseOrder(orderId: string): { released: string[] };
  /** The showtime is off: every hold ends, nothing is held again, live viewers are told. */
  cancel(config: ShowtimeConfig): void;
  /** The live seat map's WebSocket upgrade; call `snapshot` first so the object is set up. */
  fetch(request: Request): Promise<Response>;
}

/** A hold id starts with its showtime's id, so a caller holding only the hold id can find the right object. */
export const holdIdOf = (showtimeId: string, unique: string) => `${showtimeId}.${unique}`;

/** The showtime a hold id belongs to, or null when the id is not one `holdIdOf` makes. */
export function showtimeOfHold(holdId: string): string | null {
  const [showtimeId, rest] = holdId.split(".");
  return showtimeId && rest ? showtimeId : null;
}

export type SeatState = "available" | "held" | "sold" | "blocked";
export type HoldStatus = "active" | "paying" | "sold" | "released" | "replaced" | "expired" | "cancelled";

/** What the Worker knows about the showtime from D1; every call carries it, so the object sets itself up on first use. */
export interface ShowtimeConfig {
  showtimeId: string;
  layout: TheaterLayout;
  holdTtlSeconds: number;
  startsAtMs: number;
}

export interface Actor {
  userId: string;
  role: Role;
}

export interface SeatView {
  label: string;
  row: string;
  number: number;
  column: number;
  kind: SeatKind;
  state: SeatState;
}

export interface SeatMapView {
  seq: number;
  seats: SeatView[];
}

export interface HoldView {
  id: string;
  showtimeId: string;
  userId: string;
  seats: string[];
  status: HoldStatus;
  createdAt: number;
  expiresAt: number;
  extended: boolean;
  orderId: string | null;
}

export type SeatsFailure =
  | { ok: false; error: "not_found" }
  | { ok: false; error: "closed"; detail: string }
  | { ok: false; error: "unavailable"; seats: string[] }
  | { ok: false; error: "unknown_seats"; seats: string[] }
  | { ok: false; error: "too_many"; max: number }
  | { ok: false; error: "no_block" }
  | { ok: false; error: "expired" }
  | { ok: false; error: "conflict"; detail: string };

export type HoldResult = { ok: true; hold: HoldView } | SeatsFailure;
export type CheckoutResult = { ok: true; hold: HoldView; seats: { label: string; kind: SeatKind }[] } | SeatsFailure;

export type HoldRequest = { seats: string[] } | { count: number };
