import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { Skeleton } from "../../components/Problem";
import { when } from "../../lib/format";
import { DataTable } from "../DataTable";
import { LoadMore } from "../LoadMore";
import { useRole } from "../staff-role";
import {
  type AccountStatus,
  type Role,
  roleLabels,
  roleOptions,
  searchAccounts,
  statusOptions,
  type UserFilters,
  userKeys,
} from "./queries";

const DEBOUNCE_MS = 300;

/** The search lives in the address, so it survives opening an account and coming back. */
function useFilters(): [UserFilters, (change: Partial<UserFilters>) => void] {
  const [params, setParams] = useSearchParams();
  const role = params.get("role") ?? "";
  const status = params.get("status") ?? "";
  const filters: UserFilters = {
    q: params.get("q") ?? "",
    role: roleOptions.some(([value]) => value === role) ? (role as Role) : "",
    status: statusOptions.find(([value]) => value === status)?.[0] ?? "active",
  };
  // The defaults (no words, every role, active accounts) stay out of the address.
  const change = (next: Partial<UserFilters>) => {
    const merged = { ...filters, ...next };
    setParams(
      Object.fromEntries(Object.entries(merged).filter(([key, value]) => value && !(key === "status" && value === "active"))),
      {
        replace: true,
      },
    );
  };
  return [filters, change];
}

/** `/staff/users`: find accounts by name, email or username, filtered by role, a page at a time. */
export function UserSearch() {
  const [filters, change] = useFilters();
  const [text, setText] = useState(filters.q);
  const me = useRole();
  const id = useId();
  const results = useInfiniteQuery({
    queryKey: userKeys.search(filters),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => searchAccounts(filters, pageParam),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });

  // Typing searches once the person pauses; Enter searches at once.
  useEffect(() => {
    const trimmed = text.trim();
    if (trimmed === filters.q) return;
    const timer = setTimeout(() => change({ q: trimmed }), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  });

  const accounts = results.data?.pages.flatMap((page) => page.items) ?? [];
  const searching = filters.q.trim() !== "" || filters.role !== "" || filters.status !== "active";
  return (
    <>
      <h1>Users</h1>
      <search>
        <form
          className="user-search"
          onSubmit={(event) => {
            event.preventDefault();
            change({ q: text.trim() });
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-q`}>Search accounts</label>
            <input
              id={`${id}-q`}
              type="search"
              value={text}
              onChange={(event) => setText(event.target.value)}
              aria-describedby={`${id}-q-hint`}
              autoComplete="off"
              spellCheck={false}
            />
            <small id={`${id}-q-hint`} className="hint">
              Part of a name, email or username.
            </small>
          </div>
          <div className="field">
            <label htmlFor={`${id}-role`}>Role</label>
            <select
              id={`${id}-role`}
              value={filters.role}
              onChange={(event) => change({ role: event.target.value as Role | "" })}
            >
              <option value="">Every role</option>
              {roleOptions.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}s
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-status`}>Status</label>
            <select
              id={`${id}-status`}
              value={filters.status}
              onChange={(event) => change({ status: event.target.value as AccountStatus })}
            >
              {statusOptions.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">Search</button>
        </form>
      </search>

      <h2 id={`${id}-results`}>{searching ? "Matching accounts" : "All accounts"}</h2>
      <p role="status" className="hint">
        {results.isSuccess && !results.isPlaceholderData
          ? accounts.length === 0
            ? "No account matches."
            : `${accounts.length}${results.hasNextPage ? "+" : ""} ${accounts.length === 1 ? "account" : "accounts"} shown.`
          : ""}
      </p>
      {results.isPending ? (
        <Skeleton rows={5} label="Loading accounts" />
      ) : accounts.length > 0 ? (
        <DataTable
          labelledBy={`${id}-results`}
          busy={results.isFetching && !results.isFetchingNextPage}
          className="user-table"
          columns={["Name", "Username", "Email", "Role", "Joined"]}
        >
          {accounts.map((account) => (
            <tr key={account.id}>
              <th scope="row">
                <Link to={`/staff/users/${account.id}`}>{account.name}</Link>
                {account.id === me.data?.id && <span className="tag">you</span>}
                {account.deletedAt && <span className="tag disabled">disabled</span>}
              </th>
              <td>{account.username}</td>
              <td className="user-email">{account.email}</td>
              <td>{roleLabels[account.role]}</td>
              <td>
                <time dateTime={account.createdAt}>{when(account.createdAt)}</time>
              </td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      <LoadMore list={results} label="Show more accounts" className="more-accounts" />
    </>
  );
}
