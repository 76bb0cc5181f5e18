import { useEffect, useRef } from "react";
import { SHORTCUTS } from "./shortcuts";

/** The keyboard shortcuts, on screen: opened with "?" or its button, closed with Escape or Close. */
export function ShortcutHelp({ onClose }: { onClose(): void }) {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    close.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("keydown", onKey);
      // Back to where the person was, if that is still on the page.
      if (opener?.isConnected) opener.focus();
    };
  }, [onClose]);
  return (
    <section className="player-help" role="dialog" aria-labelledby="player-help-title">
      <h2 id="player-help-title">Keyboard shortcuts</h2>
      <dl>
        {SHORTCUTS.map(([key, what]) => (
          <div key={key}>
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <button type="button" ref={close} onClick={onClose}>
        Close
      </button>
    </section>
  );
}
