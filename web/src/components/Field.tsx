import { useId } from "react";

/** A labelled input whose error (the API's, for this field) is announced and tied to it. */
export function Field({
  label,
  error,
  hint,
  ...input
}: React.InputHTMLAttributes<HTMLInputElement> & { label: string; error?: string; hint?: string }) {
  const id = useId();
  const described = [error && `${id}-error`, hint && `${id}-hint`].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={described} {...input} />
      {hint && (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      )}
      {error && (
        <small id={`${id}-error`} className="field-error">
          {error}
        </small>
      )}
    </div>
  );
}

/** The API's message for one field of a 400 (`errors[].path`), if it named that field. */
export const fieldError = (error: unknown, path: string) =>
  (error as { errors?: { path: string; message: string }[] } | null)?.errors?.find((e) => e.path === path)?.message;
