import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Skeleton } from "../../components/Problem";
import { when } from "../../lib/format";
import { LoadMore } from "../LoadMore";
import { type ErrorEntry, type ErrorFilters, type ErrorSource, errorSources, fetchErrors, opsKeys } from "./queries";
import { useUrlFilters } from "./use-url-filters";

const blank: ErrorFilters = { source: "", route: "", from: "", to: "" };

function ErrorItem({ entry }: { entry: ErrorEntry }) {
  const where = [entry.method, entry.route].filter(Boolean).join(" ");
  return (
    <li>
      <details className="ops-error">
        <summary>
          <time dateTime={entry.at}>{when(entry.at)}</time>
          <span className="ops-source">{errorSources[entry.source] ?? entry.source}</span>
          {entry.status !== null && <span className="ops-status">{entry.status}</span>}
          {where && <code>{where}</code>}
          <span className="ops-message">{entry.message}</span>
        </summary>
        <dl className="ops-error-facts">
          <div>
            <dt>Request id</dt>
            <dd>{entry.requestId ? <code>{entry.requestId}</code> : "—"}</dd>
          </div>
        </dl>
        <h4>Stack</h4>
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a long stack scrolls sideways; the keyboard must reach it. */}
        <pre tabIndex={0}>{entry.stack ?? "No stack was recorded."}</pre>
        {Object.keys(entry.detail).length > 0 && (
          <>
            <h4>Detail</h4>
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: as the stack above. */}
            <pre tabIndex={0}>{JSON.stringify(entry.detail, null, 2)}</pre>
          </>
        )}
      </details>
    </li>
  );
}

/** `/staff/operations/errors`: every 5xx and failed background job, newest first; each opens on its stack. */
export function ErrorLog() {
  const id = useId();
  const [urlFilters, apply] = useUrlFilters(blank);
  const filters: ErrorFilters = {
    ...urlFilters,
    source: urlFilters.source in errorSources ? (urlFilters.source as ErrorSource) : "",
  };
  const [draft, setDraft] = useState(filters);
  const list = useInfiniteQuery({
    queryKey: opsKeys.errors(filters),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => fetchErrors(filters, pageParam),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const entries = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <h2>Error log</h2>
      <search>
        <form
          className="ops-filters"
          onSubmit={(event) => {
            event.preventDefault();
            apply(draft);
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-source`}>Source</label>
            <select
              id={`${id}-source`}
              value={draft.source}
              onChange={(event) => setDraft({ ...draft, source: event.target.value as ErrorSource | "" })}
            >
              <option value="">Any source</option>
              {Object.entries(errorSources).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-route`}>Route</label>
            <input
              id={`${id}-route`}
              value={draft.route}
              placeholder="/api/movies/:id"
              onChange={(event) => setDraft({ ...draft, route: event.target.value })}
              autoComplete="off"
              spellCheck={false}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-from`}>From</label>
            <input
              id={`${id}-from`}
              type="date"
              value={draft.from}
              onChange={(event) => setDraft({ ...draft, from: event.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-to`}>To</label>
            <input
              id={`${id}-to`}
              type="date"
              value={draft.to}
              onChange={(event) => setDraft({ ...draft, to: event.target.value })}
            />
          </div>
          <button type="submit">Filter</button>
          <button
            type="button"
            onClick={() => {
              setDraft(blank);
              apply(blank);
            }}
          >
            Clear
          </button>
        </form>
      </search>
      <p role="status" className="hint">
        {list.isSuccess && !list.isPlaceholderData
          ? entries.length === 0
            ? "No error matches. Good."
            : `${entries.length}${list.hasNextPage ? "+" : ""} ${entries.length === 1 ? "error" : "errors"} shown.`
          : ""}
      </p>
      {list.isPending ? (
        <Skeleton rows={6} label="Loading the error log" />
      ) : (
        entries.length > 0 && (
          <ul className="ops-errors" aria-label="Errors" aria-busy={list.isFetching && !list.isFetchingNextPage}>
            {entries.map((entry) => (
              <ErrorItem key={entry.id} entry={entry} />
            ))}
          </ul>
        )
      )}
      <LoadMore list={list} label="Load more errors" className="ops-more" />
    </>
  );
}
