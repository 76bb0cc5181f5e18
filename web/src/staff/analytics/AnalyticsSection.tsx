import { useMutation, useQuery } from "@tanstack/react-query";
import { type ReactNode, useId, useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Problem, Skeleton } from "../../components/Problem";
import { money, when } from "../../lib/format";
import { DataTable } from "../DataTable";
import {
  analyticsKeys,
  type CsvExport,
  downloadCsv,
  fetchActiveUsers,
  fetchDashboard,
  fetchFunnel,
  fetchOccupancy,
  fetchRetention,
  fetchSales,
  fetchSearches,
  type Range,
} from "./queries";
import "./analytics.css";

const DAY_MS = 86_400_000;
const today = () => new Date().toISOString().slice(0, 10);
/** The `days` days ending today. */
const lastDays = (days: number): Range => ({
  from: new Date(Date.parse(`${today()}T00:00:00Z`) - (days - 1) * DAY_MS).toISOString().slice(0, 10),
  to: today(),
});
const PRESETS = [7, 30, 90];

const count = (n: number) => n.toLocaleString();
const percent = (share: number | null) => (share === null ? "—" : `${(share * 100).toFixed(1)} %`);
const dollars = (cents: number) => money(cents, "usd");

/** A figure of the totals. */
function Figure({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="analytics-figure">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** A titled panel of the page, with its CSV downloads. */
function Panel({ title, downloads, children }: { title: string; downloads?: ReactNode; children: ReactNode }) {
  const id = useId();
  return (
    <section className="staff-panel analytics-panel" aria-labelledby={id}>
      <div className="analytics-panel-heading">
        <h2 id={id}>{title}</h2>
        {downloads && <div className="analytics-downloads">{downloads}</div>}
      </div>
      {children}
    </section>
  );
}

/** "Download CSV" for one table; a refused download shows the API's problem. */
function CsvButton({ range, csv, label }: { range: Range; csv: CsvExport; label: string }) {
  const download = useMutation({ mutationFn: () => downloadCsv(range, csv) });
  return (
    <span className="analytics-download">
      <button type="button" onClick={() => download.mutate()} disabled={download.isPending}>
        {download.isPending ? "Preparing…" : `Download CSV: ${label}`}
      </button>
      {download.isError && <Problem error={download.error} />}
    </span>
  );
}

/** The loading and error states every panel shares. */
function Loaded<T>({
  query,
  label,
  children,
}: {
  query: { isPending: boolean; isError: boolean; error: unknown; data?: T; refetch: () => unknown };
  label: string;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Skeleton rows={4} label={`Loading ${label}`} />;
  if (query.isError || query.data === undefined) return <Problem error={query.error} onRetry={() => query.refetch()} />;
  return <>{children(query.data)}</>;
}

/** A chart's frame: a fixed height, the full width, and a name for assistive technology (the table beside it has the figures). */
function Chart({ label, children }: { label: string; children: ReactNode }) {
  return (
    <figure className="analytics-chart" aria-label={label}>
      <ResponsiveContainer width="100%" height={260}>
        {children as React.ReactElement}
      </ResponsiveContainer>
    </figure>
  );
}

function RangePicker({ range, onChange }: { range: Range; onChange: (range: Range) => void }) {
  const fromId = useId();
  const toId = useId();
  return (
    <form className="analytics-range" aria-label="Period" onSubmit={(e) => e.preventDefault()}>
      <label htmlFor={fromId}>From</label>
      <input
        id={fromId}
        type="date"
        value={range.from}
        max={range.to}
        onChange={(e) => e.target.value && onChange({ ...range, from: e.target.value })}
      />
      <label htmlFor={toId}>To</label>
      <input
        id={toId}
        type="date"
        value={range.to}
        min={range.from}
        onChange={(e) => e.target.value && onChange({ ...range, to: e.target.value })}
      />
      <fieldset className="analytics-presets">
        <legend className="visually-hidden">Presets</legend>
        {PRESETS.map((days) => {
          const preset = lastDays(days);
          const active = preset.from === range.from && preset.to === range.to;
          return (
            <button key={days} type="button" aria-pressed={active} onClick={() => onChange(preset)}>
              Last {days} days
            </button>
          );
        })}
      </fieldset>
    </form>
  );
}

function Dashboard({ range }: { range: Range }) {
  const query = useQuery({ queryKey: analyticsKeys.report("dashboard", range), queryFn: () => fetchDashboard(range) });
  return (
    <Panel title="Totals">
      <Loaded query={query} label="the totals">
        {(d) => (
          <dl className="analytics-figures">
            <Figure term="Revenue">{dollars(d.revenueCents)}</Figure>
            <Figure term="Orders paid">{count(d.ordersPaid)}</Figure>
            <Figure term="Tickets sold">{count(d.ticketsSold)}</Figure>
            <Figure term="Refunds">{`${count(d.refunds)} (${dollars(d.refundedCents)})`}</Figure>
            <Figure term="Occupancy">{percent(d.occupancy)}</Figure>
            <Figure term="Sign-ups">{count(d.signUps)}</Figure>
            <Figure term="Active users">{count(d.activeUsers)}</Figure>
            <Figure term="Page views">{count(d.pageViews)}</Figure>
            <Figure term="Title views">{count(d.titleViews)}</Figure>
            <Figure term="Searches">{count(d.searches)}</Figure>
            <Figure term="Plays started">{count(d.playsStarted)}</Figure>
            <Figure term="Plays completed">{count(d.playsCompleted)}</Figure>
          </dl>
        )}
      </Loaded>
    </Panel>
  );
}

function SalesPanel({ range }: { range: Range }) {
  const query = useQuery({ queryKey: analyticsKeys.report("sales", range), queryFn: () => fetchSales(range) });
  return (
    <Panel
      title="Sales"
      downloads={
        <>
          <CsvButton range={range} csv={{ report: "sales", table: "day" }} label="by day" />
          <CsvButton range={range} csv={{ report: "sales", table: "movie" }} label="by movie" />
          <CsvButton range={range} csv={{ report: "sales", table: "theater" }} label="by theater" />
        </>
      }
    >
      <Loaded query={query} label="sales">
        {(s) => (
          <>
            <p>
              {count(s.totals.orders)} orders, {count(s.totals.tickets)} tickets, {dollars(s.totals.revenueCents)}.
            </p>
            <Chart label="Revenue and tickets by day">
              <BarChart data={s.byDay.map((d) => ({ ...d, revenue: d.revenueCents / 100 }))}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="day" />
                <YAxis yAxisId="revenue" />
                <YAxis yAxisId="tickets" orientation="right" allowDecimals={false} />
                <Tooltip />
                <Legend />
                <Bar yAxisId="revenue" dataKey="revenue" name="Revenue (USD)" fill="#4f6bed" />
                <Bar yAxisId="tickets" dataKey="tickets" name="Tickets" fill="#e2a13b" />
              </BarChart>
            </Chart>
            <DataTable label="Sales by movie" caption="Sales by movie" columns={["Movie", "Orders", "Tickets", "Revenue"]}>
              {s.byMovie.length === 0 && (
                <tr>
                  <td colSpan={4}>No sales in this period.</td>
                </tr>
              )}
              {s.byMovie.map((m) => (
                <tr key={m.movieId}>
                  <td>{m.title}</td>
                  <td>{count(m.orders)}</td>
                  <td>{count(m.tickets)}</td>
                  <td>{dollars(m.revenueCents)}</td>
                </tr>
              ))}
            </DataTable>
            <DataTable label="Sales by theater" caption="Sales by theater" columns={["Theater", "Orders", "Tickets", "Revenue"]}>
              {s.byTheater.map((t) => (
                <tr key={t.theaterId}>
                  <td>{t.name}</td>
                  <td>{count(t.orders)}</td>
                  <td>{count(t.tickets)}</td>
                  <td>{dollars(t.revenueCents)}</td>
                </tr>
              ))}
            </DataTable>
          </>
        )}
      </Loaded>
    </Panel>
  );
}

function OccupancyPanel({ range }: { range: Range }) {
  const query = useQuery({ queryKey: analyticsKeys.report("occupancy", range), queryFn: () => fetchOccupancy(range) });
  return (
    <Panel
      title="Occupancy"
      downloads={
        <>
          <CsvButton range={range} csv={{ report: "occupancy", table: "showtime" }} label="by showtime" />
          <CsvButton range={range} csv={{ report: "occupancy", table: "theater" }} label="by theater" />
        </>
      }
    >
      <Loaded query={query} label="occupancy">
        {(o) => (
          <>
            <p>
              {count(o.totals.sold)} of {count(o.totals.seats)} seats sold over {count(o.totals.showtimes)} showtimes (
              {percent(o.totals.occupancy)}).
            </p>
            <Chart label="Occupancy by theater">
              <BarChart data={o.byTheater.map((t) => ({ name: t.name, occupancy: Math.round((t.occupancy ?? 0) * 1000) / 10 }))}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="name" />
                <YAxis unit=" %" domain={[0, 100]} />
                <Tooltip />
                <Bar dataKey="occupancy" name="Occupancy (%)" fill="#3aa57a" />
              </BarChart>
            </Chart>
            <DataTable
              label="Occupancy by showtime"
              caption="Occupancy by showtime"
              columns={["Starts", "Movie", "Theater", "Sold", "Seats", "Occupancy"]}
            >
              {o.byShowtime.length === 0 && (
                <tr>
                  <td colSpan={6}>No showtimes in this period.</td>
                </tr>
              )}
              {o.byShowtime.map((s) => (
                <tr key={s.showtimeId}>
                  <td>{when(s.startsAt)}</td>
                  <td>{s.movieTitle}</td>
                  <td>{s.theaterName}</td>
                  <td>{count(s.sold)}</td>
                  <td>{count(s.seats)}</td>
                  <td>{percent(s.occupancy)}</td>
                </tr>
              ))}
            </DataTable>
          </>
        )}
      </Loaded>
    </Panel>
  );
}

const stepNames = { browse: "Browsed", title: "Opened a title", play: "Started playing" } as const;

function FunnelPanel({ range }: { range: Range }) {
  const query = useQuery({ queryKey: analyticsKeys.report("funnel", range), queryFn: () => fetchFunnel(range) });
  return (
    <Panel
      title="Funnel: browse → title → play"
      downloads={<CsvButton range={range} csv={{ report: "funnel" }} label="funnel" />}
    >
      <Loaded query={query} label="the funnel">
        {(f) => (
          <>
            <Chart label="Visitors at each step of the funnel">
              <BarChart data={f.steps.map((s) => ({ step: stepNames[s.step], visitors: s.visitors }))} layout="vertical">
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis type="number" allowDecimals={false} />
                <YAxis type="category" dataKey="step" width={130} />
                <Tooltip />
                <Bar dataKey="visitors" name="Visitors" fill="#8a5cd1" />
              </BarChart>
            </Chart>
            <DataTable label="Funnel steps" caption="Funnel steps" columns={["Step", "Visitors", "From the step before"]}>
              {f.steps.map((s) => (
                <tr key={s.step}>
                  <td>{stepNames[s.step]}</td>
                  <td>{count(s.visitors)}</td>
                  <td>{percent(s.conversion)}</td>
                </tr>
              ))}
            </DataTable>
          </>
        )}
      </Loaded>
    </Panel>
  );
}

function ActiveUsersPanel({ range }: { range: Range }) {
  const query = useQuery({ queryKey: analyticsKeys.report("active-users", range), queryFn: () => fetchActiveUsers(range) });
  return (
    <Panel title="Active users" downloads={<CsvButton range={range} csv={{ report: "active-users" }} label="active users" />}>
      <Loaded query={query} label="active users">
        {(a) => (
          <>
            <dl className="analytics-figures">
              <Figure term={`DAU (${a.latest.day})`}>{count(a.latest.dau)}</Figure>
              <Figure term="WAU">{count(a.latest.wau)}</Figure>
              <Figure term="MAU">{count(a.latest.mau)}</Figure>
            </dl>
            <Chart label="Daily, weekly and monthly active users">
              <LineChart data={a.days}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="day" />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Legend />
                <Line type="monotone" dataKey="dau" name="DAU" stroke="#4f6bed" dot={false} />
                <Line type="monotone" dataKey="wau" name="WAU" stroke="#e2a13b" dot={false} />
                <Line type="monotone" dataKey="mau" name="MAU" stroke="#3aa57a" dot={false} />
              </LineChart>
            </Chart>
          </>
        )}
      </Loaded>
    </Panel>
  );
}

function RetentionPanel({ range }: { range: Range }) {
  const query = useQuery({ queryKey: analyticsKeys.report("retention", range), queryFn: () => fetchRetention(range) });
  return (
    <Panel
      title="Retention by sign-up week"
      downloads={<CsvButton range={range} csv={{ report: "retention" }} label="retention" />}
    >
      <Loaded query={query} label="retention">
        {(r) => {
          const weeks = Math.max(1, ...r.cohorts.map((c) => c.weeks.length));
          return (
            <DataTable
              label="Retention by sign-up week"
              caption="Share of each weekly sign-up cohort active in the weeks after"
              columns={["Week of", "Sign-ups", ...Array.from({ length: weeks }, (_, k) => `Week ${k}`)]}
            >
              {r.cohorts.length === 0 && (
                <tr>
                  <td colSpan={weeks + 2}>No sign-ups in this period.</td>
                </tr>
              )}
              {r.cohorts.map((c) => (
                <tr key={c.cohort}>
                  <td>{c.cohort}</td>
                  <td>{count(c.users)}</td>
                  {Array.from({ length: weeks }, (_, k) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: the week after sign-up is the column.
                    <td key={k}>{c.weeks[k] ? percent(c.weeks[k].rate) : ""}</td>
                  ))}
                </tr>
              ))}
            </DataTable>
          );
        }}
      </Loaded>
    </Panel>
  );
}

function SearchesPanel({ range }: { range: Range }) {
  const query = useQuery({ queryKey: analyticsKeys.report("searches", range), queryFn: () => fetchSearches(range) });
  return (
    <Panel
      title="Searches"
      downloads={
        <>
          <CsvButton range={range} csv={{ report: "searches", table: "top" }} label="top searches" />
          <CsvButton range={range} csv={{ report: "searches", table: "no_results" }} label="no results" />
        </>
      }
    >
      <Loaded query={query} label="searches">
        {(s) => (
          <div className="analytics-columns">
            <DataTable
              label="Top searches"
              caption={`Top searches (${count(s.total)} in all)`}
              columns={["Query", "Searches", "Average results"]}
            >
              {s.top.length === 0 && (
                <tr>
                  <td colSpan={3}>No searches in this period.</td>
                </tr>
              )}
              {s.top.map((q) => (
                <tr key={q.query}>
                  <td>{q.query}</td>
                  <td>{count(q.searches)}</td>
                  <td>{q.averageResults.toFixed(1)}</td>
                </tr>
              ))}
            </DataTable>
            <DataTable label="Searches with no results" caption="Searches with no results" columns={["Query", "Searches"]}>
              {s.noResults.length === 0 && (
                <tr>
                  <td colSpan={2}>Every search found something.</td>
                </tr>
              )}
              {s.noResults.map((q) => (
                <tr key={q.query}>
                  <td>{q.query}</td>
                  <td>{count(q.searches)}</td>
                </tr>
              ))}
            </DataTable>
          </div>
        )}
      </Loaded>
    </Panel>
  );
}

/** `/staff/analytics` (admins and managers): the business over a period, with charts and CSV downloads. */
export default function AnalyticsSection() {
  const [range, setRange] = useState<Range>(() => lastDays(30));
  return (
    <div className="analytics">
      <h1>Analytics</h1>
      <p className="hint">UTC days, both ends included. Sales and occupancy come from the box office's own records.</p>
      <RangePicker range={range} onChange={setRange} />
      <Dashboard range={range} />
      <SalesPanel range={range} />
      <OccupancyPanel range={range} />
      <FunnelPanel range={range} />
      <ActiveUsersPanel range={range} />
      <RetentionPanel range={range} />
      <SearchesPanel range={range} />
    </div>
  );
}
