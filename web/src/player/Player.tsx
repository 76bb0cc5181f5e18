import { type ReactNode, useCallback, useEffect, useRef, useState } from "react";
import { Controls } from "./Controls";
import { NextEpisode } from "./NextEpisode";
import { useProgressReports, type WatchTarget } from "./progress";
import { ShortcutHelp } from "./ShortcutHelp";
import { useShortcuts } from "./shortcuts";
import { useStreamSlot } from "./slot";
import { type StreamSource, useStream } from "./stream";
import type { WatchTitle } from "./title";
import { useFullscreen, useVideoState } from "./video-state";

interface Props {
  source: StreamSource;
  startAt: number;
  title: WatchTitle | undefined;
  target: WatchTarget;
  profileId: string;
  /** A message stands in for the picture: no loading spinner under it. */
  failed: boolean;
  /** The bar above the picture (back and the title), hidden along with the controls. */
  top: ReactNode;
  onExpired(position: number): void;
  onHealthy(): void;
  onFailed(message: string, position: number): void;
  /** The stream slot this playback holds (subscription titles), kept by heartbeats while the player is open. */
  slot: { playbackId: string | null; heartbeatSeconds: number | null };
  /** The slot lapsed: ask for a new playback, continuing from `position`. */
  onSlotLapsed(position: number): void;
}

const IDLE_MS = 3_000;

/** The picture and its controls, which step aside while the picture plays untouched. */
export function Player({ source, startAt, title, target, profileId, failed, top, slot, onSlotLapsed, ...handlers }: Props) {
  const frame = useRef<HTMLDivElement>(null);
  const video = useRef<HTMLVideoElement>(null);
  const playButton = useRef<HTMLButtonElement>(null);
  const state = useVideoState(video);
  const stream = useStream(video, source, startAt, handlers);
  const fullscreen = useFullscreen(frame);
  const [helpOpen, setHelpOpen] = useState(false);
  const [idle, setIdle] = useState(false);
  const idleTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useProgressReports(video, target, profileId);
  useStreamSlot(slot.playbackId, slot.heartbeatSeconds, () => onSlotLapsed(video.current?.currentTime ?? startAt));

  const activity = useCallback(() => {
    setIdle(false);
    clearTimeout(idleTimer.current);
    idleTimer.current = setTimeout(() => setIdle(true), IDLE_MS);
  }, []);
  useEffect(() => {
    const element = frame.current;
    const events = ["pointermove", "pointerdown", "focusin"] as const;
    for (const event of events) element?.addEventListener(event, activity);
    return () => {
      for (const event of events) element?.removeEventListener(event, activity);
      clearTimeout(idleTimer.current);
    };
  }, [activity]);
  // The person arrived by pressing Play: the player's own Play/Pause is where the keyboard starts.
  useEffect(() => playButton.current?.focus({ preventScroll: true }), []);

  const togglePlay = () => {
    const element = video.current;
    if (!element) return;
    if (element.paused || element.ended) element.play().catch(() => undefined);
    else element.pause();
  };
  const seek = (seconds: number) => {
    const element = video.current;
    if (!element || !Number.isFinite(element.duration)) return;
    element.currentTime = Math.min(Math.max(seconds, 0), element.duration);
  };
  const seekBy = (seconds: number) => seek((video.current?.currentTime ?? 0) + seconds);
  const toggleMute = () => {
    if (video.current) video.current.muted = !video.current.muted;
  };
  const setVolume = (volume: number) => {
    if (!video.current) return;
    video.current.volume = volume;
    video.current.muted = volume === 0;
  };
  useShortcuts({
    togglePlay,
    seekBy,
    toggleMute,
    toggleFullscreen: fullscreen.toggle,
    toggleHelp: () => setHelpOpen((open) => !open),
    activity,
  });

  const showControls = !idle || state.paused || helpOpen;
  return (
    <div ref={frame} className={`player-frame${showControls ? "" : " idle"}`}>
      {top}
      {/* biome-ignore lint/a11y/useMediaCaption: the demo streams carry no captions track to offer */}
      <video ref={video} className="player-video" playsInline onClick={togglePlay} onDoubleClick={fullscreen.toggle} />
      {state.buffering && !failed && (
        <div className="player-spinner" role="status" aria-label="Loading the video">
          <span aria-hidden="true" />
        </div>
      )}
      {title?.next && <NextEpisode next={title.next} time={state.time} duration={state.duration} ended={state.ended} />}
      {helpOpen && <ShortcutHelp onClose={() => setHelpOpen(false)} />}
      <Controls
        state={state}
        stream={stream}
        fullscreen={fullscreen}
        helpOpen={helpOpen}
        playButton={playButton}
        onTogglePlay={togglePlay}
        onSeek={seek}
        onSeekBy={seekBy}
        onVolume={setVolume}
        onToggleMute={toggleMute}
        onToggleHelp={() => setHelpOpen((open) => !open)}
      />
    </div>
  );
}
