import { useEffect, useRef } from "react";

export interface ShortcutActions {
  togglePlay(): void;
  seekBy(seconds: number): void;
  toggleFullscreen(): void;
  toggleMute(): void;
  toggleHelp(): void;
  /** Any key at all: the controls come back into view. */
  activity(): void;
}

/** The shortcuts as the on-screen help lists them. */
export const SHORTCUTS = [
  ["Space", "Play or pause"],
  ["← / →", "Back or forward 10 seconds"],
  ["F", "Full screen"],
  ["M", "Mute or unmute"],
  ["?", "Show or hide these shortcuts"],
] as const;

const TEXT_ENTRY =
  'input:not([type="range"]):not([type="checkbox"]):not([type="radio"]):not([type="button"]), textarea, [contenteditable="true"], [contenteditable=""]';
/** Space activates these itself. */
const USES_SPACE = 'button, a[href], select, summary, input, [role="button"], [role^="menuitem"], [role="option"]';
/** Arrow keys move these. */
const USES_ARROWS = 'input, select, [role="slider"], [role="menu"], [role="listbox"], [role="radiogroup"], [role="tablist"]';

/**
 * The player's keys on the whole window, never taking one from a control that needs it: space
 * still presses a focused button, arrows still move a focused slider, and nothing is taken
 * while someone types.
 */
export function useShortcuts(actions: ShortcutActions) {
  const latest = useRef(actions);
  useEffect(() => {
    latest.current = actions;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const act = latest.current;
      act.activity();
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target instanceof Element ? event.target : null;
      const within = (selector: string) => Boolean(target?.closest(selector));
      if (within(TEXT_ENTRY)) return;
      switch (event.key) {
        case " ":
          if (within(USES_SPACE)) return;
          act.togglePlay();
          break;
        case "ArrowLeft":
        case "ArrowRight":
          if (within(USES_ARROWS)) return;
          act.seekBy(event.key === "ArrowLeft" ? -10 : 10);
          break;
        case "f":
        case "F":
          act.toggleFullscreen();
          break;
        case "m":
        case "M":
          act.toggleMute();
          break;
        case "?":
          act.toggleHelp();
          break;
        default:
          return;
      }
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
