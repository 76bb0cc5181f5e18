import type { ReactNode } from "react";

type Props = {
  /** The column headings, in order; a column with no visible heading passes a visually hidden one. */
  columns: ReactNode[];
  /** The body's rows (`<tr>`s). */
  children: ReactNode;
  /** The id of the heading that names the scrolling region… */
  labelledBy?: string;
  /** …or its name in words. With neither, the table is not wrapped: for a narrow table that never scrolls. */
  label?: string;
  /** Read by screen readers only. */
  caption?: string;
  /** While the rows shown are being read again; left off where the page never says so. */
  busy?: boolean;
  /** The page's own sizing and column rules (its minimum width, say). */
  className?: string;
};

/**
 * A staff list as a table (one look for the console, rules in staff.css). Named, it sits in a region that
 * scrolls sideways on a narrow screen instead of widening the page, and takes the focus so the keyboard can scroll it.
 *
 * @example
 * <DataTable labelledBy={headingId} busy={list.isFetching} columns={["Name", "Seats"]} className="theater-table">
 *   {rows}
 * </DataTable>
 */
export function DataTable({ columns, children, labelledBy, label, caption, busy, className }: Props) {
  const table = (
    <table className={className ? `staff-table ${className}` : "staff-table"} aria-busy={busy}>
      {caption && <caption className="visually-hidden">{caption}</caption>}
      <thead>
        <tr>
          {columns.map((column, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the columns are fixed; their place is who they are.
            <th key={index} scope="col">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
  if (!labelledBy && !label) return table;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1).
    <section className="staff-table-scroll" aria-labelledby={labelledBy} aria-label={label} tabIndex={0}>
      {table}
    </section>
  );
}
