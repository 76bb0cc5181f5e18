import { type RefObject, useEffect, useState } from "react";

export interface VideoState {
  paused: boolean;
  ended: boolean;
  /** Still loading, or playing was asked for and there is not enough data yet. */
  buffering: boolean;
  time: number;
  duration: number;
  volume: number;
  muted: boolean;
}

const initial: VideoState = { paused: true, ended: false, buffering: true, time: 0, duration: 0, volume: 1, muted: false };
const EVENTS = [
  "play",
  "pause",
  "playing",
  "waiting",
  "canplay",
  "timeupdate",
  "durationchange",
  "loadedmetadata",
  "volumechange",
  "seeking",
  "seeked",
  "ended",
  "emptied",
] as const;

/** The video element's state as React state, kept current by the element's own events. */
export function useVideoState(video: RefObject<HTMLVideoElement | null>): VideoState {
  const [state, setState] = useState(initial);
  useEffect(() => {
    const element = video.current;
    if (!element) return;
    const update = () =>
      setState({
        paused: element.paused,
        ended: element.ended,
        buffering:
          element.readyState < HTMLMediaElement.HAVE_FUTURE_DATA &&
          (!element.paused || element.readyState < HTMLMediaElement.HAVE_METADATA),
        time: element.currentTime,
        duration: Number.isFinite(element.duration) ? element.duration : 0,
        volume: element.volume,
        muted: element.muted,
      });
    for (const event of EVENTS) element.addEventListener(event, update);
    update();
    return () => {
      for (const event of EVENTS) element.removeEventListener(event, update);
    };
  }, [video]);
  return state;
}

/** Whether `element` is the page's fullscreen element, kept current. */
export function useFullscreen(element: RefObject<HTMLElement | null>) {
  const [on, setOn] = useState(false);
  useEffect(() => {
    const update = () => setOn(document.fullscreenElement !== null && document.fullscreenElement === element.current);
    document.addEventListener("fullscreenchange", update);
    return () => document.removeEventListener("fullscreenchange", update);
  }, [element]);
  const toggle = () => {
    // Refused without a gesture or where fullscreen is not allowed (an iframe): the window stays as it is.
    if (document.fullscreenElement) document.exitFullscreen().catch(() => undefined);
    else element.current?.requestFullscreen?.().catch(() => undefined);
  };
  return { on, toggle, available: document.fullscreenEnabled };
}
