import { useInfiniteQuery } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { Problem, Skeleton } from "../../components/Problem";
import { LoadMore } from "../../library/LoadMore";
import { keys, type RowPage } from "./queries";

const DEBOUNCE_MS = 250;

/**
 * A catalog list: a search box (kept in the address as `?q=`), a page at a time, each row a link to
 * its edit page, and the "New …" link. `filterHere` filters the loaded rows by name in the page,
 * for lists the API cannot search.
 */
export function CatalogList({
  title,
  what,
  newLabel,
  fetchPage,
  filterHere = false,
}: {
  title: string;
  what: string;
  newLabel: string;
  fetchPage: (q: string, cursor?: string) => Promise<RowPage>;
  filterHere?: boolean;
}) {
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const [text, setText] = useState(q);
  const searchId = useId();
  const listId = useId();

  useEffect(() => {
    const trimmed = text.trim();
    if (trimmed === q) return;
    const timer = setTimeout(() => setParams(trimmed ? { q: trimmed } : {}, { replace: true }), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  });

  const serverQ = filterHere ? "" : q;
  const list = useInfiniteQuery({
    queryKey: [...keys.list(what), serverQ],
    queryFn: ({ pageParam }) => fetchPage(serverQ, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = (list.data?.pages.flatMap((page) => page.items) ?? []).filter(
    (row) => !filterHere || !q || row.name.toLowerCase().includes(q.toLowerCase()),
  );
  const status = list.isPending
    ? ""
    : rows.length === 0
      ? q
        ? `Nothing matches “${q}”.`
        : ""
      : `${rows.length}${list.hasNextPage ? "+" : ""} ${rows.length === 1 ? "result" : "results"}${q ? ` for “${q}”` : ""}.`;

  return (
    <>
      <h1>{title}</h1>
      <div className="catalog-toolbar">
        <search className="field catalog-search">
          <label htmlFor={searchId}>Search {title.toLowerCase()}</label>
          <input
            id={searchId}
            type="search"
            value={text}
            autoComplete="off"
            aria-controls={listId}
            onChange={(event) => setText(event.target.value)}
          />
        </search>
        <Link to="new" className="button primary">
          {newLabel}
        </Link>
      </div>
      <p role="status" className="hint">
        {status}
      </p>
      {list.isPending && <Skeleton rows={5} label={`Loading ${title.toLowerCase()}`} />}
      {!list.data && list.isError && <Problem error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && rows.length === 0 && !q && <p className="hint">No {title.toLowerCase()} yet.</p>}
      <ul id={listId} className="catalog-rows" aria-label={title}>
        {rows.map((row) => (
          <li key={row.id}>
            {row.imageUrl !== undefined &&
              (row.imageUrl ? (
                <img src={row.imageUrl} alt="" width={40} height={60} loading="lazy" />
              ) : (
                <span className="catalog-thumb" aria-hidden="true" />
              ))}
            <Link to={row.id}>{row.name}</Link>
            {row.detail && <span className="hint">{row.detail}</span>}
          </li>
        ))}
      </ul>
      <LoadMore hasMore={list.hasNextPage} loading={list.isFetchingNextPage} onMore={() => void list.fetchNextPage()} />
      {list.isFetchNextPageError && <Problem error={list.error} onRetry={() => void list.fetchNextPage()} />}
    </>
  );
}
