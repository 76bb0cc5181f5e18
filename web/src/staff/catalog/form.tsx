import { type QueryClient, type QueryKey, type UseMutationResult, useMutation, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useId } from "react";
import { useNavigate } from "react-router";
import { fieldError } from "../../components/Field";
import { FormProblem, SavedStatus } from "./parts";
import { catalogChanged } from "./queries";

/** What a catalog form needs of its save: run it, its outcome, and a way to forget that outcome. */
type Save = UseMutationResult<any, Error, void>;

/**
 * The catalog's form: the browser does not validate (the API's messages appear under each field),
 * then the problem no field shows, the submit button (and any other `actions`), and "Saved" once
 * changes to an existing entry (`editing`) are saved.
 */
export function CatalogForm({
  save,
  fields,
  submit,
  editing,
  actions,
  children,
}: {
  save: Save;
  fields: string[];
  submit: string;
  editing: boolean;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <form
      noValidate
      className="catalog-form"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      {children}
      <FormProblem mutation={save} fields={fields} />
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {submit}
        </button>
        {actions}
      </div>
      {editing && <SavedStatus saved={save.isSuccess} />}
    </form>
  );
}

/**
 * Ties fields to their text state and to the API's message for their path; typing in one clears
 * the last save's outcome (its errors, its "Saved"). `messageFor` reads a field's message (by
 * default the one naming exactly that path).
 * @example
 * const bind = binder(save);
 * <Field label="Name" required {...bind("name", name, setName)} />
 */
export function binder(
  save: { error: unknown; reset: () => void },
  messageFor: (error: unknown, path: string) => string | undefined = fieldError,
) {
  return (path: string, value: string, set: (value: string) => void) => ({
    value,
    error: messageFor(save.error, path),
    onChange: (event: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      set(event.target.value);
      save.reset();
    },
  });
}

/** A labelled text area whose error is announced and tied to it (the multi-line `Field`). */
export function TextAreaField({
  label,
  error,
  ...textarea
}: React.TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; error?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        {...textarea}
      />
      {error && (
        <small id={`${id}-error`} className="field-error">
          {error}
        </small>
      )}
    </div>
  );
}

/**
 * Saves a catalog entry from its page: a new one (no `existing`), after which its edit page under
 * `listPath` opens, or changes to `existing`, after which its detail (`detailKey`) reads afresh.
 * Either way `changed` refreshes what else shows the catalog (every list and public row by default).
 */
export function useSaveEntry<Saved extends { id: string }>({
  existing,
  write,
  listPath,
  detailKey,
  changed = catalogChanged,
}: {
  existing?: { id: string };
  write: () => Promise<Saved>;
  listPath: string;
  detailKey: (id: string) => QueryKey;
  changed?: (queryClient: QueryClient) => Promise<unknown>;
}) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: write,
    onSuccess: async (saved) => {
      await changed(queryClient);
      if (existing) await queryClient.invalidateQueries({ queryKey: detailKey(existing.id) });
      else navigate(`${listPath}/${saved.id}`);
    },
  });
}
