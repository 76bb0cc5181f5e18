import { useEffect, useRef } from "react";
import { api } from "../api/client";

/**
 * Keeps a subscription title's stream slot while the player is open: a heartbeat every
 * `heartbeatSeconds`, and the slot handed back when the player closes or the page goes away
 * (`pagehide`, with `keepalive` so the request outlives the page). A heartbeat answered 404 means
 * the slot lapsed (the tab slept, say): `onLapsed` asks for a new playback.
 */
export function useStreamSlot(playbackId: string | null, heartbeatSeconds: number | null, onLapsed: () => void) {
  const lapsed = useRef(onLapsed);
  useEffect(() => {
    lapsed.current = onLapsed;
  });

  useEffect(() => {
    if (!playbackId || !heartbeatSeconds) return;
    const param = { id: playbackId };
    let released = false;
    const beat = async () => {
      const res = await api.playbacks[":id"].heartbeat.$post({ param }).catch(() => null);
      // A lost heartbeat is made up by the next one; the slot survives two. A page back from the
      // back-forward cache handed its slot back on pagehide, and takes one again the same way.
      if (res?.status === 404) {
        released = false;
        lapsed.current();
      }
    };
    const release = () => {
      if (released) return;
      released = true;
      void api.playbacks[":id"].$delete({ param }, { init: { keepalive: true } }).catch(() => null);
    };
    const timer = setInterval(beat, heartbeatSeconds * 1000);
    window.addEventListener("pagehide", release);
    return () => {
      clearInterval(timer);
      window.removeEventListener("pagehide", release);
      release();
    };
  }, [playbackId, heartbeatSeconds]);
}
