import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { Problem, Skeleton } from "../../components/Problem";
import { bytes, when } from "../../lib/format";
import { DataTable } from "../DataTable";
import { type Breaker, fetchSummary, opsKeys } from "./queries";

/** The summary is read again this often while the pane is open. */
const REFRESH_MS = 10_000;

const breakerLabels: Record<Breaker["state"], string> = { closed: "Closed", open: "Open", half_open: "Half-open" };
const breakerNames: Record<Breaker["name"], string> = { transcoder: "Transcoder", email: "Email delivery" };

/** 93784 → "1 d 2 h 3 min": an uptime. */
function uptime(seconds: number) {
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const parts = [d && `${d} d`, h && `${h} h`, `${m} min`].filter(Boolean);
  return seconds < 60 ? `${Math.floor(seconds)} s` : parts.join(" ");
}

const percent = (share: number) => `${(share * 100).toFixed(share > 0 && share < 0.01 ? 2 : 1)} %`;
const ms = (value: number | null) => (value === null ? "—" : `${Math.round(value)} ms`);
/** A figure, or "unknown" when the platform could not tell (a queue that reports no backlog). */
const count = (value: number | null) => (value === null ? "unknown" : value.toLocaleString());

function Card({ title, children }: { title: string; children: React.ReactNode }) {
  const id = useId();
  return (
    <section className="ops-card staff-panel" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      <dl>{children}</dl>
    </section>
  );
}

function Item({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** `/staff/operations/summary`: the system at a glance, read again every ten seconds. */
export function Summary() {
  const id = useId();
  const summary = useQuery({ queryKey: opsKeys.summary, queryFn: fetchSummary, refetchInterval: REFRESH_MS, staleTime: 0 });

  if (summary.isPending) return <Skeleton rows={8} label="Loading the system summary" />;
  if (summary.isError && !summary.data) return <Problem error={summary.error} onRetry={() => summary.refetch()} />;
  const s = summary.data;
  return (
    <>
      <div className="ops-heading">
        <h2>Summary</h2>
        <p className="hint">
          As of <time dateTime={s.generatedAt}>{when(s.generatedAt)}</time>; refreshed every {REFRESH_MS / 1000} seconds.
        </p>
        <button type="button" onClick={() => summary.refetch()} disabled={summary.isFetching}>
          {summary.isFetching ? "Refreshing…" : "Refresh now"}
        </button>
      </div>
      {summary.isError && <Problem error={summary.error} />}
      <div className="ops-cards">
        <Card title={`Requests (last ${Math.round(s.requests.windowSeconds / 60)} minutes)`}>
          <Item term="Requests">{count(s.requests.total)}</Item>
          <Item term="Per second">{s.requests.perSecond.toFixed(2)}</Item>
          <Item term="Server errors (5xx)">{count(s.requests.errors5xx)}</Item>
          <Item term="Error rate">{percent(s.requests.errorRate)}</Item>
          <Item term="p95 latency">{ms(s.requests.p95Ms)}</Item>
        </Card>
        <Card title="Transcode queue">
          <Item term="Queue depth">{count(s.queue.depth)}</Item>
          <Item term="Oldest message">
            {s.queue.oldestMessageAgeSeconds === null ? "—" : uptime(s.queue.oldestMessageAgeSeconds)}
          </Item>
        </Card>
        <Card title="Transcoder">
          <Item term="Status">
            <span className={`ops-state ops-${s.transcoder.status}`}>{s.transcoder.status === "up" ? "Up" : "Down"}</span>
          </Item>
          <Item term="Latency">{ms(s.transcoder.latencyMs)}</Item>
          <Item term="Jobs running">{count(s.transcoder.jobsRunning)}</Item>
          <Item term="Jobs queued">{count(s.transcoder.jobsQueued)}</Item>
          <Item term="Waiting for the transcoder">{count(s.transcoder.jobsWaiting)}</Item>
        </Card>
        <Card title="People">
          <Item term="Active sessions (15 min)">{count(s.sessions.activeEstimate)}</Item>
          <Item term="Accounts">{count(s.users.total)}</Item>
          <Item term="Open WebSockets">{count(s.websockets.open)}</Item>
        </Card>
        <Card title="Storage">
          <Item term="Used">{bytes(s.storage.bytes)}</Item>
          <Item term="Objects">{count(s.storage.objects)}</Item>
        </Card>
        <Card title="Deployment">
          <Item term="Version">{s.deployment.versionId ?? "local"}</Item>
          <Item term="Deployed">{s.deployment.deployedAt ? when(s.deployment.deployedAt) : "—"}</Item>
          <Item term="Uptime">{uptime(s.deployment.uptimeSeconds)}</Item>
        </Card>
      </div>
      <h3 id={`${id}-breakers`}>Circuit breakers</h3>
      <DataTable
        labelledBy={`${id}-breakers`}
        columns={["Breaker", "State", "Failures", "Opened", "Retry at"]}
        className="ops-breakers"
      >
        {s.breakers.map((breaker) => (
          <tr key={breaker.name}>
            <th scope="row">{breakerNames[breaker.name] ?? breaker.name}</th>
            <td>
              <span className={`ops-state ops-${breaker.state}`}>{breakerLabels[breaker.state]}</span>
            </td>
            <td className="num">{count(breaker.failures)}</td>
            <td>{breaker.openedAt ? <time dateTime={breaker.openedAt}>{when(breaker.openedAt)}</time> : "—"}</td>
            <td>{breaker.retryAt ? <time dateTime={breaker.retryAt}>{when(breaker.retryAt)}</time> : "—"}</td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}
