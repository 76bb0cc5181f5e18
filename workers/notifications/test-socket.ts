import { SELF } from "cloudflare:test";
import { expect } from "vitest";
import type { ServerFrame } from "./notifications.schemas";

export interface TestSocket {
  ws: WebSocket;
  frames: ServerFrame[];
  /** Resolves with the first frame (already received or still to come) that matches, counting from `from`. */
  next(match: (frame: ServerFrame) => boolean, from?: number): Promise<ServerFrame>;
  closed: Promise<{ code: number; reason: string }>;
}

/** Opens a notification socket through the Worker, the way a browser would. */
export async function openSocket(token: string, since?: string): Promise<TestSocket> {
  const query = new URLSearchParams({ token, ...(since ? { since } : {}) });
  const res = await SELF.fetch(`https://marquee.test/api/notifications/ws?${query}`, { headers: { upgrade: "websocket" } });
  expect(res.status).toBe(101);
  const ws = res.webSocket;
  if (!ws) throw new Error("no WebSocket on a 101 response");
  const frames: ServerFrame[] = [];
  const waiters = new Set<() => void>();
  ws.addEventListener("message", (event) => {
    frames.push(JSON.parse(String(event.data)));
    for (const wake of waiters) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.addEventListener("close", (event) => resolve({ code: event.code, reason: event.reason }));
  });
  ws.accept();
  const next = (match: (frame: ServerFrame) => boolean, from = 0) =>
    new Promise<ServerFrame>((resolve) => {
      const check = () => {
        const found = frames.slice(from).find(match);
        if (found) {
          waiters.delete(check);
          resolve(found);
        }
      };
      waiters.add(check);
      check();
    });
  await next((f) => f.type === "ready");
  return { ws, frames, next, closed };
}

export const notificationsOf = (socket: TestSocket) =>
  socket.frames.flatMap((f) => (f.type === "notification" ? [f.notification] : []));
