import { useEffect, useRef, useState } from "react";
import { currentSession } from "../api/session";

export interface PushedNotification {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
}

type Frame = { type: "notification"; notification: PushedNotification } | { type: "ready" } | { type: string };

const PING_MS = 30_000;

/**
 * The person's notification WebSocket while `enabled`: calls `onReady` once it is live (so the
 * caller can catch up on what happened before) and `onNotification` for each pushed one. Answers
 * whether the socket is live; when it is not, the caller polls instead.
 */
export function useNotificationSocket(
  enabled: boolean,
  onNotification: (notification: PushedNotification) => void,
  onReady: () => void,
): boolean {
  const [live, setLive] = useState(false);
  const handlers = useRef({ onNotification, onReady });
  handlers.current = { onNotification, onReady };

  useEffect(() => {
    const token = currentSession()?.accessToken;
    if (!enabled || !token) return;
    const url = new URL(`/api/notifications/ws?token=${encodeURIComponent(token)}`, window.location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    const socket = new WebSocket(url);
    socket.onmessage = (event) => {
      let frame: Frame;
      try {
        frame = JSON.parse(String(event.data)) as Frame;
      } catch {
        return;
      }
      if (frame.type === "ready") {
        setLive(true);
        handlers.current.onReady();
      } else if (frame.type === "notification" && "notification" in frame) handlers.current.onNotification(frame.notification);
    };
    socket.onclose = () => setLive(false);
    const ping = window.setInterval(() => {
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: "ping" }));
    }, PING_MS);
    return () => {
      window.clearInterval(ping);
      setLive(false);
      socket.onmessage = null;
      socket.onclose = null;
      // Closing while still connecting makes the browser log an error; close once it opens instead.
      if (socket.readyState === WebSocket.CONNECTING) socket.onopen = () => socket.close();
      else socket.close();
    };
  }, [enabled]);

  return live;
}
