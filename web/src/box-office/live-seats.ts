import { useEffect, useState } from "react";
import type { api } from "../api/client";
import type { OkBody } from "../api/problem";
import { backoffDelay, closeSocket, socketUrl } from "../api/socket";

/** One seat of the live map: the API's seat map entry (the socket's snapshot sends the same shape). */
export type Seat = OkBody<Awaited<ReturnType<(typeof api.showtimes)[":id"]["seats"]["$get"]>>>["seats"][number];
export type SeatKind = Seat["kind"];
export type SeatState = Seat["state"];

export interface LiveSeats {
  /** Every seat by label; null until the first snapshot arrived. */
  seats: ReadonlyMap<string, Seat> | null;
  seq: number;
  /** "reconnecting" once a socket that was open dropped (or never opened) and another is on its way. */
  connection: "connecting" | "live" | "reconnecting";
  cancelled: boolean;
}

type Change = { label: string; state: SeatState };
type Frame =
  | { type: "snapshot"; seq: number; seats: Seat[] }
  | { type: "seats"; seq: number; changes: Change[] }
  | { type: "cancelled" }
  | { type: "pong" | "error" };

// Records over the API's own unions: a kind or state the API adds fails the type check here.
const KINDS = new Set(Object.keys({ standard: 1, premium: 1, wheelchair: 1, companion: 1 } satisfies Record<SeatKind, 1>));
const STATES = new Set(Object.keys({ available: 1, held: 1, sold: 1, blocked: 1 } satisfies Record<SeatState, 1>));
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;
const isSeat = (s: unknown): s is Seat =>
  isObject(s) &&
  typeof s.label === "string" &&
  typeof s.row === "string" &&
  typeof s.number === "number" &&
  typeof s.column === "number" &&
  KINDS.has(s.kind as string) &&
  STATES.has(s.state as string);
const isChange = (c: unknown): c is Change => isObject(c) && typeof c.label === "string" && STATES.has(c.state as string);

/** A frame off the socket, checked field by field before it is trusted; null for anything else. */
export function parseFrame(data: unknown): Frame | null {
  let frame: unknown;
  try {
    frame = JSON.parse(String(data));
  } catch {
    return null;
  }
  if (!isObject(frame)) return null;
  switch (frame.type) {
    case "snapshot":
      return typeof frame.seq === "number" && Array.isArray(frame.seats) && frame.seats.every(isSeat)
        ? { type: "snapshot", seq: frame.seq, seats: frame.seats }
        : null;
    case "seats":
      return typeof frame.seq === "number" && Array.isArray(frame.changes) && frame.changes.every(isChange)
        ? { type: "seats", seq: frame.seq, changes: frame.changes }
        : null;
    case "cancelled":
    case "pong":
    case "error":
      return { type: frame.type };
    default:
      return null;
  }
}

const PING_MS = 25_000;
const MAX_DELAY_MS = 10_000;

/**
 * Follows a showtime's live seat map (`GET /api/showtimes/{id}/live`) until the returned stop is
 * called. Frames are applied in `seq` order: an old one is ignored, one that arrives ahead of a
 * gap waits while a `resync` fetches a fresh snapshot, and the frames after that snapshot are
 * then applied. A dropped socket reconnects with backoff (0.5 s doubling to 10 s, with jitter);
 * each new socket starts with a snapshot, so nothing missed meanwhile stays missed.
 */
export function followSeats(showtimeId: string, onChange: (state: LiveSeats) => void): () => void {
  let stopped = false;
  let socket: WebSocket | null = null;
  let failures = 0;
  let retryTimer: number | undefined;
  let pingTimer: number | undefined;
  let seats: Map<string, Seat> | null = null;
  let seq = 0;
  let connection: LiveSeats["connection"] = "connecting";
  let cancelled = false;
  let resyncing = false;
  /** Frames that arrived ahead of a gap, by seq, until the snapshot or the missing frames arrive. */
  const early = new Map<number, Change[]>();

  const publish = () => onChange({ seats, seq, connection, cancelled });

  const drain = () => {
    if (!seats) return;
    for (let next = early.get(seq + 1); next; next = early.get(seq + 1)) {
      early.delete(seq + 1);
      seq++;
      for (const change of next) {
        const seat = seats.get(change.label);
        if (seat) seats.set(change.label, { ...seat, state: change.state });
      }
    }
    for (const key of early.keys()) if (key <= seq) early.delete(key);
    seats = new Map(seats);
  };

  const onFrame = (ws: WebSocket, frame: Frame) => {
    if (frame.type === "snapshot") {
      seats = new Map(frame.seats.map((seat) => [seat.label, seat]));
      seq = frame.seq;
      resyncing = false;
      failures = 0;
      connection = "live";
      drain();
    } else if (frame.type === "seats") {
      if (frame.seq <= seq && seats) return;
      early.set(frame.seq, frame.changes);
      drain();
      if (seats && early.size > 0 && !resyncing) {
        resyncing = true;
        ws.send(JSON.stringify({ type: "resync" }));
      }
    } else if (frame.type === "cancelled") {
      cancelled = true;
    } else {
      return;
    }
    publish();
  };

  const retry = () => {
    const delay = backoffDelay(failures, 500, MAX_DELAY_MS);
    failures++;
    retryTimer = window.setTimeout(connect, delay);
  };

  function connect() {
    if (stopped) return;
    const ws = new WebSocket(socketUrl(`/api/showtimes/${encodeURIComponent(showtimeId)}/live`));
    socket = ws;
    ws.onopen = () => {
      pingTimer = window.setInterval(() => ws.send(JSON.stringify({ type: "ping" })), PING_MS);
    };
    ws.onmessage = (event) => {
      const frame = parseFrame(event.data);
      if (frame) onFrame(ws, frame);
    };
    ws.onclose = () => {
      window.clearInterval(pingTimer);
      socket = null;
      resyncing = false;
      if (stopped) return;
      connection = "reconnecting";
      publish();
      retry();
    };
  }

  connect();
  return () => {
    stopped = true;
    window.clearTimeout(retryTimer);
    window.clearInterval(pingTimer);
    if (socket) closeSocket(socket);
  };
}

/** The live seat map of a showtime (null id: not yet, e.g. while the showtime itself loads). */
export function useLiveSeats(showtimeId: string | null): LiveSeats {
  const [state, setState] = useState<LiveSeats>({ seats: null, seq: 0, connection: "connecting", cancelled: false });
  useEffect(() => {
    if (!showtimeId) return;
    setState({ seats: null, seq: 0, connection: "connecting", cancelled: false });
    return followSeats(showtimeId, setState);
  }, [showtimeId]);
  return state;
}
