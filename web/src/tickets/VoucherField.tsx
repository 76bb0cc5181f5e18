import { useId, useState } from "react";
import { messageOf } from "../api/problem";

/** "Voucher code" with Apply; what the API said of the code (used, unknown, not yours) right under it. */
export function VoucherField({
  applied,
  checking,
  accepted,
  error,
  disabled,
  onApply,
}: {
  applied: string | null;
  checking: boolean;
  accepted: boolean;
  error: unknown;
  disabled: boolean;
  onApply: (code: string | null) => void;
}) {
  const id = useId();
  const [text, setText] = useState(applied ?? "");
  const described = [error ? `${id}-error` : null, accepted ? `${id}-ok` : null].filter(Boolean).join(" ") || undefined;
  return (
    <form
      className="voucher-form"
      onSubmit={(event) => {
        event.preventDefault();
        const code = text.trim();
        onApply(code === "" ? null : code);
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-code`}>Voucher code</label>
        <div className="voucher-row">
          <input
            id={`${id}-code`}
            value={text}
            onChange={(event) => setText(event.target.value)}
            autoComplete="off"
            spellCheck={false}
            autoCapitalize="characters"
            aria-invalid={error ? true : undefined}
            aria-describedby={described}
            disabled={disabled}
          />
          <button type="submit" disabled={disabled || checking}>
            {checking ? "Checking…" : "Apply"}
          </button>
          {applied && (
            <button
              type="button"
              disabled={disabled}
              onClick={() => {
                setText("");
                onApply(null);
              }}
            >
              Remove
            </button>
          )}
        </div>
        {error ? (
          <small id={`${id}-error`} className="field-error" role="alert">
            {messageOf(error)}
          </small>
        ) : null}
        <small id={`${id}-ok`} className="hint" role="status">
          {accepted && applied ? `Voucher ${applied} applied.` : ""}
        </small>
      </div>
    </form>
  );
}
