import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Skeleton } from "../../components/Problem";
import { when } from "../../lib/format";
import { DataTable } from "../DataTable";
import { LoadMore } from "../LoadMore";
import { type AuditEntry, type AuditFilters, fetchAudit, opsKeys } from "./queries";
import { useUrlFilters } from "./use-url-filters";

const blank: AuditFilters = { actor: "", action: "", target: "", from: "", to: "" };

function Actor({ actor }: { actor: AuditEntry["actor"] }) {
  if (!actor) return <span className="hint">anonymous</span>;
  return (
    <>
      {actor.email ?? actor.id}
      {actor.role && <span className="hint"> ({actor.role})</span>}
    </>
  );
}

const hasDetail = (entry: AuditEntry) => Object.keys(entry.detail).length > 0;

/** `/staff/operations/audit`: who did what to what, newest first, filtered by actor, action, target and dates. */
export function AuditLog() {
  const id = useId();
  const [filters, apply] = useUrlFilters(blank);
  const [draft, setDraft] = useState(filters);
  const list = useInfiniteQuery({
    queryKey: opsKeys.audit(filters),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => fetchAudit(filters, pageParam),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const entries = list.data?.pages.flatMap((page) => page.items) ?? [];
  const field = (key: keyof AuditFilters, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        value={draft[key]}
        onChange={(event) => setDraft({ ...draft, [key]: event.target.value })}
        autoComplete="off"
        spellCheck={false}
        {...props}
      />
    </div>
  );

  return (
    <>
      <h2>Audit log</h2>
      <search>
        <form
          className="ops-filters"
          onSubmit={(event) => {
            event.preventDefault();
            apply(draft);
          }}
        >
          {field("actor", "Actor (id or email)")}
          {field("action", "Action", { placeholder: "order.*" })}
          {field("target", "Target id")}
          {field("from", "From", { type: "date" })}
          {field("to", "To", { type: "date" })}
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
      <h3 id={`${id}-results`} className="visually-hidden">
        Audit entries
      </h3>
      <p role="status" className="hint">
        {list.isSuccess && !list.isPlaceholderData
          ? entries.length === 0
            ? "No audit entry matches."
            : `${entries.length}${list.hasNextPage ? "+" : ""} ${entries.length === 1 ? "entry" : "entries"} shown.`
          : ""}
      </p>
      {list.isPending ? (
        <Skeleton rows={6} label="Loading the audit log" />
      ) : entries.length > 0 ? (
        <DataTable
          labelledBy={`${id}-results`}
          busy={list.isFetching && !list.isFetchingNextPage}
          className="ops-audit"
          columns={["Time", "Action", "Actor", "Target", "Client", "Request id"]}
        >
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td>
                <time dateTime={entry.at}>{when(entry.at)}</time>
              </td>
              <th scope="row">
                <code>{entry.action}</code>
                {hasDetail(entry) && (
                  <details className="ops-detail">
                    <summary>Detail</summary>
                    <pre>{JSON.stringify(entry.detail, null, 2)}</pre>
                  </details>
                )}
              </th>
              <td className="ops-wrap">
                <Actor actor={entry.actor} />
              </td>
              <td className="ops-wrap">
                {entry.targetType || entry.targetId ? (
                  <>
                    {entry.targetType && <span className="hint">{entry.targetType} </span>}
                    {entry.targetId}
                  </>
                ) : (
                  "—"
                )}
              </td>
              <td>{entry.clientAddress ?? "—"}</td>
              <td className="ops-wrap">{entry.requestId ? <code>{entry.requestId}</code> : "—"}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      <LoadMore list={list} label="Load more entries" className="ops-more" />
    </>
  );
}
