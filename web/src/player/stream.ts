import type HlsType from "hls.js";
import { type RefObject, useEffect, useRef, useState } from "react";

export const HLS_TYPE = "application/vnd.apple.mpegurl";

/** One step of the rendition ladder, as the quality menu lists it. */
export interface Rendition {
  index: number;
  label: string;
}

export interface StreamSource {
  url: string;
  type: string;
}

interface Handlers {
  /** The signed URL stopped working (401/403): the player asks for a fresh one, from `position`. */
  onExpired(position: number): void;
  /** Media arrived after (re)loading: an earlier expiry is over. */
  onHealthy(): void;
  /** Nothing more can be done with this source; it stopped at `position`. */
  onFailed(message: string, position: number): void;
}

export interface Stream {
  /** Empty unless hls.js plays the stream (the browser's own HLS keeps its ladder to itself). */
  renditions: Rendition[];
  /** The chosen rendition, -1 for automatic. */
  chosen: number;
  /** What plays now (the automatic choice included), -1 before the first is known. */
  playing: number;
  choose(index: number): void;
}

const hasMediaSource = () => "MediaSource" in window || "ManagedMediaSource" in window;

const labelOf = (level: { height: number; bitrate: number }, index: number) =>
  level.height ? `${level.height}p · ${(level.bitrate / 1_000_000).toFixed(1)} Mbps` : `Level ${index + 1}`;

/**
 * Plays `source` in the video from `startAt`: hls.js (imported here, so only the player's chunk
 * carries it) where Media Source Extensions exist, the browser's own HLS otherwise (Safari on
 * iOS), and MP4/MP3 as they are. A 401/403 on the playlist or a segment means the signed URL
 * expired; it is reported at once instead of letting hls.js try every rendition with the same token.
 */
export function useStream(
  video: RefObject<HTMLVideoElement | null>,
  source: StreamSource,
  startAt: number,
  handlers: Handlers,
): Stream {
  const [hls, setHls] = useState<HlsType | null>(null);
  const [renditions, setRenditions] = useState<Rendition[]>([]);
  const [chosen, setChosen] = useState(-1);
  const [playing, setPlaying] = useState(-1);
  // The latest handlers, without restarting the stream when the caller's functions change.
  const on = useRef(handlers);
  useEffect(() => {
    on.current = handlers;
  });

  useEffect(() => {
    const element = video.current;
    if (!element) return;
    let cancelled = false;
    let instance: HlsType | null = null;
    let expired = false;
    const expire = () => {
      if (expired || cancelled) return;
      expired = true;
      on.current.onExpired(element.currentTime || startAt);
    };
    const healthy = () => on.current.onHealthy();
    const failed = (message: string) => {
      if (!cancelled) on.current.onFailed(message, element.currentTime || startAt);
    };
    const play = () => {
      element.play().catch(() => {
        // Autoplay refused (no gesture) or interrupted by a newer load: the Play button stays offered.
      });
    };
    const start = () => {
      if (startAt > 0) element.currentTime = startAt;
      play();
    };
    const nativeError = () => {
      const code = element.error?.code;
      // The browser's HLS does not say why a load failed; a fresh URL is the one thing worth trying.
      if (code === MediaError.MEDIA_ERR_NETWORK || code === MediaError.MEDIA_ERR_SRC_NOT_SUPPORTED) expire();
      else failed("This video cannot be played in this browser.");
    };

    const playNatively = () => {
      element.addEventListener("loadedmetadata", start, { once: true });
      element.addEventListener("playing", healthy);
      element.addEventListener("error", nativeError);
      element.src = source.url;
    };

    const playWithHls = async () => {
      const { default: Hls } = await import("hls.js");
      if (cancelled) return;
      if (!Hls.isSupported()) {
        if (element.canPlayType(HLS_TYPE)) playNatively();
        else failed("This browser cannot play adaptive streams.");
        return;
      }
      const player = new Hls({ startPosition: startAt > 0 ? startAt : -1, capLevelToPlayerSize: true });
      instance = player;
      let recoveredMedia = false;
      player.on(Hls.Events.MANIFEST_PARSED, (_event, data) => {
        setRenditions(data.levels.map((level, index) => ({ index, label: labelOf(level, index) })));
        play();
      });
      player.on(Hls.Events.LEVEL_SWITCHED, (_event, data) => setPlaying(data.level));
      player.on(Hls.Events.FRAG_LOADED, healthy);
      player.on(Hls.Events.ERROR, (_event, data) => {
        const status = data.response?.code;
        if (data.type === Hls.ErrorTypes.NETWORK_ERROR && (status === 401 || status === 403)) {
          player.stopLoad();
          expire();
        } else if (data.fatal && data.type === Hls.ErrorTypes.MEDIA_ERROR && !recoveredMedia) {
          recoveredMedia = true;
          player.recoverMediaError();
        } else if (data.fatal) {
          failed(
            data.type === Hls.ErrorTypes.NETWORK_ERROR
              ? "The video stopped loading. Check your connection and try again."
              : "This video could not be played.",
          );
        }
      });
      player.attachMedia(element);
      player.loadSource(source.url);
      setHls(player);
    };

    setRenditions([]);
    setChosen(-1);
    setPlaying(-1);
    if (source.type === HLS_TYPE && hasMediaSource()) {
      playWithHls().catch(() => failed("The player could not be loaded. Check your connection and try again."));
    } else if (source.type === HLS_TYPE && !element.canPlayType(HLS_TYPE)) {
      failed("This browser cannot play adaptive streams.");
    } else {
      playNatively();
    }
    return () => {
      cancelled = true;
      element.removeEventListener("loadedmetadata", start);
      element.removeEventListener("playing", healthy);
      element.removeEventListener("error", nativeError);
      instance?.destroy();
      setHls(null);
      if (!instance) {
        element.removeAttribute("src");
        element.load();
      }
    };
  }, [video, source, startAt]);

  const choose = (index: number) => {
    setChosen(index);
    // Switching at once (currentLevel) flushes the buffer: a deliberate choice should show now.
    if (hls) hls.currentLevel = index;
  };
  return { renditions, chosen, playing, choose };
}
