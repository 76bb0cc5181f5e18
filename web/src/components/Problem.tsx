import { messageOf } from "../api/problem";

/** An error as the person reads it (the API's `detail`), with a retry when one makes sense. */
export function Problem({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div className="problem" role="alert">
      <p>{messageOf(error)}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** Grey blocks in the shape of what is loading. */
export function Skeleton({ rows = 1, label = "Loading" }: { rows?: number; label?: string }) {
  return (
    <div className="skeleton" role="status" aria-label={label}>
      {[...Array(rows).keys()].map((line) => (
        <div key={line} className="skeleton-line" />
      ))}
    </div>
  );
}
