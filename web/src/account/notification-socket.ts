import { currentSession } from "../api/session";
import { backoffDelay, closeSocket, socketUrl } from "../api/socket";

export interface PushedNotification {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

/** What the server sends on the notification socket (GET /api/notifications/ws). */
export type ServerFrame =
  | { type: "notification"; notification: PushedNotification; unread: number }
  | { type: "ready"; replayed: number; truncated: boolean; unread: number }
  | { type: "read"; ids: string[]; unread: number }
  | { type: "error"; detail: string }
  | { type: "pong" };

type FrameListener = (frame: ServerFrame) => void;
const frameListeners = new Set<FrameListener>();
const liveListeners = new Set<() => void>();
let live = false;
const setLive = (next: boolean) => {
  if (live === next) return;
  live = next;
  for (const listener of liveListeners) listener();
};

/** Whether the notification socket is open and caught up (its "ready" frame arrived). */
export const socketIsLive = () => live;
export function onSocketLiveChange(listener: () => void) {
  liveListeners.add(listener);
  return () => {
    liveListeners.delete(listener);
  };
}
/** Hears every frame of the one notification socket the app keeps open (pages never open their own). */
export function onSocketFrame(listener: FrameListener) {
  frameListeners.add(listener);
  return () => {
    frameListeners.delete(listener);
  };
}

/** The server closes a signed-out session's sockets with this code: reconnecting is pointless. */
const SIGNED_OUT = 4001;
const PING_MS = 30_000;
const MAX_DELAY_MS = 30_000;

function parse(data: unknown): ServerFrame | null {
  try {
    const frame = JSON.parse(String(data)) as ServerFrame;
    return typeof frame?.type === "string" ? frame : null;
  } catch {
    return null;
  }
}

/**
 * Keeps the signed-in person's notification socket open until `stop` is called: reconnects after a
 * drop with exponential backoff (1 s doubling to 30 s, with jitter), resuming with `since` = the
 * last notification seen so nothing pushed meanwhile is missed. Before each connection `prepare`
 * runs an ordinary API call, which also refreshes an expired access token (a socket cannot).
 * @returns stop
 */
export function openNotificationSocket(handlers: {
  prepare: () => Promise<unknown>;
  onFrame: (frame: ServerFrame) => void;
}): () => void {
  let stopped = false;
  let socket: WebSocket | null = null;
  let failures = 0;
  let lastId: string | undefined;
  let retryTimer: number | undefined;
  let pingTimer: number | undefined;

  const retry = () => {
    const delay = backoffDelay(failures, 1000, MAX_DELAY_MS);
    failures++;
    retryTimer = window.setTimeout(connect, delay);
  };

  async function connect() {
    if (stopped) return;
    try {
      await handlers.prepare();
    } catch {
      if (!stopped) retry();
      return;
    }
    const token = currentSession()?.accessToken;
    if (stopped || !token) return;
    const ws = new WebSocket(socketUrl("/api/notifications/ws", { token, since: lastId }));
    socket = ws;
    ws.onopen = () => {
      pingTimer = window.setInterval(() => ws.send(JSON.stringify({ type: "ping" })), PING_MS);
    };
    ws.onmessage = (event) => {
      const frame = parse(event.data);
      if (!frame) return;
      if (frame.type === "ready") {
        failures = 0;
        setLive(true);
      }
      if (frame.type === "notification") lastId = frame.notification.id;
      handlers.onFrame(frame);
      for (const listener of frameListeners) listener(frame);
    };
    ws.onclose = (event) => {
      window.clearInterval(pingTimer);
      socket = null;
      setLive(false);
      if (!stopped && event.code !== SIGNED_OUT) retry();
    };
  }

  void connect();
  return () => {
    stopped = true;
    setLive(false);
    window.clearTimeout(retryTimer);
    window.clearInterval(pingTimer);
    if (socket) closeSocket(socket);
  };
}
