import { useEffect, useRef, useSyncExternalStore } from "react";
import { onSocketFrame, onSocketLiveChange, type PushedNotification, socketIsLive } from "../account/notification-socket";

export type { PushedNotification };

/**
 * The person's notification socket (the one the bell keeps open) while `enabled`: `onReady` runs
 * when it is live (at once if it already is, and after each reconnection, so the caller can catch
 * up) and `onNotification` for each pushed one. Answers whether it is live; when it is not, the
 * caller polls instead.
 */
export function useNotificationSocket(
  enabled: boolean,
  onNotification: (notification: PushedNotification) => void,
  onReady: () => void,
): boolean {
  const live = useSyncExternalStore(onSocketLiveChange, socketIsLive);
  const handlers = useRef({ onNotification, onReady });
  handlers.current = { onNotification, onReady };

  useEffect(() => {
    if (!enabled) return;
    if (socketIsLive()) handlers.current.onReady();
    return onSocketFrame((frame) => {
      if (frame.type === "ready") handlers.current.onReady();
      else if (frame.type === "notification") handlers.current.onNotification(frame.notification);
    });
  }, [enabled]);

  return enabled && live;
}
