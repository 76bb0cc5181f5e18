import { api } from "../../api/client";
import { type OkBody, ok } from "../../api/problem";

export type JobFilter = "" | "queued" | "running" | "done" | "failed";

export const filters: { value: JobFilter; label: string }[] = [
  { value: "", label: "Every status" },
  { value: "queued", label: "Queued" },
  { value: "running", label: "Running" },
  { value: "done", label: "Done" },
  { value: "failed", label: "Failed" },
];

const PAGE = "25";

const listCall = (status: JobFilter, cursor?: string) =>
  api.jobs.$get({ query: { limit: PAGE, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) } });
export type JobsPage = OkBody<Awaited<ReturnType<typeof listCall>>>;
export type StaffJob = JobsPage["items"][number];

/** Query keys: every list under ["jobs", "all"], beside the per-job ["jobs", id] the media pages use. */
export const jobKeys = {
  all: ["jobs", "all"] as const,
  list: (status: JobFilter) => ["jobs", "all", status] as const,
};

export const fetchJobs = (status: JobFilter, cursor?: string) => ok(listCall(status, cursor));
export const retryJob = (id: string) => ok(api.jobs[":id"].retry.$post({ param: { id } }));

/** Still moving: the list refreshes on its own while any job shown is. */
export const isActive = (job: Pick<StaffJob, "status">) => job.status === "queued" || job.status === "processing";

export const statusLabel: Record<StaffJob["status"], string> = {
  queued: "Queued",
  processing: "Running",
  done: "Done",
  failed: "Failed",
};
