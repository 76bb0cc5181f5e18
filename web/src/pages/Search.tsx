import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { api } from "../api/client";
import { ok } from "../api/problem";
import { Problem, Skeleton } from "../components/Problem";
import { type Filters, findResults, hasCriteria, type Result, type SearchType } from "./browse/search-results";
import "./browse/search.css";

const DEBOUNCE_MS = 250;
const TYPES: [SearchType, string][] = [
  ["", "Everything"],
  ["movie", "Movies"],
  ["series", "Series"],
  ["episode", "Episodes"],
  ["person", "People"],
];

/** The filters live in the address, so a search can be shared, reloaded and gone back to. */
function useFilters(): [Filters, (change: Partial<Filters>) => void] {
  const [params, setParams] = useSearchParams();
  const filters: Filters = {
    q: params.get("q") ?? "",
    type: (params.get("type") ?? "") as SearchType,
    genre: params.get("genre") ?? "",
    year: params.get("year") ?? "",
    person: params.get("person") ?? "",
  };
  const change = (next: Partial<Filters>) => {
    const merged = { ...filters, ...next };
    setParams(Object.fromEntries(Object.entries(merged).filter(([, value]) => value)), { replace: true });
  };
  return [filters, change];
}

/** Up/Down (and Left/Right in the grid) move through the results; Home/End jump; Enter opens the focused one (it is a link). */
function moveFocus(event: React.KeyboardEvent<HTMLElement>, list: HTMLElement | null) {
  const links = [...(list?.querySelectorAll<HTMLAnchorElement>("a.search-result") ?? [])];
  const at = links.indexOf(document.activeElement as HTMLAnchorElement);
  const step: Record<string, number> = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };
  let next: number | undefined;
  if (event.key in step) next = at === -1 ? 0 : at + step[event.key];
  if (event.key === "Home" && at !== -1) next = 0;
  if (event.key === "End" && at !== -1) next = links.length - 1;
  if (next === undefined || links.length === 0) return;
  event.preventDefault();
  // Up from the first result goes back to the box, to change the words.
  if (next < 0 && at === 0) return document.getElementById("search-q")?.focus();
  links[Math.min(links.length - 1, Math.max(0, next))].focus();
}

function ResultCard({ result }: { result: Result }) {
  return (
    <Link to={result.to} className="search-result">
      {result.imageUrl ? (
        <img src={result.imageUrl} alt="" loading="lazy" />
      ) : (
        <span className="search-result-placeholder" aria-hidden="true">
          {result.title.charAt(0).toUpperCase()}
        </span>
      )}
      <span className="search-result-text">
        <span className="search-result-title">{result.title}</span>
        <span className="search-result-meta">{[result.kind, result.detail].filter(Boolean).join(" · ")}</span>
      </span>
    </Link>
  );
}

function PersonHeading({ id }: { id: string }) {
  const person = useQuery({ queryKey: ["person", id], queryFn: () => ok(api.people[":id"].$get({ param: { id } })) });
  return <h2>{person.data ? `Titles with ${person.data.name}` : "Titles with this person"}</h2>;
}

export default function Search() {
  const [filters, change] = useFilters();
  const [text, setText] = useState(filters.q);
  const list = useRef<HTMLUListElement>(null);
  const hintId = useId();

  useEffect(() => {
    const trimmed = text.trim();
    if (trimmed === filters.q) return;
    const timer = setTimeout(() => change({ q: trimmed, person: "" }), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  });

  const genres = useQuery({ queryKey: ["genres"], queryFn: () => ok(api.genres.$get({ query: { limit: "100" } })) });
  const results = useQuery({
    queryKey: ["search", filters],
    enabled: hasCriteria(filters),
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => findResults(filters, signal),
  });
  const count = results.data?.length ?? 0;
  const announcement = !hasCriteria(filters)
    ? ""
    : results.isPending || results.isPlaceholderData
      ? "Searching…"
      : results.isError
        ? "The search failed."
        : count === 0
          ? "No results."
          : `${count} ${count === 1 ? "result" : "results"}. Use the arrow keys to move through them.`;

  return (
    <main id="main" className="page search-page">
      <h1>Search</h1>
      <search className="search-form">
        <div className="field search-box">
          <label htmlFor="search-q">Search titles and people</label>
          <input
            id="search-q"
            type="search"
            value={text}
            autoComplete="off"
            // biome-ignore lint/a11y/noAutofocus: the search page exists to type into this box
            autoFocus
            aria-describedby={hintId}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "ArrowDown") moveFocus(event, list.current);
            }}
          />
          <small id={hintId} className="hint">
            Results appear as you type; accents do not matter. Press the down arrow to reach them.
          </small>
        </div>
        <div className="search-filters">
          <div className="field">
            <label htmlFor="search-type">Type</label>
            <select id="search-type" value={filters.type} onChange={(e) => change({ type: e.target.value as SearchType })}>
              {TYPES.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="search-genre">Genre</label>
            <select id="search-genre" value={filters.genre} onChange={(e) => change({ genre: e.target.value })}>
              <option value="">Any genre</option>
              {genres.data?.items.map((genre) => (
                <option key={genre.id} value={genre.id}>
                  {genre.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="search-year">Year</label>
            <input
              id="search-year"
              type="number"
              inputMode="numeric"
              min={1870}
              max={3000}
              placeholder="Any"
              value={filters.year}
              onChange={(e) =>
                change({ year: /^\d{4}$/.test(e.target.value) || e.target.value === "" ? e.target.value : filters.year })
              }
            />
          </div>
        </div>
      </search>
      {genres.isError && <Problem error={genres.error} onRetry={() => genres.refetch()} />}

      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {filters.person && !filters.q && <PersonHeading id={filters.person} />}
      {!hasCriteria(filters) ? (
        <p className="hint">Type a title, an actor or a character, or pick a genre or a year to browse.</p>
      ) : results.isPending ? (
        <Skeleton rows={4} label="Searching" />
      ) : results.isError ? (
        <Problem error={results.error} onRetry={() => results.refetch()} />
      ) : count === 0 ? (
        <p>Nothing matches{filters.q ? ` “${filters.q}”` : ""} with these filters.</p>
      ) : (
        <ul
          className="search-results"
          ref={list}
          aria-label="Results"
          aria-busy={results.isPlaceholderData}
          onKeyDown={(event) => moveFocus(event, list.current)}
        >
          {results.data.map((result) => (
            <li key={result.key}>
              <ResultCard result={result} />
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
