import { type Ref, useId } from "react";
import { clock } from "../lib/format";
import { Icon } from "./Icon";
import type { Stream } from "./stream";
import type { VideoState } from "./video-state";

interface Props {
  state: VideoState;
  stream: Stream;
  fullscreen: { on: boolean; available: boolean; toggle(): void };
  helpOpen: boolean;
  playButton: Ref<HTMLButtonElement>;
  onTogglePlay(): void;
  onSeek(seconds: number): void;
  onSeekBy(seconds: number): void;
  onVolume(volume: number): void;
  onToggleMute(): void;
  onToggleHelp(): void;
}

/** The bar under the picture: every control a button, slider or select with its own name. */
export function Controls({ state, stream, fullscreen, helpOpen, playButton, ...on }: Props) {
  const qualityId = useId();
  const playing = !state.paused && !state.ended;
  const auto = stream.renditions[stream.playing]?.label;
  return (
    <div className="player-controls">
      <input
        className="player-seek"
        type="range"
        aria-label="Seek"
        min={0}
        max={Math.max(state.duration, 0)}
        step={1}
        value={Math.min(state.time, state.duration)}
        aria-valuetext={`${clock(state.time)} of ${clock(state.duration)}`}
        disabled={state.duration === 0}
        onChange={(event) => on.onSeek(Number(event.target.value))}
      />
      <div className="player-bar">
        <button type="button" ref={playButton} className="player-play" onClick={on.onTogglePlay}>
          <Icon name={playing ? "pause" : "play"} />
          <span className="visually-hidden">{playing ? "Pause" : "Play"}</span>
        </button>
        <button type="button" onClick={() => on.onSeekBy(-10)} aria-label="Back 10 seconds">
          <Icon name="back" />
          <span aria-hidden="true">10</span>
        </button>
        <button type="button" onClick={() => on.onSeekBy(10)} aria-label="Forward 10 seconds">
          <span aria-hidden="true">10</span>
          <Icon name="forward" />
        </button>
        <span className="player-time">
          <span className="visually-hidden">Position </span>
          {clock(state.time)} / {clock(state.duration)}
        </span>
        <span className="player-spacer" />
        <button type="button" onClick={on.onToggleMute} aria-pressed={state.muted}>
          <Icon name={state.muted || state.volume === 0 ? "muted" : "volume"} />
          <span className="visually-hidden">Mute</span>
        </button>
        <input
          className="player-volume"
          type="range"
          aria-label="Volume"
          min={0}
          max={1}
          step={0.05}
          value={state.muted ? 0 : state.volume}
          aria-valuetext={`${Math.round((state.muted ? 0 : state.volume) * 100)} %`}
          onChange={(event) => on.onVolume(Number(event.target.value))}
        />
        {stream.renditions.length > 0 && (
          <span className="player-quality">
            <label htmlFor={qualityId}>Quality</label>
            <select id={qualityId} value={stream.chosen} onChange={(event) => stream.choose(Number(event.target.value))}>
              <option value={-1}>{auto ? `Auto (${auto.split(" · ")[0]})` : "Auto"}</option>
              {stream.renditions.map((rendition) => (
                <option key={rendition.index} value={rendition.index}>
                  {rendition.label}
                </option>
              ))}
            </select>
          </span>
        )}
        <button type="button" onClick={on.onToggleHelp} aria-expanded={helpOpen} aria-label="Keyboard shortcuts">
          <span aria-hidden="true">?</span>
        </button>
        {fullscreen.available && (
          <button type="button" onClick={fullscreen.toggle} aria-label={fullscreen.on ? "Exit full screen" : "Full screen"}>
            <Icon name={fullscreen.on ? "exitFullscreen" : "fullscreen"} />
          </button>
        )}
      </div>
    </div>
  );
}
