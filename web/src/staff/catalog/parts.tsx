import { type UseMutationResult, type UseQueryResult, useMutation } from "@tanstack/react-query";
import { type ReactNode, useEffect, useId, useRef, useState } from "react";
import { Link } from "react-router";
import { Problem, Skeleton } from "../../components/Problem";

/**
 * Delete behind a confirmation that names the item: the first button asks, the second deletes.
 * What the API refuses (a genre still in use, a person still cast) is shown as its detail.
 */
export function ConfirmDelete({
  what,
  name,
  consequence,
  onDelete,
  onDeleted,
}: {
  what: string;
  name: string;
  consequence?: string;
  onDelete: () => Promise<unknown>;
  onDeleted: () => void;
}) {
  const [asking, setAsking] = useState(false);
  const questionId = useId();
  const confirm = useRef<HTMLButtonElement>(null);
  const ask = useRef<HTMLButtonElement>(null);
  const remove = useMutation({ mutationFn: onDelete, onSuccess: onDeleted });
  useEffect(() => {
    if (asking) confirm.current?.focus();
  }, [asking]);
  return (
    <section className="danger-zone" aria-label={`Delete this ${what}`}>
      {asking ? (
        <div className="confirm">
          <p id={questionId}>
            Delete the {what} “{name}”? {consequence ?? "This cannot be undone."}
          </p>
          <div className="actions">
            <button ref={confirm} type="button" className="danger" disabled={remove.isPending} onClick={() => remove.mutate()}>
              {remove.isPending ? "Deleting…" : `Delete “${name}”`}
            </button>
            <button
              type="button"
              onClick={() => {
                setAsking(false);
                remove.reset();
                requestAnimationFrame(() => ask.current?.focus());
              }}
            >
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <button ref={ask} type="button" className="danger" onClick={() => setAsking(true)}>
          Delete {what}
        </button>
      )}
      {remove.isError && <Problem error={remove.error} />}
    </section>
  );
}

/** "Saved" once a save succeeds (announced politely), empty otherwise. */
export function SavedStatus({ saved }: { saved: boolean }) {
  return (
    <p role="status" className="ok">
      {saved ? "Saved" : ""}
    </p>
  );
}

/** The problem's detail, unless every field it names already shows its own message. */
export function FormProblem({ mutation, fields }: { mutation: UseMutationResult<any, Error, any>; fields: string[] }) {
  if (!mutation.isError) return null;
  const error = mutation.error as { errors?: { path: string }[] };
  const named = error.errors ?? [];
  if (named.length > 0 && named.every((e) => fields.some((field) => e.path === field || e.path.startsWith(`${field}.`))))
    return null;
  return <Problem error={mutation.error} />;
}

/** Back to a list, as the first thing on an edit page. */
export const BackTo = ({ to, label }: { to: string; label: string }) => (
  <p className="catalog-back">
    <Link to={to}>← {label}</Link>
  </p>
);

/**
 * An edit page before its entry is there: the way back, then a skeleton while it loads, or the
 * page's `heading` and the problem (with a retry) when it cannot be read.
 * @example
 * if (!person.isSuccess) return <NotLoaded query={person} back={back} heading="Person" loading="Loading the person" />;
 */
export function NotLoaded({
  query,
  back,
  heading,
  loading,
  rows = 6,
}: {
  query: UseQueryResult<unknown>;
  back: ReactNode;
  heading: string;
  loading: string;
  rows?: number;
}) {
  return (
    <>
      {back}
      {query.isError ? (
        <>
          <h1>{heading}</h1>
          <Problem error={query.error} onRetry={() => void query.refetch()} />
        </>
      ) : (
        <Skeleton rows={rows} label={loading} />
      )}
    </>
  );
}
