import { useEffect, useId, useRef } from "react";
import { Problem } from "../../components/Problem";
import "./confirm-dialog.css";

/**
 * A modal question before something that cannot be taken back. The browser's own `<dialog>` keeps
 * the focus inside it and closes on Escape; the focus starts on Cancel, so Enter never confirms by
 * accident, and goes back to the button that opened it when it closes.
 * @example <ConfirmDialog open={asking} title="Remove this comment?" confirmLabel="Remove" onConfirm={remove} onCancel={stop}>…</ConfirmDialog>
 */
export function ConfirmDialog({
  open,
  title,
  confirmLabel,
  busy = false,
  error,
  onConfirm,
  onCancel,
  children,
}: {
  open: boolean;
  title: string;
  confirmLabel: string;
  busy?: boolean;
  /** What the API answered when the action was refused; shown inside the dialog. */
  error?: unknown;
  onConfirm: () => void;
  onCancel: () => void;
  children: React.ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const id = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      cancel.current?.focus();
    } else if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      <div id={`${id}-body`}>{children}</div>
      {error ? <Problem error={error} /> : null}
      <div className="actions">
        <button ref={cancel} type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={onConfirm} disabled={busy} aria-busy={busy || undefined}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
