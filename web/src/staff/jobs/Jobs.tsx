import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { Problem, Skeleton } from "../../components/Problem";
import { when } from "../../lib/format";
import { targetLabel } from "../../media/queries";
import { DataTable } from "../DataTable";
import { AdminsOnly } from "../users/AdminsOnly";
import { fetchJobs, filters, isActive, jobKeys, retryJob, type StaffJob, statusLabel } from "./queries";
import "./jobs.css";

/** How often the list is read again while a job shown is queued or running. */
const REFRESH_MS = 3_000;

function JobStatus({ job }: { job: StaffJob }) {
  return (
    <>
      <span className={`job-status job-${job.status}`}>{statusLabel[job.status]}</span>
      {job.waitingFor === "transcoder" && (
        <p className="job-waiting">Waiting for the transcoder: it is unavailable, and the job will start when it returns.</p>
      )}
      {job.status === "processing" && (
        <span className="job-progress">
          <progress
            max={100}
            value={job.progress}
            aria-label={`Progress of the ${targetLabel[job.target]} conversion of ${job.media.title}`}
          />
          <span>{job.progress} %</span>
        </span>
      )}
      {job.status === "failed" && job.error && <p className="job-error">{job.error}</p>}
    </>
  );
}

/** Retry for a failed job: the API queues a new job (202) and the list shows it. */
function RetryButton({ job, onDone }: { job: StaffJob; onDone: (message: string) => void }) {
  const queryClient = useQueryClient();
  const retry = useMutation({
    mutationFn: () => retryJob(job.id),
    onMutate: () => onDone(""),
    onSuccess: async (fresh) => {
      onDone(
        `Queued a new ${targetLabel[fresh.target]} conversion of ${job.media.title} (${statusLabel[fresh.status].toLowerCase()}).`,
      );
      await queryClient.invalidateQueries({ queryKey: jobKeys.all });
    },
  });
  return (
    <>
      <button
        type="button"
        onClick={() => retry.mutate()}
        disabled={retry.isPending}
        aria-label={`Retry the ${targetLabel[job.target]} conversion of ${job.media.title}`}
      >
        {retry.isPending ? "Retrying…" : "Retry"}
      </button>
      {retry.isError && <Problem error={retry.error} />}
    </>
  );
}

function JobList() {
  const id = useId();
  const [params, setParams] = useSearchParams();
  const status = filters.find((f) => f.value === params.get("status"))?.value ?? "";
  const [said, setSaid] = useState("");
  const jobs = useInfiniteQuery({
    queryKey: jobKeys.list(status),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => fetchJobs(status, pageParam),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data?.pages.some((page) => page.items.some(isActive)) ? REFRESH_MS : false),
  });
  const items = jobs.data?.pages.flatMap((page) => page.items) ?? [];
  const live = items.some(isActive);

  return (
    <>
      <h1>Media jobs</h1>
      <p className="hint">Conversions across every account, newest first.</p>
      <div className="jobs-toolbar">
        <div className="field">
          <label htmlFor={`${id}-status`}>Status</label>
          <select
            id={`${id}-status`}
            value={status}
            onChange={(event) => {
              setSaid("");
              setParams(event.target.value ? { status: event.target.value } : {}, { replace: true });
            }}
          >
            {filters.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </div>
        <button type="button" onClick={() => void jobs.refetch()} disabled={jobs.isFetching}>
          {jobs.isFetching && !jobs.isFetchingNextPage ? "Refreshing…" : "Refresh"}
        </button>
      </div>
      <p role="status" className="jobs-status">
        {said}
      </p>
      <h2 id={`${id}-h`}>{status ? `${filters.find((f) => f.value === status)?.label} jobs` : "All jobs"}</h2>
      {live && <p className="hint">Updates every few seconds while a job is queued or running.</p>}
      {jobs.isPending ? (
        <Skeleton rows={5} label="Loading jobs" />
      ) : items.length === 0 && !jobs.isError ? (
        <p className="hint">No job {status ? `is ${status}` : "yet"}.</p>
      ) : items.length > 0 ? (
        <DataTable
          labelledBy={`${id}-h`}
          busy={jobs.isFetching && !jobs.isFetchingNextPage}
          className="jobs-table"
          columns={[
            "Media",
            "Owner",
            "Conversion",
            "Status",
            "When",
            <span key="actions" className="visually-hidden">
              Actions
            </span>,
          ]}
        >
          {items.map((job) => (
            <tr key={job.id}>
              <th scope="row">
                <Link to={`/media/${job.media.id}`}>{job.media.title}</Link>
              </th>
              <td>
                <Link to={`/staff/users/${job.owner.id}`}>@{job.owner.username}</Link>
              </td>
              <td>{targetLabel[job.target]}</td>
              <td>
                <JobStatus job={job} />
              </td>
              <td className="job-times">
                <span>
                  Created <time dateTime={job.createdAt}>{when(job.createdAt)}</time>
                </span>
                <span>
                  {job.status === "done" || job.status === "failed" ? (
                    <>
                      Finished <time dateTime={job.updatedAt}>{when(job.updatedAt)}</time>
                    </>
                  ) : (
                    <span className="hint">Not finished</span>
                  )}
                </span>
              </td>
              <td>{job.status === "failed" && <RetryButton job={job} onDone={setSaid} />}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      {jobs.isError && (
        <Problem error={jobs.error} onRetry={() => void (jobs.isFetchNextPageError ? jobs.fetchNextPage() : jobs.refetch())} />
      )}
      {jobs.hasNextPage && !jobs.isFetchNextPageError && (
        <button type="button" className="more-jobs" onClick={() => void jobs.fetchNextPage()} disabled={jobs.isFetchingNextPage}>
          {jobs.isFetchingNextPage ? "Loading more…" : "Show more jobs"}
        </button>
      )}
    </>
  );
}

/** `/staff/jobs` (admins): queued, running, done and failed conversions of every account; retry a failed one. */
export default function Jobs() {
  return (
    <AdminsOnly heading="Media jobs">
      <JobList />
    </AdminsOnly>
  );
}
